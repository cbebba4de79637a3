package dev.runbook.graph;

import dev.runbook.action.ActionRegistry;
import dev.runbook.model.Confirm;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The step graph as text (one line per step in topological order), as a Mermaid flowchart and as a Graphviz
 * digraph. Mutating steps are styled apart when an {@link ActionRegistry} is given to tell which they are; steps
 * that ask for confirmation are always marked. A cyclic graph is still drawn (text falls back to file order).
 */
public final class GraphRenderer {
    private static final Predicate<Step> UNKNOWN_KIND = s -> false;

    private GraphRenderer() {
    }

    /** One line per step: layer (1-based), id, action, title and what it needs. */
    public static String text(Runbook rb, StepGraph g) {
        return text(rb, g, UNKNOWN_KIND);
    }

    /** As {@link #text(Runbook, StepGraph)}, marking mutating steps. */
    public static String text(Runbook rb, StepGraph g, ActionRegistry registry) {
        return text(rb, g, s -> StepKinds.isMutating(s, registry));
    }

    /** A Mermaid {@code flowchart TD}. */
    public static String mermaid(Runbook rb, StepGraph g) {
        return mermaid(rb, g, UNKNOWN_KIND);
    }

    /** As {@link #mermaid(Runbook, StepGraph)}, styling mutating steps. */
    public static String mermaid(Runbook rb, StepGraph g, ActionRegistry registry) {
        return mermaid(rb, g, s -> StepKinds.isMutating(s, registry));
    }

    /** A Graphviz {@code digraph}. */
    public static String dot(Runbook rb, StepGraph g) {
        return dot(rb, g, UNKNOWN_KIND);
    }

    /** As {@link #dot(Runbook, StepGraph)}, styling mutating steps. */
    public static String dot(Runbook rb, StepGraph g, ActionRegistry registry) {
        return dot(rb, g, s -> StepKinds.isMutating(s, registry));
    }

    private static String text(Runbook rb, StepGraph g, Predicate<Step> mutating) {
        Map<String, Step> steps = firstSteps(rb);
        boolean acyclic = g.cycle().isEmpty();
        List<String> order = acyclic ? g.topologicalOrder() : g.steps();
        int idWidth = 1;
        int actionWidth = 1;
        int layerWidth = 1;
        for (String id : order) {
            idWidth = Math.max(idWidth, id.length());
            actionWidth = Math.max(actionWidth, actionOf(steps.get(id)).length());
        }
        if (acyclic) {
            layerWidth = String.valueOf(g.layers().size()).length();
        }
        StringBuilder out = new StringBuilder();
        for (String id : order) {
            Step step = steps.get(id);
            String layer = acyclic ? String.valueOf(g.layerOf(id) + 1) : "?";
            out.append(pad(layer, layerWidth)).append("  ")
                    .append(pad(id, idWidth)).append("  ")
                    .append(pad(actionOf(step), actionWidth)).append("  ")
                    .append(oneLine(step.displayTitle()));
            if (mutating.test(step)) {
                out.append("  [mutating]");
            }
            if (hasConfirm(step)) {
                out.append("  [confirm]");
            }
            if (!g.dependencies(id).isEmpty()) {
                out.append("  <- ").append(String.join(", ", g.dependencies(id)));
            }
            out.append('\n');
        }
        for (List<String> cycle : g.cycles()) {
            out.append("cycle: ").append(String.join(" -> ", cycle)).append('\n');
        }
        return out.toString();
    }

