package dev.runbook.cli;

/** SIGINT without a terminal (CI, pipes): the JDK's signal API, isolated here because it is not a standard one. */
final class SignalHandlers {
    private SignalHandlers() {
    }

    @SuppressWarnings("restriction")
    static void onInterrupt(Runnable handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> handler.run());
        } catch (IllegalArgumentException e) {
            // the signal cannot be handled on this platform: Ctrl-C then ends the JVM as usual (exit 130)
        }
    }
}
