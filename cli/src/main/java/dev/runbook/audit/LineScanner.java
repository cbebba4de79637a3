package dev.runbook.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads a file line by line as bytes, with each line's number and byte offset, without decoding or copying a line
 * unless it spans two reads. The current line is {@code buf[off, off + len)}, without its {@code \n}.
 */
final class LineScanner {
    private final FileChannel ch;
    private byte[] data = new byte[1 << 20];
    private int start;
    private int limit;
    private long dataPos;
    private boolean eof;

    byte[] buf;
    int off;
    int len;
    long offset;
    long lineNo;
    boolean terminated;

    LineScanner(FileChannel ch, long from, long firstLineNo) {
        this.ch = ch;
        this.dataPos = from;
        this.lineNo = firstLineNo - 1;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        while (true) {
            for (int i = start; i < limit; i++) {
                if (data[i] == '\n') {
                    return take(i, true);
                }
            }
            if (eof) {
                return start < limit && take(limit, false);
            }
            fill();
        }
    }

    private boolean take(int end, boolean nl) {
        buf = data;
        off = start;
        len = end - start;
        offset = dataPos + start;
        terminated = nl;
        lineNo++;
        start = nl ? end + 1 : end;
        return true;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(data, start, data, 0, limit - start);
            dataPos += start;
            limit -= start;
            start = 0;
        }
        if (limit == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        ByteBuffer bb = ByteBuffer.wrap(data, limit, data.length - limit);
        int n = ch.read(bb, dataPos + limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }
}
