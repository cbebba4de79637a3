package dev.runbook.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as JSON: {@code run}, {@code objectives} (rto, rpo), {@code time} (phases, waiting) and {@code steps}. */
public final class JsonReport {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(DrillReport r) {
        try {
            return PRETTY.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON: " + e.getMessage(), e);
        }
    }

    /** The report as plain maps and lists. */
    public static Map<String, Object> tree(DrillReport r) {
        RunTimeline t = r.timeline();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", t.runId());
        run.put("runbook", t.runbook());
        run.put("path", t.path());
        run.put("sha256", t.sha256());
        run.put("status", t.status());
        if (!t.notUndone().isEmpty()) {
            List<Map<String, Object>> left = new ArrayList<>();
            t.notUndone().forEach((id, why) -> left.add(Map.of("step", id, "why", why)));
            run.put("notUndone", left);
        }
        run.put("drill", t.drill());
        run.put("mode", t.mode());
        if (t.tabletop()) {
            run.put("exercise", t.exercise());
            run.put("participants", t.participants());
        }
        run.put("operator", t.operator());
        run.put("actor", t.actor());
        run.put("tool", t.tool());
        run.put("incidentStart", Texts.iso(r.incidentStart()));
        run.put("startedAt", Texts.iso(t.startedAt()));
        run.put("endedAt", Texts.iso(t.endedAt()));
        run.put("durationSeconds", t.endedAt() == null ? null
                : Texts.seconds(Duration.between(t.startedAt(), t.endedAt())));
        run.put("params", t.params());
        run.put("measuredAtEnd", r.measuredAtEnd());

        Map<String, Object> objectives = new LinkedHashMap<>();
        for (Objective o : r.objectives()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", o.target() == null ? null : Texts.human(o.target()));
            m.put("targetSeconds", Texts.seconds(o.target()));
            m.put("achievedSeconds", Texts.seconds(o.achieved()));
            m.put("met", o.met());
            m.put("source", o.source());
            m.put("note", o.note());
            objectives.put(o.name(), m);
        }

        Map<String, Object> scorecard = r.scorecard().fields();

        Map<String, Object> time = new LinkedHashMap<>();
        time.put("beforeRunSeconds", Texts.seconds(r.beforeRun()));
        time.put("waitingSeconds", Texts.seconds(r.waiting()));
        time.put("automationSeconds", Texts.seconds(r.automation()));
        Map<String, Object> phases = new LinkedHashMap<>();
        r.phases().forEach((k, v) -> phases.put(k, Texts.seconds(v)));
        time.put("phases", phases);

        List<Object> steps = new ArrayList<>();
        for (StepTimeline s : t.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("status", s.status());
            m.put("startedAt", Texts.iso(s.startedAt()));
            m.put("endedAt", Texts.iso(s.endedAt()));
            m.put("durationSeconds", Texts.seconds(s.duration()));
            m.put("waitingSeconds", Texts.seconds(s.waiting()));
            m.put("phase", s.phase());
            m.put("action", s.action());
            m.put("attempts", s.attempts());
            m.put("confirmedBy", s.confirmedBy());
            m.put("message", s.message());
            if (t.tabletop()) {
                TabletopNote note = t.notes().get(s.id());
                m.put("note", note == null ? null : note.text());
                m.put("noteBy", note == null ? null : note.by());
            }
            steps.add(m);
        }

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("run", run);
        root.put("objectives", objectives);
        root.put("scorecard", scorecard);
        root.put("cleanup", Leftovers.of(r.timeline()).fields());
        root.put("time", time);
        root.put("steps", steps);
        return root;
    }
}
