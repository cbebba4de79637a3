package dev.runbook.report;

import dev.runbook.audit.AuditRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's clean-up did and what it left, from the run's records: the clean-up's status ({@code
 * cleanup-finished}), the resources the actions registered ({@code resource-created}), and the last check of each
 * after the clean-up ({@code resource-checked}): a resource still present is a leftover, listed with how to remove
 * it.
 *
 * @param cleanup the clean-up's status (succeeded, failed, declined, interrupted), "not finished" when it started
 *     and has no end, null when the run had none
 */
public record Leftovers(String cleanup, List<Resource> resources) {

    /** One registered resource and its state after the clean-up (gone, leftover, unknown, or not checked). */
    public record Resource(String kind, String id, String region, String step, String removal, String state,
            String message) {
        public boolean leftover() {
            return "leftover".equals(state);
        }
    }

    public Leftovers {
        resources = List.copyOf(resources);
    }

    public static Leftovers of(RunTimeline t) {
        String cleanup = null;
        Map<String, Resource> byKey = new LinkedHashMap<>();
        for (AuditRecord r : t.records()) {
            String event = r.event();
            if (event.equals("cleanup-started")) {
                cleanup = "not finished";
            } else if (event.equals("cleanup-finished")) {
                cleanup = r.text("status").orElse("finished");
            } else if (event.equals("resource-created") || event.equals("resource-checked")) {
                String kind = r.text("kind").orElse("resource");
                String id = r.text("id").orElse("?");
                String state = event.equals("resource-checked") ? r.text("state").orElse("unknown") : "not checked";
                Resource before = byKey.get(kind + "\u0000" + id);
                byKey.put(kind + "\u0000" + id, new Resource(kind, id, r.text("region").orElse(null),
                        r.text("step").orElse(before == null ? null : before.step()),
                        r.text("removal").orElse(before == null ? null : before.removal()), state,
                        r.text("message").orElse(null)));
            }
        }
        return new Leftovers(cleanup, new ArrayList<>(byKey.values()));
    }

    /** Whether there is anything to say: a clean-up or a registered resource. */
    public boolean any() {
        return cleanup != null || !resources.isEmpty();
    }

    public List<Resource> leftovers() {
        return resources.stream().filter(Resource::leftover).toList();
    }

    /** One line per leftover: {@code table orders-restored (aws dynamodb delete-table ...)}. */
    public static String line(Resource r) {
        return r.kind() + " " + r.id() + (r.region() == null ? "" : " in " + r.region())
                + (r.removal() == null ? "" : " (remove: " + r.removal() + ")");
    }

    public Map<String, Object> fields() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cleanup", cleanup);
        List<Object> list = new ArrayList<>();
        for (Resource r : resources) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind());
            m.put("id", r.id());
            m.put("region", r.region());
            m.put("step", r.step());
            m.put("state", r.state());
            m.put("removal", r.removal());
            m.put("message", r.message());
            list.add(m);
        }
        out.put("resources", list);
        out.put("leftovers", leftovers().size());
        return out;
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("## Clean-up and leftovers\n\n");
        b.append("Clean-up: ").append(cleanup == null ? "none declared" : cleanup).append("\n\n");
        if (resources.isEmpty()) {
            return b.append("No resource was registered by the run's actions.\n").toString();
        }
        b.append("| Resource | Created by | State after clean-up | How to remove it |\n|---|---|---|---|\n");
        for (Resource r : resources) {
            b.append("| ").append(r.kind()).append(' ').append(r.id()).append(r.region() == null ? "" : " (" + r.region()
                    + ")").append(" | ").append(r.step() == null ? "-" : r.step()).append(" | ")
                    .append(r.leftover() ? "**leftover**" : r.state()).append(" | ")
                    .append(r.removal() == null ? "-" : "`" + r.removal() + "`").append(" |\n");
        }
        return b.toString();
    }

    public String html() {
        StringBuilder b = new StringBuilder("<h2>Clean-up and leftovers</h2>\n<section id=\"leftovers\">\n<p>Clean-up: ")
                .append(Texts.xml(cleanup == null ? "none declared" : cleanup)).append("</p>\n");
        if (resources.isEmpty()) {
            return b.append("<p>No resource was registered by the run's actions.</p>\n</section>\n").toString();
        }
        b.append("<table>\n<tr><th>Resource</th><th>Created by</th><th>State after clean-up</th>"
                + "<th>How to remove it</th></tr>\n");
        for (Resource r : resources) {
            b.append("<tr><td>").append(Texts.xml(r.kind() + " " + r.id() + (r.region() == null ? "" : " ("
                    + r.region() + ")"))).append("</td><td>").append(Texts.xml(r.step() == null ? "-" : r.step()))
                    .append("</td><td").append(r.leftover() ? " class=\"missed\">leftover" : ">" + Texts.xml(r.state()))
                    .append("</td><td><code>").append(Texts.xml(r.removal() == null ? "-" : r.removal()))
                    .append("</code></td></tr>\n");
        }
        return b.append("</table>\n</section>\n").toString();
    }
}
