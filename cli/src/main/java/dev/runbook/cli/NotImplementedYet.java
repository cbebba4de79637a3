package dev.runbook.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** Base of the commands that later issues fill in: says so plainly and exits 70. */
abstract class NotImplementedYet implements Callable<Integer> {

    abstract CommandSpec spec();

    @Override
    public Integer call() {
        spec().commandLine().getErr().println("runbook: '" + spec().qualifiedName(" ").replaceFirst("^runbook ", "")
                + "' is not implemented yet in runbook " + VersionProvider.version() + ".");
        return ExitCodes.INTERNAL;
    }
}