    private static String mermaid(Runbook rb, StepGraph g, Predicate<Step> mutating) {
        Map<String, Step> steps = firstSteps(rb);
        Map<String, String> nodeIds = nodeIds(g);
        StringBuilder out = new StringBuilder("flowchart TD\n");
        for (String id : g.steps()) {
            Step step = steps.get(id);
            StringBuilder label = new StringBuilder(mermaidText(id));
            if (!step.displayTitle().equals(id)) {
                label.append("<br/>").append(mermaidText(oneLine(step.displayTitle())));
            }
            label.append("<br/>").append(mermaidText(actionOf(step)));
            if (hasConfirm(step)) {
                label.append("<br/>confirm");
            }
            out.append("    ").append(nodeIds.get(id)).append("[\"").append(label).append("\"]");
            String style = styleClass(mutating.test(step), hasConfirm(step));
            if (style != null) {
                out.append(":::").append(style);
            }
            out.append('\n');
        }
        for (String id : g.steps()) {
            for (String dep : g.dependencies(id)) {
                out.append("    ").append(nodeIds.get(dep)).append(" --> ").append(nodeIds.get(id)).append('\n');
            }
        }
        out.append("    classDef mutating fill:#fdecea,stroke:#c0392b,stroke-width:2px\n");
        out.append("    classDef confirm stroke:#1f4e8c,stroke-width:3px,stroke-dasharray:6 3\n");
        out.append("    classDef mutatingConfirm fill:#fdecea,stroke:#c0392b,stroke-width:3px,stroke-dasharray:6 3\n");
        return out.toString();
    }

    private static String dot(Runbook rb, StepGraph g, Predicate<Step> mutating) {
        Map<String, Step> steps = firstSteps(rb);
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(dotString(rb.name() == null ? "runbook" : rb.name())).append(" {\n");
        out.append("    rankdir=TB;\n");
        out.append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        for (String id : g.steps()) {
            Step step = steps.get(id);
            StringBuilder label = new StringBuilder(id);
            if (!step.displayTitle().equals(id)) {
                label.append('\n').append(oneLine(step.displayTitle()));
            }
            label.append('\n').append(actionOf(step));
            if (hasConfirm(step)) {
                label.append("\nconfirm");
            }
            out.append("    ").append(dotString(id)).append(" [label=").append(dotString(label.toString()));
            if (mutating.test(step)) {
                out.append(", style=\"rounded,filled\", fillcolor=\"#fdecea\", color=\"#c0392b\"");
            }
            if (hasConfirm(step)) {
                out.append(", penwidth=2, peripheries=2");
            }
            out.append("];\n");
        }
        for (String id : g.steps()) {
            for (String dep : g.dependencies(id)) {
                out.append("    ").append(dotString(dep)).append(" -> ").append(dotString(id)).append(";\n");
            }
        }
        out.append("}\n");
        return out.toString();
    }

    private static Map<String, Step> firstSteps(Runbook rb) {
        Map<String, Step> out = new HashMap<>();
        for (Step s : rb.steps()) {
            out.putIfAbsent(s.idValue(), s);
        }
        return out;
    }

    /** Mermaid ids from the position: step ids such as {@code end} or {@code graph} are Mermaid keywords. */
    private static Map<String, String> nodeIds(StepGraph g) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        for (String id : g.steps()) {
            out.put(id, "s" + i++);
        }
        return out;
    }

    private static String styleClass(boolean mutating, boolean confirm) {
        if (mutating) {
            return confirm ? "mutatingConfirm" : "mutating";
        }
        return confirm ? "confirm" : null;
    }

    private static boolean hasConfirm(Step step) {
        return step.confirm() != null && !(step.confirm() instanceof Confirm.None);
    }

    private static String actionOf(Step step) {
        return step.action() == null || step.actionName() == null ? "" : step.actionName();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Text inside a quoted Mermaid label: entity codes for what the label syntax or its HTML would take. */
    static String mermaidText(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '#': b.append("#35;"); break;
                case '"': b.append("#quot;"); break;
                case '<': b.append("#lt;"); break;
                case '>': b.append("#gt;"); break;
                case '&': b.append("#amp;"); break;
                default: b.append(c); break;
            }
        }
        return b.toString();
    }

    /** A Graphviz double-quoted string; a line break becomes the centred-line escape. */
    static String dotString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': break;
                default: b.append(c); break;
            }
        }
        return b.append('"').toString();
    }
}
