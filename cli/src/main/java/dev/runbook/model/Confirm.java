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

    /** {@code confirm: { approvers: N }}: N different people approve. */
    record Approvers(Location location, int count) implements Confirm {
    }

    Confirm NONE = new None();
}
