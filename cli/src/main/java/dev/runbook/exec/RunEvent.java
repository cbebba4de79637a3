package dev.runbook.exec;

import dev.runbook.action.Kind;
import dev.runbook.action.Preview;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a run, in order: what the journal records and what listeners show. Every event passes
 * through the run's {@link Redactor} ({@link #redacted}) before anyone sees it.
 */
public sealed interface RunEvent permits RunEvent.RunStarted, RunEvent.ActorIdentified, RunEvent.StepPlanned, RunEvent.InstructionsShown,
        RunEvent.PromptAsked, RunEvent.PromptAnswered, RunEvent.StepStarted, RunEvent.StepOutput,
        RunEvent.StepProgress, RunEvent.RetryScheduled, RunEvent.StepFinished, RunEvent.StepCarriedOver,
        RunEvent.UndoStarted, RunEvent.UndoFinished, RunEvent.RunFinished, RunEvent.PlanRecorded,
        RunEvent.ApprovalDecided, RunEvent.AwaitingApproval, RunEvent.ParticipantsRecorded, RunEvent.StepNoted,
        RunEvent.CleanupStarted, RunEvent.CleanupFinished, RunEvent.ResourceCreated, RunEvent.ResourceChecked {

    String runId();

    Instant at();

    /** False for display-only events (live output, progress), which are not sent to the journal. */
    default boolean recorded() {
        return true;
    }

    /** This event with every secret value replaced by {@code ***}. */
    RunEvent redacted(Redactor r);

    /** The run begins; {@code params} are the bound parameters. {@code resumed} is true for {@code resume}. */
    record RunStarted(String runId, Instant at, String runbook, String file, Map<String, Object> params, Mode mode,
            String operator, boolean resumed) implements RunEvent {
        public RunStarted {
            params = copy(params);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new RunStarted(runId, at, runbook, file, r.redactMap(params), mode, operator, resumed);
        }
    }

    /**
     * At run start, before any prompt: who the run acts as on an outside system ({@code system} e.g. {@code aws}),
     * as that system reported it; {@code summary} is the line shown to the operator. Journaled: it is the actor.
     */
    record ActorIdentified(String runId, Instant at, String system, String actor, String account, String region,
            String summary) implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new ActorIdentified(runId, at, system, actor, account, region, r.redact(summary));
        }
    }

    /** A tabletop begins: who took part (as given by {@code --participants} or asked at the terminal). */
    record ParticipantsRecorded(String runId, Instant at, List<String> participants) implements RunEvent {
        public ParticipantsRecorded {
            participants = List.copyOf(participants);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            List<String> clean = new ArrayList<>();
            for (String p : participants) {
                clean.add(r.redact(p));
            }
            return new ParticipantsRecorded(runId, at, clean);
        }
    }

    /** A tabletop: the team's note on a step just walked through; {@code by} is who recorded it. */
    record StepNoted(String runId, Instant at, String step, String title, String note, String by)
            implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new StepNoted(runId, at, step, title, r.redact(note), by);
        }
    }

    /**
     * Dry-run and preflight: what a step would do. {@code condition} is {@code "true"}, {@code "false"},
     * {@code "decided at run time"}, or null when the step has no {@code if}. {@code prompts} describe what would be
     * asked; {@code note} says why it was not applied.
     */
    record StepPlanned(String runId, Instant at, String step, String title, String action, Kind kind,
            Map<String, Object> inputs, Preview preview, List<String> prompts, String condition, String note,
            Governs governs) implements RunEvent {
        public StepPlanned {
            inputs = copy(inputs);
            prompts = List.copyOf(prompts);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new StepPlanned(runId, at, step, title, action, kind, r.redactMap(inputs), r.redact(preview),
                    redactAll(r, prompts), condition == null ? null : r.redact(condition), r.redact(note),
                    governs == null ? null : governs.redacted(r));
        }
    }

    /** A step's {@code instructions}, shown before it runs or asks. */
    record InstructionsShown(String runId, Instant at, String step, String text) implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new InstructionsShown(runId, at, step, r.redact(text));
        }
    }

    /** A question put to the operator. */
    record PromptAsked(String runId, Instant at, String step, PromptKind kind, String question) implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new PromptAsked(runId, at, step, kind, r.redact(question));
        }
    }

    /** The answer: accepted or not, by whom ({@code --yes}, {@code --confirm}, or names), and a detail. */
    record PromptAnswered(String runId, Instant at, String step, PromptKind kind, boolean accepted,
            List<String> decidedBy, String detail) implements RunEvent {
        public PromptAnswered {
            decidedBy = List.copyOf(decidedBy);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new PromptAnswered(runId, at, step, kind, accepted, decidedBy, r.redact(detail));
        }
    }

    /** An attempt of a step is about to apply its action (journaled before the action runs). */
    record StepStarted(String runId, Instant at, String step, String title, String action, Kind kind, int attempt,
            Map<String, Object> inputs) implements RunEvent {
        public StepStarted {
            inputs = copy(inputs);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new StepStarted(runId, at, step, title, action, kind, attempt, r.redactMap(inputs));
        }
    }

    /** A line of an action's own output. Display only. */
    record StepOutput(String runId, Instant at, String step, String stream, String line) implements RunEvent {
        @Override
        public boolean recorded() {
            return false;
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new StepOutput(runId, at, step, stream, r.redactLine(line));
        }
    }

    /** A live status line of a running action. Display only. */
    record StepProgress(String runId, Instant at, String step, String message) implements RunEvent {
        @Override
        public boolean recorded() {
            return false;
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new StepProgress(runId, at, step, r.redactLine(message));
        }
    }

    /** An attempt failed and attempt {@code nextAttempt} follows after {@code delay}. */
    record RetryScheduled(String runId, Instant at, String step, int nextAttempt, Duration delay, String error)
            implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new RetryScheduled(runId, at, step, nextAttempt, delay, r.redact(error));
        }
    }

    /** A step ended; {@code message} explains a failure or skip, {@code attempts} is 0 when it never started. */
    record StepFinished(String runId, Instant at, String step, String title, StepStatus status,
            Map<String, Object> outputs, String message, Duration duration, int attempts) implements RunEvent {
        public StepFinished {
            outputs = copy(outputs);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new StepFinished(runId, at, step, title, status, r.redactMap(outputs), r.redact(message), duration,
                    attempts);
        }
    }

    /** On resume: a step completed in the earlier run, not run again; its outputs are used as recorded. */
    record StepCarriedOver(String runId, Instant at, String step, String title, StepStatus status)
            implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return this;
        }
    }

    /** During a rollback: the undo of a step is about to be applied (journaled before it runs). */
    record UndoStarted(String runId, Instant at, String step, String action, Kind kind, Map<String, Object> inputs)
            implements RunEvent {
        public UndoStarted {
            inputs = copy(inputs);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new UndoStarted(runId, at, step, action, kind, r.redactMap(inputs));
        }
    }

    /** The undo of a step ended: ROLLED_BACK, FAILED, TIMED_OUT or DECLINED. */
    record UndoFinished(String runId, Instant at, String step, StepStatus status, String message, Duration duration)
            implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new UndoFinished(runId, at, step, status, r.redact(message), duration);
        }
    }

    /**
     * The run ended: its status, why (for failures), how long it took and how many steps ended how.
     * {@code notUndone}: after a rollback that did not complete, each completed step left as it is, in rollback order,
     * with why (its undo was declined or failed, it has no undo, or the rollback stopped before it); else empty.
     */
    record RunFinished(String runId, Instant at, RunStatus status, String message, Duration duration,
            Map<StepStatus, Integer> counts, Map<String, String> notUndone) implements RunEvent {
        public RunFinished {
            counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
            notUndone = notUndone == null || notUndone.isEmpty() ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(notUndone));
        }

        public RunFinished(String runId, Instant at, RunStatus status, String message, Duration duration,
                Map<StepStatus, Integer> counts) {
            this(runId, at, status, message, duration, counts, Map.of());
        }

        @Override
        public RunEvent redacted(Redactor r) {
            Map<String, String> why = new LinkedHashMap<>();
            notUndone.forEach((k, v) -> why.put(k, r.redact(v)));
            return new RunFinished(runId, at, status, r.redact(message), duration, counts, why);
        }
    }

    /** At the start of a run with approval steps: the plan it executes (approvals name its digest). */
    record PlanRecorded(String runId, Instant at, String planDigest, Map<String, Object> plan) implements RunEvent {
        public PlanRecorded {
            plan = copy(plan);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return this; // a plan holds secrets only as salted hashes
        }
    }

    /**
     * One approval given for a step, decided by the approval policy: {@code accepted}, or refused with
     * {@code reason}. {@code approver} is who its proof identifies (null when it does not hold), {@code approval} the
     * approval as given (so that {@code audit verify} can check its signature again), {@code evidence} what proved
     * the identity (the STS answer, the key).
     */
    record ApprovalDecided(String runId, Instant at, String step, boolean accepted, String method, String approver,
            String planDigest, String reason, String source, Map<String, Object> approval,
            Map<String, Object> evidence) implements RunEvent {
        public ApprovalDecided {
            approval = copy(approval);
            evidence = copy(evidence);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return this;
        }
    }

    /**
     * The run stops before {@code step}: it has {@code have} of the {@code needed} approvals. {@code approveCommand}
     * is what the approver runs, {@code resumeCommand} what the operator runs then.
     */
    record AwaitingApproval(String runId, Instant at, String step, int needed, int have, String planDigest,
            String approveCommand, String resumeCommand) implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return this;
        }
    }

    /**
     * The clean-up ({@code cleanup:}) begins, after the main steps ended as {@code after} (a {@link RunStatus} label):
     * the clean-up steps still to run, in file order. In a dry-run, preflight or tabletop it opens the section where
     * they are only shown.
     */
    record CleanupStarted(String runId, Instant at, List<String> steps, String after) implements RunEvent {
        public CleanupStarted {
            steps = List.copyOf(steps);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return this;
        }
    }

    /**
     * The clean-up ended: {@code status} is {@code succeeded}, {@code failed}, {@code interrupted}, {@code declined}
     * (the operator answered no to "Run clean-up?") or {@code planned} (only shown); {@code message} says why when it
     * did not succeed.
     */
    record CleanupFinished(String runId, Instant at, String status, String message, Duration duration)
            implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new CleanupFinished(runId, at, status, r.redact(message), duration);
        }
    }

    /** An action of {@code step} registered a resource it created ({@link dev.runbook.action.CreatedResource}). */
    record ResourceCreated(String runId, Instant at, String step, String kind, String id, String region,
            String removal) implements RunEvent {
        @Override
        public RunEvent redacted(Redactor r) {
            return new ResourceCreated(runId, at, step, kind, r.redact(id), region, r.redact(removal));
        }
    }

    /**
     * After the clean-up: whether a registered resource is still there. {@code state} is {@code gone},
     * {@code leftover} (still there: {@code removal} removes it) or {@code unknown} (the probe failed, or no probe
     * knows the kind: {@code message} says why).
     */
    record ResourceChecked(String runId, Instant at, String step, String kind, String id, String region,
            String removal, String state, String message) implements RunEvent {
        public boolean leftover() {
            return "leftover".equals(state);
        }

        @Override
        public RunEvent redacted(Redactor r) {
            return new ResourceChecked(runId, at, step, kind, r.redact(id), region, r.redact(removal), state,
                    r.redact(message));
        }
    }

    private static Map<String, Object> copy(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static List<String> redactAll(Redactor r, List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            out.add(r.redact(t));
        }
        return out;
    }
}
