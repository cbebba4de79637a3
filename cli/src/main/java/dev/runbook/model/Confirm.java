package dev.runbook.model;

/**
 * What a step asks of the operator before it runs: nothing, a y/N prompt, a value typed exactly (which
 * may be an expression, rendered before asking), or the approval of several different people.
 */
public sealed interface Confirm permits Confirm.None, Confirm.YesNo, Confirm.Typed, Confirm.Approvers {

    /** No confirmation. */
    record None() implements Confirm {
    }

    /** {@code confirm: true}: a y/N prompt whose default is No. */
    record YesNo(Location location) implements Confirm {
    }

    /** {@code confirm: { type: VALUE }}: the operator types VALUE exactly. */
    record Typed(Location location, Located<String> value) implements Confirm {
    }

    /**
     * {@code confirm: { approvers: N, from: [patterns] }}: N different people decide, the operator and N-1 approvers
     * who sign an approval of the run's plan ({@code runbook approve}); {@code from} (may be empty: anyone the
     * allowed signers or AWS identify) are glob patterns ({@code *}) over SSH principals and AWS ARNs.
     */
    record Approvers(Location location, int count, java.util.List<String> from) implements Confirm {
        public Approvers {
            from = from == null ? java.util.List.of() : java.util.List.copyOf(from);
        }

        public Approvers(Location location, int count) {
            this(location, count, java.util.List.of());
        }

        /** How many approvals besides the operator's decision the step needs. */
        public int others() {
            return count - 1;
        }
    }

    Confirm NONE = new None();
}
