package dev.runbook.actions.aws;

import dev.runbook.action.Action;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.Preview;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What every AWS action shares: its spec, a dry-run preview made from the {@link ApiCall}s it would make (so the
 * preview and the real call cannot drift apart silently), and {@link #call}, which turns SDK failures into plain
 * messages. The SDK is only touched inside {@code apply}, through clients built on first use.
 */
abstract class AwsAction implements Action {
    private final ActionSpec spec;
    private final Supplier<AwsClients> clients;

    AwsAction(Supplier<AwsClients> clients, ActionSpec spec) {
        this.clients = clients;
        this.spec = spec;
    }

    @Override
    public final ActionSpec spec() {
        return spec;
    }

    @Override
    public Preview preview(Inputs inputs) {
        return ApiCall.preview(calls(inputs), notes(inputs));
    }

    /** The calls {@code apply} makes with these inputs, in order, with their parameters. */
    abstract List<ApiCall> calls(Inputs inputs);

    /** Extra preview lines (e.g. a before/after difference); none by default. Must not call AWS. */
    List<String> notes(Inputs inputs) {
        return List.of();
    }

    AwsClients aws() {
        return clients.get();
    }

    /**
     * Makes one SDK call, mapping its failure to a message for the operator ({@link AwsErrors}); an interrupted
     * call (step timeout, Ctrl-C) ends as an InterruptedException.
     */
    <T> T call(ApiCall what, String resource, Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (ActionFailedException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted() || isAbort(e)) {
                InterruptedException i = new InterruptedException(what.iamAction() + " interrupted");
                i.initCause(e);
                throw i;
            }
            String region = null;
            try {
                region = aws().region();
            } catch (ActionFailedException noRegion) {
                // the failure itself says what is wrong
            }
            throw AwsErrors.describe(e, what.iamAction(), resource, region);
        }
    }

    private static boolean isAbort(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c.getClass().getSimpleName().equals("AbortedException")) {
                return true;
            }
        }
        return false;
    }

    /** A required string input; the checker has already insisted on it, this guards direct callers. */
    static String required(Inputs inputs, String name) throws ActionFailedException {
        String v = inputs.string(name);
        if (v == null || v.isBlank()) {
            throw new ActionFailedException("input '" + name + "' is missing");
        }
        return v.trim();
    }

    /** Whether a restore's {@code time} input asks for the latest restorable time. */
    static boolean latest(Inputs inputs) {
        return "latest".equalsIgnoreCase(inputs.string("time", "").trim());
    }

    /** A restore's time as sent (ISO-8601, as the SDK writes an Instant), or as given when it is not a time. */
    static Object shownTime(Inputs inputs) {
        try {
            return time(inputs).toString();
        } catch (ActionFailedException e) {
            return inputs.get("time");
        }
    }

    /** A restore's {@code time} input: an ISO-8601 instant (callers have ruled out {@code latest}). */
    static Instant time(Inputs inputs) throws ActionFailedException {
        String text = required(inputs, "time");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ActionFailedException("time '" + text + "' is neither 'latest' nor an ISO-8601 instant "
                    + "such as 2026-11-22T03:55:00Z");
        }
    }
}
