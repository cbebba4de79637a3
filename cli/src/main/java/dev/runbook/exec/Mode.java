package dev.runbook.exec;

/**
 * How much of a run is real: {@code RUN} applies every step, {@code DRY_RUN} applies none and shows what each would
 * do, {@code PREFLIGHT} applies the read-only steps whose inputs are known and shows the others, {@code TABLETOP}
 * applies none, walks every step in order as a dry-run shows it, and records the team's note on each
 * ({@link TabletopNotes}) in the journal: a rehearsal on paper.
 */
public enum Mode {
    RUN, DRY_RUN, PREFLIGHT, TABLETOP;

    /** Whether no step is applied at all (a dry-run, a tabletop): steps are planned one at a time, in file order. */
    public boolean appliesNothing() {
        return this == DRY_RUN || this == TABLETOP;
    }
}
