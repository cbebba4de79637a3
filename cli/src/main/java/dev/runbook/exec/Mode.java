package dev.runbook.exec;

/**
 * How much of a run is real: {@code RUN} applies every step, {@code DRY_RUN} applies none and shows what each would
 * do, {@code PREFLIGHT} applies the read-only steps whose inputs are known and shows the others.
 */
public enum Mode {
    RUN, DRY_RUN, PREFLIGHT
}
