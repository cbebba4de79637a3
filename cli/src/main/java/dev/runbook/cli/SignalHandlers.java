package dev.runbook.cli;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signals through the JDK's signal API, isolated here because it is not a standard one: SIGINT without a terminal
 * (CI, pipes), and SIGTERM and SIGHUP always, which end a run as an abort does and then the process with
 * 128 + the signal's number (143, 129).
 */
final class SignalHandlers {
    static final int SIGHUP = 1;
    static final int SIGTERM = 15;

    /** The first of SIGTERM or SIGHUP this process received (its number), or 0. */
    private static final AtomicInteger TERMINATED_BY = new AtomicInteger();

    private SignalHandlers() {
    }

    static void onInterrupt(Runnable handler) {
        handle("INT", handler);
    }

    /**
     * Runs {@code handler} on the first SIGTERM or SIGHUP; a second one runs {@code again}. A signal the process
     * was started ignoring (nohup) stays ignored.
     */
    static void onTermination(Runnable handler, Runnable again) {
        for (String name : new String[] {"TERM", "HUP"}) {
            int number = name.equals("TERM") ? SIGTERM : SIGHUP;
            handle(name, () -> {
                if (TERMINATED_BY.compareAndSet(0, number)) {
                    handler.run();
                } else {
                    again.run();
                }
            });
        }
    }

    /** The exit code for a run ended by SIGTERM or SIGHUP (128 + its number), or 0 when none came. */
    static int terminationExitCode() {
        int n = TERMINATED_BY.get();
        return n == 0 ? 0 : 128 + n;
    }

    /** The name of the signal that ended the run ("SIGTERM"), or null. */
    static String terminationSignal() {
        int n = TERMINATED_BY.get();
        return n == SIGTERM ? "SIGTERM" : n == SIGHUP ? "SIGHUP" : null;
    }

    @SuppressWarnings("restriction")
    private static void handle(String signal, Runnable handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> handler.run());
        } catch (IllegalArgumentException e) {
            // the signal cannot be handled on this platform (or is reserved): the JVM's default applies
        }
    }
}
