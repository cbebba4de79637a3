package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.set;


import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

/** Flags every command accepts, wherever they are written on the command line (declared once, on the root). */
public final class GlobalOptions {
    boolean debug;

    boolean noColor;

    /** Adds the global options to the root command; picocli copies them to every subcommand added after. */
    static GlobalOptions addTo(CommandSpec root) {
        GlobalOptions global = new GlobalOptions();
        root.addOption(option("--debug").scopeType(ScopeType.INHERIT).type(boolean.class)
                .description("Show stack traces and diagnostic logging.")
                .setter(set((Boolean v) -> global.debug = v)).build());
        root.addOption(option("--no-color").scopeType(ScopeType.INHERIT).type(boolean.class)
                .description("Plain output without colours or symbols (also: the NO_COLOR variable).")
                .setter(set((Boolean v) -> global.noColor = v)).build());
        return global;
    }

    /** The global options as parsed, seen from any command. */
    static GlobalOptions of(CommandSpec spec) {
        return ((Main) spec.root().userObject()).global;
    }
}
