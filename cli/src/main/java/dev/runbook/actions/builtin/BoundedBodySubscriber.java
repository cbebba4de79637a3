package dev.runbook.actions.builtin;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/** Reads a response body to its end while keeping only its first bytes, so a huge answer costs bounded memory. */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<BoundedBodySubscriber.Body> {

    /** The text kept (with a marker when bytes were dropped) and whether it is the whole body. */
    record Body(String text, boolean complete) {
    }

    private final BoundedCapture capture;
    private final Charset charset;
    private final CompletableFuture<Body> result = new CompletableFuture<>();

    /** {@code atCut} is applied to the kept text when the body was cut ({@code ActionContext.maskCutEnd}). */
    BoundedBodySubscriber(int limit, Charset charset, UnaryOperator<String> atCut) {
        this.capture = new BoundedCapture(limit, atCut);
        this.charset = charset;
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        // Memory stays bounded whatever the demand: bytes past the limit are counted, not kept.
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            capture.write(b);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(capture.text(charset, false), capture.complete()));
    }
}
