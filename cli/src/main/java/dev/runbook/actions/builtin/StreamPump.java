package dev.runbook.actions.builtin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.function.Consumer;

/**
 * Reads one output stream of a child process to its end on its own thread: streams it line by line to the
 * operator (lines cut at 8 KiB), keeps a bounded copy for the action's outputs, and remembers the last few lines
 * for failure messages. A line still being rewritten with carriage returns (a progress bar: {@code 10%\r20%\r})
 * is reported as progress, its latest state, while it lasts. Always draining the pipe is what keeps a chatty child
 * from blocking on a full pipe.
 */
final class StreamPump implements Runnable {
    /** Longest line streamed as is; longer ones are cut with a marker. */
    static final int MAX_LINE = 8 * 1024;
    private static final int TAIL_LINES = 5;

    private final String stream;
    private final InputStream in;
    private final BiConsumer<String, String> sink;
    private final Consumer<String> progress;
    private final BoundedCapture capture;
    private final UnaryOperator<String> atCut;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Deque<String> tail = new ArrayDeque<>();
    private long lineOverflow;
    private volatile boolean sinkBroken;
    private volatile IOException failure;

    /**
     * {@code atCut} is applied to the kept part of a line or capture that was cut ({@code ActionContext.maskCutEnd});
     * {@code progress} gets the latest state of a line that rewrites itself with carriage returns.
     */
    StreamPump(String stream, InputStream in, BiConsumer<String, String> sink, int captureLimit,
            UnaryOperator<String> atCut, Consumer<String> progress) {
        this.stream = stream;
        this.in = in;
        this.sink = sink;
        this.atCut = atCut;
        this.progress = progress;
        this.capture = new BoundedCapture(captureLimit, atCut);
    }

    /** Stops sending lines to the operator (the step has ended); capture goes on until the pipe closes. */
    void detach() {
        sinkBroken = true;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (InputStream input = in) {
            int n;
            while ((n = input.read(buffer)) != -1) {
                capture.write(buffer, 0, n);
                split(buffer, n);
                reportRewrittenLine();
            }
        } catch (IOException e) {
            // The stream was closed under us (the process was killed): what was read so far stands.
            failure = e;
        } finally {
            if (line.size() > 0 || lineOverflow > 0) {
                emit();
            }
        }
    }

    private void split(byte[] buffer, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                append(buffer, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(buffer, start, n - start);
    }

    /** The line read so far, when it rewrote itself with a carriage return: what follows the last one, as progress. */
    private void reportRewrittenLine() {
        if (sinkBroken || line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\r') {
            end--;
        }
        int cr = text.lastIndexOf('\r', end - 1);
        if (cr < 0 || cr + 1 >= end) {
            return;
        }
        try {
            progress.accept(text.substring(cr + 1, end));
        } catch (RuntimeException e) {
            sinkBroken = true;
        }
    }

    private void append(byte[] buffer, int offset, int length) {
        int room = MAX_LINE - line.size();
        int take = Math.max(0, Math.min(room, length));
        line.write(buffer, offset, take);
        lineOverflow += length - take;
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (lineOverflow > 0) {
            text = atCut.apply(text) + " [... line cut, " + lineOverflow + " more bytes]";
        }
        line.reset();
        lineOverflow = 0;
        synchronized (tail) {
            tail.addLast(text);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
        if (!sinkBroken) {
            try {
                sink.accept(stream, text);
            } catch (RuntimeException e) {
                // A failing display must not stop the draining, or the child would block on a full pipe.
                sinkBroken = true;
            }
        }
    }

    BoundedCapture capture() {
        return capture;
    }

    /** The last lines seen (at most five), oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    IOException failure() {
        return failure;
    }
}
