package dev.runbook.actions.builtin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.function.UnaryOperator;

/**
 * Keeps the first {@code limit} bytes of a stream and counts the rest, so that a child or a server that sends
 * gigabytes costs a bounded amount of memory while the stream is still read to its end.
 */
final class BoundedCapture {
    /** The most an action keeps of one stream or body: 1 MiB. */
    static final int DEFAULT_LIMIT = 1024 * 1024;

    private final int limit;
    /** Applied to the kept text when the rest was not kept, so that no secret's first characters end it. */
    private final UnaryOperator<String> atCut;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedCapture(int limit, UnaryOperator<String> atCut) {
        this.limit = limit;
        this.atCut = atCut;
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int room = limit - kept.size();
        int take = Math.max(0, Math.min(room, length));
        kept.write(bytes, offset, take);
        dropped += length - take;
    }

    /** Keeps what fits of the buffer's remaining bytes and counts the rest; consumes the buffer. */
    synchronized void write(ByteBuffer buffer) {
        int n = buffer.remaining();
        int take = Math.max(0, Math.min(limit - kept.size(), n));
        if (take > 0) {
            byte[] chunk = new byte[take];
            buffer.get(chunk);
            kept.write(chunk, 0, take);
        }
        dropped += n - take;
        buffer.position(buffer.limit());
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized boolean complete() {
        return dropped == 0;
    }

    /** The text kept, with one trailing newline trimmed, and a marker saying how much was not kept. */
    synchronized String text(Charset charset) {
        return text(charset, true);
    }

    /** The text kept, and a marker saying how much was not kept. */
    synchronized String text(Charset charset, boolean trimNewline) {
        String s = kept.toString(charset);
        if (trimNewline && s.endsWith("\n")) {
            s = s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1));
        }
        if (dropped > 0) {
            s = atCut.apply(s) + "\n[... " + dropped + " more bytes not kept]";
        }
        return s;
    }
}
