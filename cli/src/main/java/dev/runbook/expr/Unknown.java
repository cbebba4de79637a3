package dev.runbook.expr;

/**
 * A value not known yet (an output of a step that has not run, during a dry-run). Any expression that reads an
 * Unknown evaluates to an Unknown; rendered into text it shows as {@code <steps.x.outputs.y>}.
 */
public record Unknown(String label) {
    @Override
    public String toString() {
        return "<" + label + ">";
    }
}
