package dev.runbook.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.model.Mbco;
import dev.runbook.model.Objectives;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a drill's pass rule and minimum business continuity objective are checked against, as recorded at the end of
 * the drill in its {@code objectives-measured} record: the MBCO as declared (a level, checked by a step or an alarm),
 * the named success alarms, and the alarm history read over the drill window (or why it could not be read). The
 * verdicts are worked out from these facts when a report is made ({@link Scorecard}), so a report made later needs
 * only the log.
 *
 * @param historyFrom the start of the window the history was read over (before the disruption start, so that the
 *     state at the disruption start is known); null when no history was read
 * @param historyTo the end of the window: the end of the drill
 * @param historyError why the history could not be read; null when it was read or not needed
 */
public record DrillChecks(String mbcoLevel, String mbcoStep, String mbcoAlarm, List<String> successAlarms,
        List<AlarmTransition> history, Instant historyFrom, Instant historyTo, String historyError) {

    public static final DrillChecks NONE = new DrillChecks(null, null, null, List.of(), List.of(), null, null, null);

    /** How far before the disruption start the history is read, to know each alarm's state when it began. */
    public static final Duration LOOK_BACK = Duration.ofDays(1);

    public DrillChecks {
        successAlarms = successAlarms == null ? List.of() : List.copyOf(successAlarms);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The alarms whose history is needed: the success alarms and the MBCO's alarm. */
    public List<String> alarms() {
        List<String> out = new ArrayList<>(successAlarms);
        if (mbcoAlarm != null && !out.contains(mbcoAlarm)) {
            out.add(mbcoAlarm);
        }
        return List.copyOf(out);
    }

    /**
     * Reads what the runbook's objectives need over [{@code disruption} - {@link #LOOK_BACK}, {@code end}] from
     * {@code source}; a source that fails gives checks that say why (the alarms then fail as not evidenced). A
     * {@code null} source (a run that cannot reach AWS) records that the history was not read.
     */
    public static DrillChecks read(Objectives objectives, Instant disruption, Instant end, AlarmHistorySource source) {
        if (objectives == null) {
            return NONE;
        }
        Mbco m = objectives.mbco();
        DrillChecks declared = new DrillChecks(m == null ? null : m.level(),
                m == null || m.step() == null ? null : m.step().value(),
                m == null || m.alarm() == null ? null : m.alarm().value(), objectives.successAlarmNames(), List.of(),
                null, null, null);
        List<String> alarms = declared.alarms();
        if (alarms.isEmpty()) {
            return declared;
        }
        Instant from = disruption.minus(LOOK_BACK);
        if (source == null) {
            return declared.withHistory(List.of(), from, end, "no alarm history source");
        }
        try {
            return declared.withHistory(source.read(alarms, from, end), from, end, null);
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return declared.withHistory(List.of(), from, end, why);
        }
    }

    private DrillChecks withHistory(List<AlarmTransition> h, Instant from, Instant to, String error) {
        return new DrillChecks(mbcoLevel, mbcoStep, mbcoAlarm, successAlarms, h, from, to, error);
    }

    /** The success-alarm verdicts for a drill that began at {@code disruption} with RTO target {@code rto}. */
    public List<AlarmVerdict> verdicts(Instant disruption, Duration rto) {
        if (historyError != null || historyTo == null) {
            String why = "not evidenced: the alarm history could not be read ("
                    + (historyError == null ? "not read" : historyError) + ")";
            return successAlarms.stream().map(a -> new AlarmVerdict(a, false, null, why)).toList();
        }
        return SuccessAlarmRule.evaluate(successAlarms, history, disruption, rto, historyTo);
    }

    /**
     * Whether the MBCO's alarm stayed OK over [{@code disruption}, end of the drill]: OK at the disruption start
     * (from the last change before it) and never out of OK after; null when the history could not be read.
     */
    public Boolean mbcoAlarmMet(Instant disruption) {
        if (mbcoAlarm == null || historyError != null || historyTo == null) {
            return null;
        }
        String state = null;
        for (AlarmTransition t : history) {
            if (!t.alarm().equals(mbcoAlarm) || t.at().isAfter(historyTo)) {
                continue;
            }
            if (t.at().isAfter(disruption) && !t.ok()) {
                return false;
            }
            if (!t.at().isAfter(disruption)) {
                state = t.state();
            }
        }
        if (state == null) {
            // no change before the disruption start: a change in the window (all into OK, or it returned above)
            // means it was out of OK when the disruption began; no change at all gives no evidence either way
            return history.stream().anyMatch(t -> t.alarm().equals(mbcoAlarm)) ? Boolean.FALSE : null;
        }
        return AlarmTransition.OK.equals(state);
    }

    /** Adds the checks to an {@code objectives-measured} record's fields (nothing when none is declared). */
    void addTo(Map<String, Object> fields) {
        if (mbcoLevel != null) {
            Map<String, Object> m = new TreeMap<>();
            m.put("level", mbcoLevel);
            if (mbcoStep != null) {
                m.put("step", mbcoStep);
            }
            if (mbcoAlarm != null) {
                m.put("alarm", mbcoAlarm);
            }
            fields.put("mbco", m);
        }
        if (!successAlarms.isEmpty()) {
            fields.put("successAlarms", successAlarms);
        }
        if (historyFrom != null) {
            Map<String, Object> h = new TreeMap<>();
            h.put("from", historyFrom.toString());
            h.put("to", historyTo.toString());
            if (historyError != null) {
                h.put("error", historyError);
            }
            List<Map<String, Object>> items = new ArrayList<>();
            for (AlarmTransition t : history) {
                Map<String, Object> one = new TreeMap<>();
                one.put("alarm", t.alarm());
                one.put("at", t.at().toString());
                one.put("state", t.state());
                items.add(one);
            }
            h.put("transitions", items);
            fields.put("alarmHistory", h);
        }
    }

    /** Reads the checks back from an {@code objectives-measured} record. */
    static DrillChecks from(JsonNode record) {
        JsonNode m = record.path("mbco");
        List<String> alarms = new ArrayList<>();
        record.path("successAlarms").forEach(n -> alarms.add(n.asText()));
        JsonNode h = record.path("alarmHistory");
        List<AlarmTransition> history = new ArrayList<>();
        h.path("transitions").forEach(n -> history.add(new AlarmTransition(n.path("alarm").asText(),
                Instant.parse(n.path("at").asText()), n.path("state").asText())));
        return new DrillChecks(text(m, "level"), text(m, "step"), text(m, "alarm"), alarms, history,
                h.has("from") ? Instant.parse(h.get("from").asText()) : null,
                h.has("to") ? Instant.parse(h.get("to").asText()) : null, text(h, "error"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
