package dev.runbook.actions.builtin;

import dev.runbook.action.ActionFailedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The HTTP statuses an {@code http} step expects: exact codes ({@code 200}, {@code [200, 404]}) and classes
 * ({@code 2xx}), also as one string ({@code "200, 404"}, {@code "2xx,404"}).
 */
final class StatusMatcher {
    private static final Pattern CLASS = Pattern.compile("[1-5]xx");
    private static final Pattern CODE = Pattern.compile("[1-5]\\d\\d");

    private final List<String> accepted;

    private StatusMatcher(List<String> accepted) {
        this.accepted = List.copyOf(accepted);
    }

    static StatusMatcher parse(Object spec) throws ActionFailedException {
        List<String> accepted = new ArrayList<>();
        collect(spec == null ? "2xx" : spec, accepted);
        if (accepted.isEmpty()) {
            throw invalid(spec);
        }
        return new StatusMatcher(accepted);
    }

    private static void collect(Object spec, List<String> into) throws ActionFailedException {
        if (spec instanceof Collection) {
            for (Object o : (Collection<?>) spec) {
                collect(o, into);
            }
            return;
        }
        if (spec instanceof Number) {
            Number n = (Number) spec;
            String code = String.valueOf(n.longValue());
            if (n.doubleValue() != n.longValue() || !CODE.matcher(code).matches()) {
                throw invalid(spec);
            }
            into.add(code);
            return;
        }
        if (spec instanceof CharSequence) {
            for (String part : spec.toString().toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!CLASS.matcher(part).matches() && !CODE.matcher(part).matches()) {
                    throw invalid(spec);
                }
                into.add(part);
            }
            return;
        }
        throw invalid(spec);
    }

    private static ActionFailedException invalid(Object spec) {
        return new ActionFailedException("expect-status: " + Texts.describe(spec)
                + " is not a status (200), a class of statuses (2xx) or a list of them");
    }

    boolean matches(int status) {
        String code = String.valueOf(status);
        for (String a : accepted) {
            if (a.equals(code) || (a.endsWith("xx") && code.length() == 3 && code.charAt(0) == a.charAt(0))) {
                return true;
            }
        }
        return false;
    }

    /** {@code 2xx}, {@code 200 or 404}, {@code 200, 201 or 404}. */
    @Override
    public String toString() {
        if (accepted.size() == 1) {
            return accepted.get(0);
        }
        return String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + accepted.get(accepted.size() - 1);
    }
}
