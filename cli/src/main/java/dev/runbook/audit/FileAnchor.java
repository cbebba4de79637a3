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
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
                FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (NoSuchFileException e) {
            throw new IOException("no such folder: " + file.getParent(), e);
        } catch (IOException e) {
            throw new IOException(Messages.describe(e), e);
        }
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
