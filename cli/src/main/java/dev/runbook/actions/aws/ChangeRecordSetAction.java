package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import dev.runbook.expr.Unknown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * {@code aws.route53.change-record-set}: an UPSERT of one Route 53 record set (simple, failover with its set
 * identifier and health check, weighted, or an alias), with the record before and after. Reads the record first
 * (ListResourceRecordSets); when it is already as asked nothing is sent. Its undo is the same action with
 * {@code restore} set to this step's {@code before} output: the record before is put back, or deleted when there was
 * none. Returns the change id for {@code aws.route53.wait-change}.
 */
final class ChangeRecordSetAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.route53.change-record-set",
            "UPSERTs one Route 53 record set (simple, failover, weighted or alias), showing the record before and "
                    + "after; with restore, puts a record back as it was (or deletes it when it did not exist).",
            Kind.MUTATING,
            List.of(IoSpec.required("hosted-zone", ValueType.STRING, "the hosted zone id"),
                    IoSpec.optional("name", ValueType.STRING, "the record name, e.g. api.example.com"),
                    IoSpec.optional("type", ValueType.STRING, "A, AAAA, CNAME, TXT, ..."),
                    IoSpec.optional("values", ValueType.LIST, "the record's values (or give alias-target)"),
                    IoSpec.optional("ttl", ValueType.INTEGER, "seconds (default 300; none for an alias)"),
                    IoSpec.optional("alias-target", ValueType.MAP,
                            "{ hosted-zone, dns-name, evaluate-target-health } of an alias record"),
                    IoSpec.optional("set-identifier", ValueType.STRING,
                            "the set identifier of a failover or weighted record"),
                    IoSpec.optional("failover", ValueType.STRING, "PRIMARY or SECONDARY"),
                    IoSpec.optional("health-check", ValueType.STRING, "the health check id"),
                    IoSpec.optional("weight", ValueType.INTEGER, "the weight of a weighted record (0 to 255)"),
                    IoSpec.optional("comment", ValueType.STRING, "the change batch comment"),
                    IoSpec.optional("restore", ValueType.MAP, "instead of the fields above: a record as the "
                            + "before output gives it, put back (or deleted when it was absent); for undo")),
            List.of(IoSpec.output("before", ValueType.MAP, "the record before (absent: true when there was none)"),
                    IoSpec.output("after", ValueType.MAP, "the record after (absent: true when deleted)"),
                    IoSpec.output("changed", ValueType.BOOLEAN, "false when the record already was as asked"),
                    IoSpec.output("changeId", ValueType.STRING, "the change id for aws.route53.wait-change "
                            + "(empty when nothing changed)"),
                    IoSpec.output("status", ValueType.STRING, "PENDING, or INSYNC (nothing to wait for)")),
            false);
    private static final int MAX_PAGES = 20;
    private static final List<String> FIELDS = List.of("name", "type", "values", "ttl", "alias-target",
            "set-identifier", "failover", "health-check", "weight");

    ChangeRecordSetAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        Map<String, String> problems = new LinkedHashMap<>();
        boolean restore = literal.has("restore") || computed.contains("restore");
        if (restore) {
            for (String f : FIELDS) {
                if (!f.equals("name") && !f.equals("type") && (literal.has(f) || computed.contains(f))) {
                    problems.put(f, "give either restore or the record's fields, not both");
                }
            }
            return problems;
        }
        for (String f : List.of("name", "type")) {
            if (!literal.has(f) && !computed.contains(f)) {
                problems.put(f, "missing: give name and type (or restore)");
            }
        }
        boolean values = literal.has("values") || computed.contains("values");
        boolean alias = literal.has("alias-target") || computed.contains("alias-target");
        if (values == alias) {
            problems.put(values ? "alias-target" : "values", "give either values or alias-target");
        }
        if (literal.has("failover")) {
            String f = literal.string("failover").toUpperCase(Locale.ROOT);
            if (!f.equals("PRIMARY") && !f.equals("SECONDARY")) {
                problems.put("failover", "must be PRIMARY or SECONDARY, got '" + literal.string("failover") + "'");
            }
        }
        if (literal.has("weight")) {
            try {
                long w = literal.integer("weight", 0);
                if (w < 0 || w > 255) {
                    problems.put("weight", "must be between 0 and 255, got " + w);
                }
            } catch (NumberFormatException e) {
                problems.put("weight", "must be a whole number, got '" + literal.string("weight") + "'");
            }
        }
        return problems;
    }

    /** The record the inputs ask for, in the map shape of the outputs (null values left out). */
    private static Map<String, Object> asked(Inputs inputs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", inputs.get("name"));
        m.put("type", inputs.has("type") ? upper(inputs.get("type")) : null);
        m.put("ttl", inputs.get("ttl"));
        m.put("values", inputs.get("values"));
        m.put("setIdentifier", inputs.get("set-identifier"));
        m.put("failover", inputs.has("failover") ? upper(inputs.get("failover")) : null);
        m.put("healthCheck", inputs.get("health-check"));
        m.put("weight", inputs.get("weight"));
        m.put("aliasTarget", inputs.get("alias-target"));
        return m;
    }

    private static Object upper(Object v) {
        return v instanceof Unknown ? v : String.valueOf(v).toUpperCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> record(Inputs inputs) {
        Object restore = inputs.get("restore");
        return restore instanceof Map ? (Map<String, Object>) restore : asked(inputs);
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        Object zone = inputs.get("hosted-zone") instanceof String ? Route53Records.zone(inputs.string("hosted-zone"))
                : inputs.get("hosted-zone");
        Object restore = inputs.get("restore");
        Map<String, Object> record = record(inputs);
        Object name = restore instanceof Unknown ? new Unknown(((Unknown) restore).label() + ".name")
                : record.get("name");
        Object type = restore instanceof Unknown ? new Unknown(((Unknown) restore).label() + ".type")
                : record.get("type");
        ApiCall list = ApiCall.of("route53", "ListResourceRecordSets", "HostedZoneId", zone,
                "StartRecordName", shownName(name), "StartRecordType", type)
                .note("reads the record before");
        Object action;
        Object set;
        if (restore instanceof Unknown) {
            action = "<UPSERT of the record before, or DELETE when there was none>";
            set = restore;
        } else if (Route53Records.isAbsent(record)) {
            action = "DELETE";
            set = "<the current record>";
        } else {
            action = "UPSERT";
            set = wire(record);
        }
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("Action", action);
        change.put("ResourceRecordSet", set);
        Map<String, Object> batch = new LinkedHashMap<>();
        if (inputs.has("comment")) {
            batch.put("Comment", inputs.get("comment"));
        }
        batch.put("Changes", List.of(change));
        return List.of(list, ApiCall.of("route53", "ChangeResourceRecordSets", "HostedZoneId", zone,
                "ChangeBatch", batch).note(Route53Records.isAbsent(record)
                        ? "only when the record exists" : "only when the record is not already as asked"));
    }

    private static Object shownName(Object name) {
        return name instanceof String ? Route53Records.dotted((String) name) : name;
    }

    /** The record as ChangeResourceRecordSets sends it (the API reference's names), from the map shape. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> wire(Map<String, Object> m) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("Name", shownName(m.get("name")));
        w.put("Type", m.get("type"));
        w.put("SetIdentifier", m.get("setIdentifier"));
        w.put("Weight", m.get("weight"));
        w.put("Region", m.get("region"));
        w.put("Failover", m.get("failover"));
        Object alias = m.get("aliasTarget");
        if (alias instanceof Map && !((Map<String, Object>) alias).isEmpty()) {
            Map<String, Object> a = (Map<String, Object>) alias;
            Map<String, Object> wa = new LinkedHashMap<>();
            Object zone = a.get("hostedZone") != null ? a.get("hostedZone") : a.get("hosted-zone");
            wa.put("HostedZoneId", zone instanceof String ? Route53Records.zone((String) zone) : zone);
            wa.put("DNSName", a.get("dnsName") != null ? a.get("dnsName") : a.get("dns-name"));
            Object eth = a.get("evaluateTargetHealth") != null ? a.get("evaluateTargetHealth")
                    : a.get("evaluate-target-health");
            wa.put("EvaluateTargetHealth", eth instanceof Unknown ? eth
                    : eth != null && Boolean.parseBoolean(String.valueOf(eth)));
            w.put("AliasTarget", wa);
        } else if (alias instanceof Unknown) {
            w.put("AliasTarget", alias);
        } else {
            w.put("TTL", m.get("ttl") == null ? 300L : m.get("ttl"));
            Object values = m.get("values");
            if (values instanceof List) {
                List<Object> records = new ArrayList<>();
                for (Object v : (List<Object>) values) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("Value", v instanceof Unknown ? v : String.valueOf(v));
                    records.add(r);
                }
                w.put("ResourceRecords", records);
            } else {
                w.put("ResourceRecords", values);
            }
        }
        w.put("HealthCheckId", m.get("healthCheck"));
        w.values().removeIf(v -> v == null);
        return w;
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String zone = Route53Records.zone(required(inputs, "hosted-zone"));
        Map<String, Object> record = record(inputs);
        boolean delete = Route53Records.isAbsent(record);
        String name = text(record.get("name"));
        String type = text(record.get("type"));
        if (name == null || type == null) {
            throw new ActionFailedException(inputs.has("restore") ? "restore is not a record: it needs a name and "
                    + "a type, got " + AwsJson.write(record) : "give name and type (or restore)");
        }
        type = type.toUpperCase(Locale.ROOT);
        String setId = text(record.get("setIdentifier"));
        ResourceRecordSet wanted = delete ? null : Route53Records.fromMap(record);
        ResourceRecordSet current = current(inputs, zone, name, type, setId, context);
        if (current != null && Route53Records.unmanaged(current) != null) {
            throw new ActionFailedException("record " + Route53Records.dotted(name) + " " + type
                    + (setId == null ? "" : " [" + setId + "]") + " uses " + Route53Records.unmanaged(current)
                    + ", which aws.route53.change-record-set does not manage: nothing was changed");
        }
        Map<String, Object> before = current == null ? Route53Records.absent(name, type, setId)
                : Route53Records.toMap(current);
        String label = Route53Records.dotted(name) + " " + type + (setId == null ? "" : " [" + setId + "]");
        if (delete ? current == null : current != null && Route53Records.same(current, wanted)) {
            context.output("stdout", label + ": " + Route53Records.describe(before) + " (already as asked)");
            return outputs(before, before, false, "", "INSYNC");
        }
        ResourceRecordSet sent = delete ? current : wanted;
        ChangeAction action = delete ? ChangeAction.DELETE : ChangeAction.UPSERT;
        String comment = inputs.string("comment");
        ChangeInfo info = call(calls(inputs).get(1), "hosted zone '" + zone + "'", () -> aws().route53()
                .changeResourceRecordSets(b -> b.hostedZoneId(zone).changeBatch(cb -> cb.comment(comment)
                        .changes(c -> c.action(action).resourceRecordSet(sent)))
                        .overrideConfiguration(AwsClients.within(context))).changeInfo());
        Map<String, Object> after = delete ? Route53Records.absent(name, type, setId) : Route53Records.toMap(wanted);
        context.output("stdout", label + ": " + Route53Records.describe(before) + " -> "
                + Route53Records.describe(after));
        return outputs(before, after, true, info.id(), info.statusAsString());
    }

    @Override
    public Optional<Outputs> alreadyDone(Inputs inputs, ActionContext context) throws Exception {
        String zone = Route53Records.zone(required(inputs, "hosted-zone"));
        Map<String, Object> record = record(inputs);
        String name = text(record.get("name"));
        String type = text(record.get("type"));
        if (name == null || type == null) {
            return Optional.empty();
        }
        type = type.toUpperCase(Locale.ROOT);
        String setId = text(record.get("setIdentifier"));
        ResourceRecordSet current = current(inputs, zone, name, type, setId, context);
        if (Route53Records.isAbsent(record)) {
            return current == null ? Optional.of(outputs(record, record, false, "", "INSYNC")) : Optional.empty();
        }
        if (current == null || !Route53Records.same(current, Route53Records.fromMap(record))) {
            return Optional.empty();
        }
        Map<String, Object> now = Route53Records.toMap(current);
        return Optional.of(outputs(now, now, false, "", "INSYNC"));
    }

    /** The record of this name, type and set identifier, or null. */
    private ResourceRecordSet current(Inputs inputs, String zone, String name, String type, String setId,
            ActionContext context) throws Exception {
        String dotted = Route53Records.dotted(name);
        String startName = dotted;
        String startType = type;
        String startId = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String n = startName;
            String t = startType;
            String id = startId;
            ListResourceRecordSetsResponse r = call(calls(inputs).get(0), "hosted zone '" + zone + "'", () -> aws()
                    .route53().listResourceRecordSets(b -> b.hostedZoneId(zone).startRecordName(n)
                            .startRecordType(t).startRecordIdentifier(id)
                            .overrideConfiguration(AwsClients.within(context))));
            for (ResourceRecordSet s : r.resourceRecordSets()) {
                if (!Route53Records.dotted(s.name()).equalsIgnoreCase(dotted) || !type.equals(s.typeAsString())) {
                    return null; // listed in order: past the name and type
                }
                if (java.util.Objects.equals(setId, s.setIdentifier())) {
                    return s;
                }
            }
            if (!Boolean.TRUE.equals(r.isTruncated())) {
                return null;
            }
            startName = r.nextRecordName();
            startType = r.nextRecordTypeAsString();
            startId = r.nextRecordIdentifier();
        }
        throw new ActionFailedException("record " + dotted + " " + type + " has more than " + MAX_PAGES
                + " pages of record sets: cannot find set identifier " + setId);
    }

    private static Outputs outputs(Map<String, Object> before, Map<String, Object> after, boolean changed,
            String changeId, String status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", before);
        out.put("after", after);
        out.put("changed", changed);
        out.put("changeId", changeId);
        out.put("status", status);
        return Outputs.of(out);
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }
}
