package dev.runbook.audit;

import dev.runbook.action.Kind;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.StepStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Maps each journaled {@link RunEvent} to the fields of one audit record (without seq, prev and hash). */
final class AuditEvents {
    private AuditEvents() {
    }

    /** {@code now} stamps a resumed run's start record, whose event carries the original start time. */
    static Map<String, Object> fields(RunEvent e, RunOrigin origin, String toolVersion, java.time.Instant now) {
        Map<String, Object> m = new TreeMap<>();
        m.put("ts", RecordCodec.ts(e.at()));
        m.put("runId", e.runId());
        if (e instanceof RunEvent.RunStarted) {
            RunEvent.RunStarted s = (RunEvent.RunStarted) e;
            m.put("event", s.resumed() ? "run-resumed" : "run-started");
            if (s.resumed()) {
                m.put("ts", RecordCodec.ts(now));
                m.put("runStarted", RecordCodec.ts(s.at()));
            }
            m.put("runbook", s.runbook());
            m.put("path", origin != null && origin.path() != null ? origin.path() : s.file());
            put(m, "sha256", origin == null ? null : origin.sha256());
            m.put("actor", origin == null || origin.actor() == null ? Actor.current().fields()
                    : origin.actor().fields());
            m.put("operator", s.operator());
            m.put("tool", origin != null && origin.toolVersion() != null ? origin.toolVersion() : toolVersion);
            m.put("drill", origin != null && origin.drill());
            m.put("mode", label(s.mode()));
            if (s.mode() == dev.runbook.exec.Mode.TABLETOP) {
                m.put("exercise", "tabletop");
            }
            m.put("params", RecordCodec.plain(s.params()));
        } else if (e instanceof RunEvent.StepStarted) {
            RunEvent.StepStarted s = (RunEvent.StepStarted) e;
            m.put("event", "step-started");
            m.put("step", s.step());
            put(m, "title", s.title());
            m.put("action", s.action());
            m.put("kind", kind(s.kind()));
            m.put("attempt", s.attempt());
            m.put("inputs", RecordCodec.plain(s.inputs()));
        } else if (e instanceof RunEvent.StepFinished) {
            RunEvent.StepFinished s = (RunEvent.StepFinished) e;
            m.put("event", "step-" + s.status().label());
            m.put("step", s.step());
            put(m, "title", s.title());
            m.put("status", s.status().label());
            if (!s.outputs().isEmpty()) {
                m.put("outputs", RecordCodec.plain(s.outputs()));
            }
            put(m, s.status().isFailure() ? "error" : "message", s.message());
            m.put("durationMs", millis(s.duration()));
            m.put("attempts", s.attempts());
        } else if (e instanceof RunEvent.PromptAsked) {
            RunEvent.PromptAsked p = (RunEvent.PromptAsked) e;
            m.put("event", "prompt-asked");
            put(m, "step", p.step());
            m.put("prompt", label(p.kind()));
            m.put("question", p.question());
        } else if (e instanceof RunEvent.PromptAnswered) {
            RunEvent.PromptAnswered p = (RunEvent.PromptAnswered) e;
            m.put("event", "prompt-answered");
            put(m, "step", p.step());
            m.put("prompt", label(p.kind()));
            m.put("accepted", p.accepted());
            put(m, "decision", p.detail());
            m.put("decidedBy", p.decidedBy());
        } else if (e instanceof RunEvent.InstructionsShown) {
            RunEvent.InstructionsShown i = (RunEvent.InstructionsShown) e;
            m.put("event", "instructions-shown");
            m.put("step", i.step());
            m.put("text", i.text());
        } else if (e instanceof RunEvent.RetryScheduled) {
            RunEvent.RetryScheduled r = (RunEvent.RetryScheduled) e;
            m.put("event", "retry");
            m.put("step", r.step());
            m.put("nextAttempt", r.nextAttempt());
            m.put("delayMs", millis(r.delay()));
            put(m, "error", r.error());
        } else if (e instanceof RunEvent.UndoStarted) {
            RunEvent.UndoStarted u = (RunEvent.UndoStarted) e;
            m.put("event", "undo-started");
            m.put("step", u.step());
            m.put("action", u.action());
            m.put("kind", kind(u.kind()));
            m.put("inputs", RecordCodec.plain(u.inputs()));
        } else if (e instanceof RunEvent.UndoFinished) {
            RunEvent.UndoFinished u = (RunEvent.UndoFinished) e;
            m.put("event", "undo-finished");
            m.put("step", u.step());
            m.put("status", u.status().label());
            put(m, u.status() == StepStatus.ROLLED_BACK ? "message" : "error", u.message());
            m.put("durationMs", millis(u.duration()));
        } else if (e instanceof RunEvent.RunFinished) {
            RunEvent.RunFinished f = (RunEvent.RunFinished) e;
            m.put("event", f.status() == RunStatus.INTERRUPTED ? "run-interrupted"
                    : f.status() == RunStatus.DECLINED ? "run-aborted" : "run-finished");
            m.put("status", f.status().label());
            put(m, f.status() == RunStatus.SUCCEEDED ? "message" : "error", f.message());
            m.put("durationMs", millis(f.duration()));
            Map<String, Object> counts = new TreeMap<>();
            f.counts().forEach((k, v) -> counts.put(k.label(), v));
            m.put("counts", counts);
            if (!f.notUndone().isEmpty()) {
                // a list, not a mapping: records sort a mapping's keys, and the order is the rollback's
                java.util.List<Map<String, Object>> left = new java.util.ArrayList<>();
                f.notUndone().forEach((step, why) -> left.add(Map.of("step", step, "why", why)));
                m.put("notUndone", left);
            }
        } else if (e instanceof RunEvent.ActorIdentified) {
            // the identity the run acts as in an outside system (AWS caller identity), known after the start record
            RunEvent.ActorIdentified a = (RunEvent.ActorIdentified) e;
            m.put("event", "actor-identified");
            Actor base = origin == null || origin.actor() == null ? Actor.current() : origin.actor();
            m.put("actor", ("aws".equals(a.system()) ? base.withAws(a.actor()) : base).fields());
            put(m, "system", a.system());
            put(m, "account", a.account());
            put(m, "region", a.region());
            put(m, "message", a.summary());
        } else if (e instanceof RunEvent.StepPlanned) {
            RunEvent.StepPlanned p = (RunEvent.StepPlanned) e;
            m.put("event", "step-planned");
            m.put("step", p.step());
            m.put("action", p.action());
            m.put("kind", kind(p.kind()));
            m.put("inputs", RecordCodec.plain(p.inputs()));
            put(m, "message", p.note());
        } else if (e instanceof RunEvent.PlanRecorded) {
            RunEvent.PlanRecorded p = (RunEvent.PlanRecorded) e;
            m.put("event", "plan");
            m.put("planDigest", p.planDigest());
            m.put("plan", RecordCodec.plain(p.plan()));
        } else if (e instanceof RunEvent.ApprovalDecided) {
            // the event name "approval" is a contract: audit checkpoints follow every accepted approval
            RunEvent.ApprovalDecided a = (RunEvent.ApprovalDecided) e;
            m.put("event", a.accepted() ? "approval" : "approval-refused");
            m.put("step", a.step());
            put(m, "method", a.method());
            put(m, "approver", a.approver());
            put(m, "planDigest", a.planDigest());
            put(m, "reason", a.reason());
            put(m, "file", a.source());
            m.put("approval", RecordCodec.plain(a.approval()));
            if (!a.evidence().isEmpty()) {
                m.put("evidence", RecordCodec.plain(a.evidence()));
            }
        } else if (e instanceof RunEvent.AwaitingApproval) {
            RunEvent.AwaitingApproval w = (RunEvent.AwaitingApproval) e;
            m.put("event", "awaiting-approval");
            m.put("step", w.step());
            m.put("needed", w.needed());
            m.put("have", w.have());
            m.put("planDigest", w.planDigest());
            put(m, "approveCommand", w.approveCommand());
            put(m, "resumeCommand", w.resumeCommand());
        } else if (e instanceof RunEvent.ParticipantsRecorded) {
            RunEvent.ParticipantsRecorded p = (RunEvent.ParticipantsRecorded) e;
            m.put("event", "tabletop-participants");
            m.put("participants", RecordCodec.plain(p.participants()));
        } else if (e instanceof RunEvent.StepNoted) {
            RunEvent.StepNoted n = (RunEvent.StepNoted) e;
            m.put("event", "tabletop-note");
            m.put("step", n.step());
            put(m, "title", n.title());
            m.put("note", n.note());
            m.put("by", n.by());
        } else if (e instanceof RunEvent.CleanupStarted) {
            RunEvent.CleanupStarted c = (RunEvent.CleanupStarted) e;
            m.put("event", "cleanup-started");
            m.put("steps", RecordCodec.plain(c.steps()));
            put(m, "after", c.after());
        } else if (e instanceof RunEvent.CleanupFinished) {
            RunEvent.CleanupFinished c = (RunEvent.CleanupFinished) e;
            m.put("event", "cleanup-finished");
            m.put("status", c.status());
            put(m, "succeeded".equals(c.status()) ? "message" : "error", c.message());
            m.put("durationMs", millis(c.duration()));
        } else if (e instanceof RunEvent.ResourceCreated) {
            RunEvent.ResourceCreated c = (RunEvent.ResourceCreated) e;
            m.put("event", "resource-created");
            put(m, "step", c.step());
            m.put("kind", c.kind());
            m.put("id", c.id());
            put(m, "region", c.region());
            put(m, "removal", c.removal());
        } else if (e instanceof RunEvent.ResourceChecked) {
            RunEvent.ResourceChecked c = (RunEvent.ResourceChecked) e;
            m.put("event", "resource-checked");
            put(m, "step", c.step());
            m.put("kind", c.kind());
            m.put("id", c.id());
            put(m, "region", c.region());
            put(m, "removal", c.removal());
            m.put("state", c.state());
            put(m, "message", c.message());
        } else {
            // Display-only events never reach the journal; anything new is still recorded, by its type.
            m.put("event", e.getClass().getSimpleName());
        }
        return m;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }

    private static String kind(Kind k) {
        return k == null ? null : label(k);
    }

    private static String label(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
