package dev.runbook.audit;

import dev.runbook.error.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code file:///PATH}: checkpoints appended to a second file (JSON Lines, one canonical checkpoint a line), under an
 * exclusive lock and forced to disk: for tests, and for a share mounted from another machine. The file is created
 * (not its folder) when missing. Lines that are not checkpoints are passed over when read.
 */
public final class FileAnchor implements Anchor {
    private final String uri;
    private final Path file;
    /** Kept open between checkpoints (one open per run, not per step). */
    private FileChannel channel;

    public FileAnchor(String uri, Path file) {
        this.uri = uri;
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public synchronized void put(Checkpoint checkpoint, Duration within) throws IOException {
        byte[] line = (checkpoint.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            try (FileLock ignored = channel.lock()) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                channel.force(false);
            }
        } catch (NoSuchFileException e) {
            reset();
            throw new IOException("no such folder: " + file.getParent(), e);
        } catch (IOException e) {
            // opened again next time: the share may have been remounted
            reset();
            throw new IOException(Messages.describe(e), e);
        }
    }

    private void reset() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // already failing
            }
        }
    }

    @Override
    public synchronized void close() {
        reset();
    }

    @Override
    public List<Checkpoint> list(String log) throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Checkpoint c = Checkpoint.parse(line);
                if (log == null || log.equals(c.log())) {
                    out.add(c);
                }
            } catch (IllegalArgumentException e) {
                // not a checkpoint: a torn last line of a crashed writer, or someone else's line
            }
        }
        return out;
    }
}
