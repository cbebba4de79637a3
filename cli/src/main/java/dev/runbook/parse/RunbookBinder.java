package dev.runbook.parse;

import dev.runbook.model.Confirm;
import dev.runbook.model.Durations;
import dev.runbook.model.Located;
import dev.runbook.model.Location;
import dev.runbook.model.Mbco;
import dev.runbook.model.Node;
import dev.runbook.model.Objectives;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Problem;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.model.Undo;
import dev.runbook.util.Regex;
import dev.runbook.util.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds the YAML tree of a runbook to the model, adding every structural problem to a list and going on after each
 * one: a bad part is dropped (or replaced by its default) so that the rest is still bound and checked in the same
 * pass. Problems sit on the key for unknown fields and on the value for wrong values.
 *
 * <p>Two small extensions of the format are accepted here: {@code needs: some-id} (a single string) means
 * {@code needs: [some-id]}, and {@code if:}/{@code check:} may be a plain boolean, kept as {@code ${{ true }}} or
 * {@code ${{ false }}}. Step ids and {@code needs} entries written as plain integers are read as their digits.
 */
final class RunbookBinder {
    static final Pattern RUNBOOK_NAME = Pattern.compile("[a-z0-9-]{3,63}");
    static final Pattern STEP_ID = Pattern.compile("[a-z0-9-]{1,63}");
    static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

    static final List<String> TOP_FIELDS =
            List.of("runbook", "name", "title", "description", "objectives", "on-failure", "parameters", "steps",
                    "approvals", "cleanup");
    static final List<String> APPROVALS_FIELDS = List.of("allowed-signers");
    static final List<String> PARAMETER_FIELDS =
            List.of("type", "required", "default", "pattern", "allowed", "secret", "description");
    static final List<String> STEP_FIELDS = List.of("id", "title", "action", "with", "needs", "if", "check", "confirm",
            "timeout", "retry", "on-failure", "undo", "instructions", "outputs", "phase");
    static final List<String> CONFIRM_FIELDS = List.of("type", "approvers", "from");
    static final List<String> RETRY_FIELDS = List.of("attempts", "delay", "backoff", "max-delay");
    static final List<String> UNDO_FIELDS = List.of("action", "with");
    static final List<String> OBJECTIVES_FIELDS = List.of("rto", "rpo", "rpo-from", "mtpd", "mbco",
            "success-alarms");
    static final List<String> MBCO_FIELDS = List.of("level", "step", "alarm");

    private static final List<String> YAML11_BOOLEANS = List.of("yes", "no", "on", "off", "y", "n");
    private static final List<String> PARAM_TYPES = yamlNames(ParamType.values());
    private static final List<String> ON_FAILURE = yamlNames(OnFailure.values());
    private static final List<String> PHASES = yamlNames(Phase.values());

    private final String file;
    private final List<Problem> problems;

