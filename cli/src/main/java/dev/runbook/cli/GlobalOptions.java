package dev.runbook.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Flags every command accepts, wherever they are written on the command line (declared once, on the root). */
public final class GlobalOptions {
    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Show stack traces and diagnostic logging.")
    boolean debug;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "Plain output without colours or symbols (also: the NO_COLOR variable).")
    boolean noColor;

    /** The global options as parsed, seen from any command. */
    static GlobalOptions of(CommandSpec spec) {
        return ((Main) spec.root().userObject()).global;
    }
}
