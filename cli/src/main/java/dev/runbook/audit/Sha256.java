package dev.runbook.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** SHA-256 of files, as lower-case hex (the runbook's fingerprint recorded on run start). */
public final class Sha256 {
    private Sha256() {
    }

    public static String ofFile(Path file) throws IOException {
        MessageDigest sha = RecordCodec.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return RecordCodec.hex(sha.digest());
    }

    public static String of(byte[] bytes) {
        return RecordCodec.hex(RecordCodec.sha256().digest(bytes));
    }
}
