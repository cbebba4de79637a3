package dev.runbook.report;

import dev.runbook.audit.AnchorCheck;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.Checkpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an evidence pack that come from outside the run's own records: the audit checkpoints the log's
 * anchors hold for the run (each compared with the record it names), and the CloudWatch alarm history the drill
 * read for its success alarms and MBCO over the drill window.
 */
final class EvidenceExtras {
    private EvidenceExtras() {
    }

    /**
     * {@code checkpoints.json}: per anchor, the checkpoints of this run (its run id), and the first later one, which
     * covers the run's records too; each marked {@code matches} when the run's record at its seq has its hash.
     */
    static Map<String, Object> checkpoints(RunTimeline t, List<AnchorCheck.Listing> listings) {
        Map<Long, String> hashes = new HashMap<>();
        long last = 0;
        for (AuditRecord r : t.records()) {
            hashes.put(r.seq(), r.text("hash").orElse(null));
            last = Math.max(last, r.seq());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", t.runId());
        List<Object> anchors = new ArrayList<>();
        for (AnchorCheck.Listing l : listings) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("anchor", l.anchor());
            if (l.error() != null) {
                a.put("error", l.error());
            }
            List<Object> items = new ArrayList<>();
            Checkpoint after = null;
            for (Checkpoint c : l.checkpoints()) {
                if (t.runId().equals(c.runId())) {
                    items.add(item(c, hashes));
                } else if (c.seq() > last && (after == null || c.seq() < after.seq())) {
                    after = c;
                }
            }
            if (after != null) {
                Map<String, Object> m = item(after, hashes);
                m.put("covers", "every record of the run (a later checkpoint of the same log)");
                items.add(m);
            }
            a.put("checkpoints", items);
            anchors.add(a);
        }
        out.put("anchors", anchors);
        if (listings.isEmpty()) {
            out.put("note", "no anchor configured (--anchor, RUNBOOK_ANCHOR or the config file): the run's records "
                    + "are covered only by the log's own hash chain");
        }
        return out;
    }

    private static Map<String, Object> item(Checkpoint c, Map<Long, String> hashes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", c.seq());
        m.put("head", c.head());
        m.put("ts", c.ts());
        m.put("event", c.event());
        m.put("log", c.log());
        String own = hashes.get(c.seq());
        m.put("matches", own == null ? null : own.equals(c.head()));
        return m;
    }

    /** {@code alarm-history.json}: the alarms, the window read, every state change, and the verdicts; null without. */
    static Map<String, Object> alarmHistory(DrillReport r) {
        DrillChecks c = r.checks();
        if (c.alarms().isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", "CloudWatch DescribeAlarmHistory (StateUpdate items), read at the end of the drill");
        out.put("successAlarms", c.successAlarms());
        out.put("mbcoAlarm", c.mbcoAlarm());
        out.put("from", Texts.iso(c.historyFrom()));
        out.put("to", Texts.iso(c.historyTo()));
        out.put("error", c.historyError());
        List<Object> items = new ArrayList<>();
        for (AlarmTransition t : c.history()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alarm", t.alarm());
            m.put("at", t.at().toString());
            m.put("state", t.state());
            items.add(m);
        }
        out.put("transitions", items);
        out.put("verdicts", r.scorecard().fields().get("successAlarms"));
        return out;
    }
}
