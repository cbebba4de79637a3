package dev.runbook.exec;

import dev.runbook.action.ActionRegistry;
import dev.runbook.model.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a runbook: the one place that decides dry-run, confirmation, {@code if}, retries, timeouts, {@code check},
 * {@code on-failure} and {@code undo}. Steps start as soon as every step they need has finished, up to
 * {@code parallelism} at once; prompts are asked one at a time. It talks to the outside only through a
 * {@link Confirmer}, an {@link ExecutionListener} and a {@link RunJournal}. Build one with {@link #builder()}.
 */
public final class Executor {
    final ActionRegistry registry;
    final ExpressionEvaluator expressions;
    final Confirmer confirmer;
    final ExecutionListener listener;
    final RunJournal journal;
    final Clock clock;
    final Sleeper sleeper;
    final int parallelism;
    final Mode mode;
    final String operator;
    final Duration cancelGrace;
    final InDoubtChoice inDoubt;
    final dev.runbook.approval.ApprovalGate approvals;
    final TabletopNotes tabletop;

    private Executor(Builder b) {
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.expressions = b.expressions != null ? b.expressions : DefaultExpressionEvaluator.withClock(b.clock);
        this.confirmer = b.confirmer;
        this.listener = b.listener;
        this.journal = b.journal;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.parallelism = b.parallelism;
        this.mode = b.mode;
        this.operator = b.operator;
        this.cancelGrace = b.cancelGrace;
        this.inDoubt = b.inDoubt;
        this.approvals = b.approvals;
        this.tabletop = b.tabletop;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a run in a thread of its own and returns its handle (for Ctrl-C: {@link Execution#interrupt()}).
     * {@code params} are the bound, typed parameters; {@code initial} is {@link RunState#fresh()} or a resumed state.
     */
    public Execution start(Runbook runbook, Map<String, Object> params, RunState initial) {
        RunLoop loop = new RunLoop(this, runbook, params, initial);
        return loop.start();
    }

    /** Runs to the end and returns how it went. Never throws for a step's failure: see {@link RunResult#status()}. */
    public RunResult run(Runbook runbook, Map<String, Object> params, RunState initial) {
        return start(runbook, params, initial).await();
    }

    /** Settings of an {@link Executor}; the registry is required, the rest have safe defaults. */
    public static final class Builder {
        private ActionRegistry registry;
        private ExpressionEvaluator expressions;
        private Confirmer confirmer = ScriptedConfirmer.noTerminal(false, Map.of());
        private ExecutionListener listener = ExecutionListener.NONE;
        private RunJournal journal = RunJournal.NONE;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private int parallelism = 4;
        private Mode mode = Mode.RUN;
        private String operator = System.getProperty("user.name", "operator");
        private Duration cancelGrace = Duration.ofSeconds(10);
        private InDoubtChoice inDoubt;
        private dev.runbook.approval.ApprovalGate approvals;
        private TabletopNotes tabletop = TabletopNotes.NONE;

        private Builder() {
        }

        public Builder registry(ActionRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** The expression language; by default the runbook one ({@link DefaultExpressionEvaluator}) on the clock. */
        public Builder expressions(ExpressionEvaluator expressions) {
            this.expressions = expressions;
            return this;
        }

        /** Who answers prompts; the default answers nothing (as without a terminal). */
        public Builder confirmer(Confirmer confirmer) {
            this.confirmer = Objects.requireNonNull(confirmer);
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder journal(RunJournal journal) {
            this.journal = Objects.requireNonNull(journal);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /** How many steps may run at once (at least 1). */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        /** The person running the runbook (the OS user by default): recorded, and never a second approver. */
        public Builder operator(String operator) {
            this.operator = Objects.requireNonNull(operator);
            return this;
        }

        /** How long a cancelled action (timeout, Ctrl-C) is given to stop before the run moves on without it. */
        public Builder cancelGrace(Duration cancelGrace) {
            this.cancelGrace = Objects.requireNonNull(cancelGrace);
            return this;
        }

        /** On resume, what to do with in-doubt mutating steps without asking ({@code --in-doubt}); null asks. */
        public Builder inDoubt(InDoubtChoice inDoubt) {
            this.inDoubt = inDoubt;
            return this;
        }

        /**
         * The run's plan and the decision on approvals ({@code confirm: { approvers: N }}); null: such a step
         * waits for approval (there is no plan to approve).
         */
        public Builder approvals(dev.runbook.approval.ApprovalGate approvals) {
            this.approvals = approvals;
            return this;
        }

        /** A tabletop's participants and notes ({@link Mode#TABLETOP}); none by default. */
        public Builder tabletop(TabletopNotes tabletop) {
            this.tabletop = Objects.requireNonNull(tabletop);
            return this;
        }

        public Executor build() {
            return new Executor(this);
        }
    }
}