    RunbookBinder(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The runbook with its bad parts dropped; never null. */
    Runbook bind(Node.Mapping top) {
        unknownFields(top, TOP_FIELDS);
        int version = version(top);
        String name = null;
        Located<String> n = requiredText(top, "name", "the runbook's name");
        if (n != null) {
            name = n.value();
            if (!RUNBOOK_NAME.matcher(name).matches()) {
                error(n.location(), "name '" + name + "' must be 3 to 63 lowercase letters, digits and hyphens");
            }
        }
        String title = text(top, "title");
        String description = text(top, "description");
        Objectives objectives = objectives(top.get("objectives"));
        Map<String, Parameter> parameters = parameters(top.get("parameters"));
        OnFailure defaultOnFailure = onFailure(top.get("on-failure"), OnFailure.ABORT);
        List<Step> steps = steps(top, defaultOnFailure);
        Located<String> allowedSigners = approvals(top.get("approvals"));
        List<Step> cleanup = cleanup(top.get("cleanup"));
        return new Runbook(file, top.location(), version, name, title, description, objectives, parameters, steps,
                allowedSigners, cleanup);
    }

    /** {@code approvals: { allowed-signers: FILE }}: the file, or null. */
    private Located<String> approvals(Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'approvals' must be a mapping such as { allowed-signers: allowed_signers },"
                    + " found " + describe(node));
            return null;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, APPROVALS_FIELDS);
        Node f = m.get("allowed-signers");
        if (f == null) {
            return null;
        }
        Located<String> path = identifier(f, "'allowed-signers'", "the path of an SSH allowed-signers file");
        if (path != null && path.value().isBlank()) {
            error(path.location(), "'allowed-signers' is empty; give the path of an SSH allowed-signers file");
            return null;
        }
        return path;
    }

    private int version(Node.Mapping top) {
        Node v = top.get("runbook");
        if (v == null) {
            error(top.location(), "missing required field 'runbook' (the format version: `runbook: 1`)");
            return 0;
        }
        Long value = wholeNumber(scalarValue(v));
        if (value != null) {
            long version = value;
            if (version != 1) {
                error(v.location(), "unsupported format version " + version + "; this runbook tool reads version 1");
            }
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, version));
        }
        error(v.location(), "'runbook' must be the format version 1, found " + describe(v));
        return 0;
    }

    private Objectives objectives(Node node) {
        if (node == null || isNull(node)) {
            return Objectives.NONE;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'objectives' must be a mapping such as { rto: 15m, rpo: 0s }, found "
                    + describe(node));
            return Objectives.NONE;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, OBJECTIVES_FIELDS);
        return new Objectives(m.location(), duration(m, "rto"), duration(m, "rpo"), expression(m, "rpo-from"),
                duration(m, "mtpd"), mbco(m.get("mbco")), alarmNames(m.get("success-alarms")));
    }

    /** {@code mbco: {level: TEXT, step: ID}} or {@code {level: TEXT, alarm: NAME}}. */
    private Mbco mbco(Node node) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'mbco' must be a mapping such as { level: \"checkout at 50% capacity\", step: "
                    + "check-checkout }, found " + describe(node));
            return null;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, MBCO_FIELDS);
        Located<String> level = requiredText(m, "level", "the minimum level of service, as a text for the report");
        Located<String> step = m.has("step") ? identifier(m.get("step"), "'step'", "a step id") : null;
        Located<String> alarm = locatedText(m, "alarm", "a CloudWatch alarm name");
        if (m.has("step") == m.has("alarm")) {
            error(m.location(), "'mbco' needs exactly one of 'step' (a step that checks the level) and 'alarm' (a "
                    + "CloudWatch alarm that watches it)");
        }
        return new Mbco(m.location(), level == null ? null : level.value(), step, alarm);
    }

    /** {@code success-alarms: [NAME, ...]}: a list of CloudWatch alarm names, each at most once. */
    private List<Located<String>> alarmNames(Node node) {
        List<Located<String>> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (scalarValue(node) instanceof String && !((String) scalarValue(node)).isBlank()) {
            // one alarm, as 'needs' takes one step
            out.add(new Located<>((String) scalarValue(node), node.location()));
            return out;
        }
        if (!(node instanceof Node.Sequence)) {
            error(node.location(), "'success-alarms' must be a list of CloudWatch alarm names, found "
                    + describe(node));
            return out;
        }
        for (Node item : ((Node.Sequence) node).items()) {
            Object v = scalarValue(item);
            if (!(v instanceof String) || ((String) v).isBlank()) {
                error(item.location(), "each entry of 'success-alarms' must be an alarm name, found " + describe(item));
            } else if (out.stream().anyMatch(a -> a.value().equals(v))) {
                error(item.location(), "alarm '" + v + "' is listed twice in 'success-alarms'");
            } else {
                out.add(new Located<>((String) v, item.location()));
            }
        }
        return out;
    }

    private Map<String, Parameter> parameters(Node node) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'parameters' must be a mapping of parameter names to their attributes, found "
                    + describe(node));
            return out;
        }
        for (Node.Entry e : ((Node.Mapping) node).entries()) {
            Parameter p = parameter(e);
            if (p != null) {
                out.put(p.name(), p);
            }
        }
        return out;
    }

    private Parameter parameter(Node.Entry entry) {
        String name = entry.key();
        if (!PARAMETER_NAME.matcher(name).matches()) {
            error(entry.keyLocation(), "parameter name '" + name + "' must be letters and digits starting with a"
                    + " letter (camelCase), as expressions reach it as params." + name);
        }
        Node node = entry.value();
        if (isNull(node)) {
            return new Parameter(entry.keyLocation(), name, ParamType.STRING, false, null, null, List.of(), false, null);
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "parameter '" + name + "' must be a mapping of its attributes such as"
                    + " { type: string, required: true }, found " + describe(node));
            return null;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, PARAMETER_FIELDS);
        ParamType type = ParamType.STRING;
        Located<String> typeName = locatedText(m, "type", "a parameter type");
        if (typeName != null) {
            ParamType t = ParamType.fromYaml(typeName.value());
            if (t == null) {
                error(typeName.location(), "unknown parameter type '" + typeName.value() + "'"
                        + didYouMean(typeName.value(), PARAM_TYPES), "one of " + String.join(", ", PARAM_TYPES));
            } else {
                type = t;
            }
        }
        boolean required = bool(m, "required", false);
        boolean secret = bool(m, "secret", false);
        String description = text(m, "description");
        Node defaultValue = m.get("default");
        String pattern = pattern(m);
        List<Object> allowed = allowed(m);
        if (type == ParamType.ENUM && !m.has("allowed") && typeName != null) {
            error(typeName.location(), "parameter '" + name + "' of type enum needs 'allowed', the list of accepted"
                    + " values");
        }
        return new Parameter(entry.keyLocation(), name, type, required, defaultValue, pattern, allowed, secret,
                description);
    }

    private String pattern(Node.Mapping m) {
        Located<String> p = locatedText(m, "pattern", "a regular expression");
        if (p == null) {
            return null;
        }
        String problem = Regex.problem(p.value());
        if (problem != null) {
            error(p.location(), "'pattern': " + problem);
            return null;
        }
        return p.value();
    }

    private List<Object> allowed(Node.Mapping m) {
        Node node = m.get("allowed");
        List<Object> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Node.Sequence)) {
            error(node.location(), "'allowed' must be a list of values, found " + describe(node));
            return out;
        }
        if (((Node.Sequence) node).items().isEmpty()) {
            error(node.location(), "'allowed' is empty; list at least one accepted value");
        }
        for (Node item : ((Node.Sequence) node).items()) {
            if (item instanceof Node.Scalar && ((Node.Scalar) item).value() != null) {
                out.add(((Node.Scalar) item).value());
            } else {
                error(item.location(), "each entry of 'allowed' must be a single value, found " + describe(item));
            }
        }
        return out;
    }

    /** The steps; {@code defaultOnFailure} (the top-level {@code on-failure:}) for each step without its own. */
    private List<Step> steps(Node.Mapping top, OnFailure defaultOnFailure) {
        List<Step> out = new ArrayList<>();
        Node node = top.get("steps");
        if (node == null) {
            error(top.location(), "missing required field 'steps' (the list of steps)");
            return out;
        }
        if (!(node instanceof Node.Sequence)) {
            error(node.location(), "'steps' must be a list of steps, found " + describe(node));
            return out;
        }
        List<Node> items = ((Node.Sequence) node).items();
        if (items.isEmpty()) {
            error(node.location(), "'steps' is empty; a runbook needs at least one step");
        }
        for (Node item : items) {
            Step s = step(item, defaultOnFailure);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * {@code cleanup:} (an extension): steps in the step format, run at the end of a real run whatever happened. Their
     * {@code on-failure} defaults to {@code abort} (the clean-up stops), whatever the top-level default;
     * {@code rollback} is refused by the checks.
     */
    private List<Step> cleanup(Node node) {
        List<Step> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof Node.Sequence)) {
            error(node.location(), "'cleanup' must be a list of steps, found " + describe(node));
            return out;
        }
        for (Node item : ((Node.Sequence) node).items()) {
            Step s = step(item, OnFailure.ABORT);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private Step step(Node node, OnFailure defaultOnFailure) {
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "each step must be a mapping with id: and action:, found " + describe(node));
            return null;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, STEP_FIELDS);
        Located<String> id = identifier(m.get("id"), "'id'", "a step id");
        if (id != null && !STEP_ID.matcher(id.value()).matches()) {
            error(id.location(), "step id '" + id.value() + "' must be 1 to 63 lowercase letters, digits and hyphens");
        }
        if (!m.has("id")) {
            error(m.location(), "the step is missing required field 'id'");
        }
        String title = text(m, "title");
        Located<String> action = locatedText(m, "action", "an action name");
        if (!m.has("action")) {
            error(m.location(), "step " + (id == null ? "" : "'" + id.value() + "' ")
                    + "is missing required field 'action'");
        }
        emptyAction(action);
        Node.Mapping with = mapping(m, "with", "the action's inputs");
        List<Located<String>> needs = needs(m.get("needs"));
        Located<String> condition = expression(m, "if");
        Located<String> check = expression(m, "check");
        Confirm confirm = confirm(m.get("confirm"));
        Located<String> timeout = timeout(m.get("timeout"));
        Retry retry = retry(m.get("retry"));
        OnFailure onFailure = onFailure(m.get("on-failure"), defaultOnFailure);
        Undo undo = undo(m.get("undo"));
        String instructions = text(m, "instructions");
        Node.Mapping outputs = mapping(m, "outputs", "output names to values");
        for (Node.Entry e : outputs.entries()) {
            if (!PARAMETER_NAME.matcher(e.key()).matches()) {
                error(e.keyLocation(), "output name '" + e.key() + "' must be letters and digits starting with a letter"
                        + " (camelCase), as expressions reach it as steps." + (id == null ? "ID" : id.value())
                        + ".outputs." + e.key());
            }
        }
        Phase phase = phase(m.get("phase"));
        if (id == null || action == null) {
            return null;
        }
        return new Step(m.location(), id, title, action, with, needs, condition, check, confirm, timeout, retry,
                onFailure, undo, instructions, outputs, phase);
    }

    private List<Located<String>> needs(Node node) {
        if (node == null) {
            return null;
        }
        String single = identifierText(node);
        if (single != null) {
            return List.of(new Located<>(single, node.location()));
        }
        if (!(node instanceof Node.Sequence)) {
            error(node.location(), "'needs' must be a list of step ids, found " + describe(node));
            return null;
        }
        List<Located<String>> out = new ArrayList<>();
        for (Node item : ((Node.Sequence) node).items()) {
            Located<String> id = identifier(item, "each entry of 'needs'", "a step id");
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }

    private Confirm confirm(Node node) {
        if (node == null) {
            return Confirm.NONE;
        }
        Object value = scalarValue(node);
        if (value instanceof Boolean) {
            return (Boolean) value ? new Confirm.YesNo(node.location()) : Confirm.NONE;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'confirm' must be true, false, { type: VALUE } or { approvers: N }, found "
                    + describe(node));
            return Confirm.NONE;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, CONFIRM_FIELDS);
        boolean hasType = m.has("type");
        boolean hasApprovers = m.has("approvers");
        if (hasType && m.has("from")) {
            error(m.get("from").location(), "'from' names who may approve: it goes with 'approvers', not 'type'");
        }
        if (hasType == hasApprovers) {
            error(m.location(), "'confirm' takes exactly one of 'type' (a value to type) or 'approvers' (a number"
                    + " of people)");
            return Confirm.NONE;
        }
        if (hasType) {
            Located<String> typed = identifier(m.get("type"), "'type'", "the value the operator must type");
            if (typed != null && typed.value().isEmpty()) {
                error(typed.location(), "'type' is empty; give the value the operator must type");
                return Confirm.NONE;
            }
            return typed == null ? Confirm.NONE : new Confirm.Typed(m.location(), typed);
        }
        Node approvers = m.get("approvers");
        Long n = wholeNumber(scalarValue(approvers));
        if (n == null || n < 2 || n > Integer.MAX_VALUE) {
            error(approvers.location(), "'approvers' must be a whole number of at least 2, found "
                    + quote(approvers));
            return Confirm.NONE;
        }
        return new Confirm.Approvers(m.location(), (int) (long) n, approverPatterns(m.get("from")));
    }

    /** {@code from: [patterns]}: non-empty text patterns, a single one may be given without the list. */
    private List<String> approverPatterns(Node node) {
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        List<Node> items = node instanceof Node.Sequence ? ((Node.Sequence) node).items() : List.of(node);
        for (Node item : items) {
            Object v = scalarValue(item);
            if (!(v instanceof String) || ((String) v).isBlank()) {
                error(item.location(), "each entry of 'from' must be a pattern of SSH principals or AWS ARNs such as"
                        + " 'arn:aws:iam::*:role/dr-approver' or '*@example.com', found " + describe(item));
                continue;
            }
            out.add((String) v);
        }
        return out;
    }

    private Located<String> timeout(Node node) {
        if (node == null) {
            return null;
        }
        Object value = scalarValue(node);
        if (!(value instanceof String)) {
            error(node.location(), "'timeout' must be a duration such as 90s or 15m, or an expression, found "
                    + describe(node), value instanceof Long ? "write " + value + "s for " + value + " seconds" : null);
            return null;
        }
        String s = (String) value;
        if (!s.contains("${{") && !Durations.isDuration(s)) {
            error(node.location(), "'timeout' " + durationError(s));
            return null;
        }
        return new Located<>(s, node.location());
    }

    private Retry retry(Node node) {
        if (node == null) {
            return Retry.NONE;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'retry' must be a mapping such as { attempts: 3, delay: 5s }, found "
                    + describe(node), scalarValue(node) instanceof Long
                    ? "write retry: { attempts: " + scalarValue(node) + " }" : null);
            return Retry.NONE;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, RETRY_FIELDS);
        int attempts = 1;
        Node a = m.get("attempts");
        if (a == null) {
            problems.add(Problem.warning(m.location(), "'retry' without 'attempts' tries the step only once"));
        } else {
            Long v = wholeNumber(scalarValue(a));
            if (v != null && v >= 1 && v <= Integer.MAX_VALUE) {
                attempts = (int) (long) v;
            } else {
                error(a.location(), "'attempts' must be a whole number of at least 1, found " + quote(a));
            }
        }
        Duration delay = duration(m, "delay");
        Duration maxDelay = duration(m, "max-delay");
        double backoff = 1.0;
        Node b = m.get("backoff");
        if (b != null) {
            Object v = scalarValue(b);
            if (v instanceof Number && ((Number) v).doubleValue() >= 1.0
                    && !Double.isInfinite(((Number) v).doubleValue())) {
                backoff = ((Number) v).doubleValue();
            } else {
                error(b.location(), "'backoff' must be a number of at least 1 (the factor between waits), found "
                        + quote(b));
            }
        }
        return new Retry(m.location(), attempts, delay == null ? Duration.ZERO : delay, backoff,
                maxDelay == null ? Duration.ZERO : maxDelay);
    }

    private OnFailure onFailure(Node node, OnFailure fallback) {
        if (node == null) {
            return fallback;
        }
        Object value = scalarValue(node);
        OnFailure f = value instanceof String ? OnFailure.fromYaml((String) value) : null;
        if (f == null) {
            error(node.location(), "'on-failure' must be abort, continue or rollback, found " + quote(node)
                    + (value instanceof String ? didYouMean((String) value, ON_FAILURE) : ""));
            return fallback;
        }
        return f;
    }

    private Phase phase(Node node) {
        if (node == null) {
            return null;
        }
        Object value = scalarValue(node);
        Phase p = value instanceof String ? Phase.fromYaml((String) value) : null;
        if (p == null) {
            error(node.location(), "'phase' must be detect, decide, recover or verify, found " + quote(node)
                    + (value instanceof String ? didYouMean((String) value, PHASES) : ""));
        }
        return p;
    }

    private Undo undo(Node node) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'undo' must be a mapping with action: and with:, found " + describe(node));
            return null;
        }
        Node.Mapping m = (Node.Mapping) node;
        unknownFields(m, UNDO_FIELDS);
        Located<String> action = locatedText(m, "action", "an action name");
        if (!m.has("action")) {
            error(m.location(), "'undo' is missing required field 'action'");
        }
        emptyAction(action);
        Node.Mapping with = mapping(m, "with", "the action's inputs");
        return action == null ? null : new Undo(m.location(), action, with);
    }

    private void emptyAction(Located<String> action) {
        if (action != null && action.value().isEmpty()) {
            error(action.location(), "'action' is empty; name an action", "runbook actions lists the actions available");
        }
    }

    private void unknownFields(Node.Mapping m, List<String> known) {
        for (Node.Entry e : m.entries()) {
            if (!known.contains(e.key())) {
                Optional<String> guess = Suggestions.closest(e.key(), known);
                if (guess.isPresent()) {
                    error(e.keyLocation(), "unknown field '" + e.key() + "', did you mean '" + guess.get() + "'?");
                } else {
                    error(e.keyLocation(), "unknown field '" + e.key() + "'", "expected one of: "
                            + String.join(", ", known));
                }
            }
        }
    }

    /** A mapping-valued field: absent or empty gives an empty mapping at the parent's or the value's location. */
    private Node.Mapping mapping(Node.Mapping m, String key, String what) {
        Node node = m.get(key);
        if (node == null) {
            return Node.Mapping.empty(m.location());
        }
        if (isNull(node)) {
            return Node.Mapping.empty(node.location());
        }
        if (!(node instanceof Node.Mapping)) {
            error(node.location(), "'" + key + "' must be a mapping of " + what + ", found " + describe(node));
            return Node.Mapping.empty(node.location());
        }
        return (Node.Mapping) node;
    }

    private Duration duration(Node.Mapping m, String key) {
        Node node = m.get(key);
        if (node == null) {
            return null;
        }
        Object value = scalarValue(node);
        if (!(value instanceof String)) {
            error(node.location(), "'" + key + "' must be a duration such as 90s, 15m or 1h30m, found "
                    + describe(node), value instanceof Long ? "write " + value + "s for " + value + " seconds" : null);
            return null;
        }
        try {
            return Durations.parse((String) value);
        } catch (IllegalArgumentException e) {
            error(node.location(), "'" + key + "' " + durationError((String) value));
            return null;
        }
    }

    private static String durationError(String value) {
        if (Durations.isOutOfRange(value)) {
            return "is out of range: '" + value + "' (a duration is at most 36500d, about 100 years)";
        }
        return "is not a duration: '" + value + "' (expected e.g. 90s, 15m, 4h, 1h30m or PT15M)";
    }

    /** An expression field ({@code if}, {@code check}, {@code rpo-from}): a string, or a boolean kept as one. */
    private Located<String> expression(Node.Mapping m, String key) {
        Node node = m.get(key);
        if (node == null) {
            return null;
        }
        Object value = scalarValue(node);
        if (value instanceof Boolean) {
            return new Located<>("${{ " + value + " }}", node.location());
        }
        if (!(value instanceof String)) {
            error(node.location(), "'" + key + "' must be an expression string such as '${{ ... }}', found "
                    + describe(node));
            return null;
        }
        return new Located<>((String) value, node.location());
    }

    private boolean bool(Node.Mapping m, String key, boolean fallback) {
        Node node = m.get(key);
        if (node == null) {
            return fallback;
        }
        Object value = scalarValue(node);
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        error(node.location(), "'" + key + "' must be true or false, found " + describe(node),
                value instanceof String && YAML11_BOOLEANS.contains(((String) value).toLowerCase(Locale.ROOT))
                        ? "yes, no, on and off are strings in runbooks; write true or false" : null);
        return fallback;
    }

    private String text(Node.Mapping m, String key) {
        Located<String> t = locatedText(m, key, "text");
        return t == null ? null : t.value();
    }

    private Located<String> requiredText(Node.Mapping m, String key, String what) {
        if (!m.has(key)) {
            error(m.location(), "missing required field '" + key + "' (" + what + ")");
            return null;
        }
        return locatedText(m, key, what);
    }

    private Located<String> locatedText(Node.Mapping m, String key, String what) {
        Node node = m.get(key);
        if (node == null) {
            return null;
        }
        Object value = scalarValue(node);
        if (!(value instanceof String)) {
            error(node.location(), "'" + key + "' must be " + (what.equals("text") ? "a string" : what)
                    + ", found " + describe(node));
            return null;
        }
        return new Located<>((String) value, node.location());
    }

    /** A step id or similar name: a string, or a plain integer read as its digits. */
    private Located<String> identifier(Node node, String field, String what) {
        if (node == null) {
            return null;
        }
        String s = identifierText(node);
        if (s == null) {
            error(node.location(), field + " must be " + what + ", found " + describe(node));
            return null;
        }
        return new Located<>(s, node.location());
    }

    private static String identifierText(Node node) {
        Object value = scalarValue(node);
        if (value instanceof String) {
            return (String) value;
        }
        Long n = wholeNumber(value);
        return n == null ? null : n.toString();
    }

    /**
     * A whole number as YAML may write it: {@code 3}, or {@code 3.0}, a float without a fraction, which JSON (and so
     * the published schema) cannot tell from 3. Null for anything else.
     */
    private static Long wholeNumber(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return (long) d;
            }
        }
        return null;
    }

    private void error(Location at, String message) {
        problems.add(Problem.error(at, message));
    }

    private void error(Location at, String message, String hint) {
        problems.add(Problem.error(at, message, hint));
    }

    private static String didYouMean(String word, List<String> candidates) {
        return Suggestions.closest(word, candidates).map(c -> ", did you mean '" + c + "'?").orElse("");
    }

    private static Object scalarValue(Node node) {
        return node instanceof Node.Scalar ? ((Node.Scalar) node).value() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof Node.Scalar && ((Node.Scalar) node).value() == null;
    }

    /** A short string value quoted as written, else what {@link #describe} says. */
    private static String quote(Node node) {
        Object value = scalarValue(node);
        if (value instanceof String && ((String) value).length() <= 40 && ((String) value).indexOf('\n') < 0) {
            return "'" + value + "'";
        }
        if (value instanceof Number) {
            return value.toString();
        }
        return describe(node);
    }

    /** What kind of value a node is, for messages: "a list", "a mapping", "a string", "a number". */
    static String describe(Node node) {
        if (node instanceof Node.Sequence) {
            return "a list";
        }
        if (node instanceof Node.Mapping) {
            return "a mapping";
        }
        Object value = ((Node.Scalar) node).value();
        if (value == null) {
            return "an empty value";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "a string";
    }

    private static List<String> yamlNames(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(v.name().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }
}
