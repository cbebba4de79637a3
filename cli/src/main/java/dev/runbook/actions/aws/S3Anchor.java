package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.audit.Anchor;
import dev.runbook.audit.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3://BUCKET/PREFIX}: one object per checkpoint, key {@code PREFIX/LOG/SEQ-MILLIS.json} (seq zero-padded to 20
 * digits, so that keys sort by seq; the checkpoint's time in epoch milliseconds, so that heartbeats of one head do
 * not overwrite each other). The bucket's Object Lock configuration is read once (the first checkpoint): when Object
 * Lock is enabled, every object is written in COMPLIANCE mode retained until now + the retention, with its
 * {@code Content-MD5} (which S3 requires for a put with a retention).
 */
final class S3Anchor implements Anchor {
    private final String uri;
    private final String bucket;
    private final String prefix;
    private final Duration retention;
    private final AwsClients clients;
    private final Clock clock;
    private volatile Boolean locked;

    S3Anchor(String uri, String bucket, String prefix, Duration retention, AwsClients clients, Clock clock) {
        this.uri = uri;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.retention = retention;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public String uri() {
        return uri;
    }

    String key(Checkpoint c) {
        long millis;
        try {
            millis = java.time.Instant.parse(c.ts()).toEpochMilli();
        } catch (RuntimeException e) {
            millis = clock.millis();
        }
        return prefix + c.log() + "/" + String.format("%020d", c.seq()) + "-" + millis + ".json";
    }

    @Override
    public void put(Checkpoint c, Duration within) throws IOException {
        S3Client s3 = client();
        byte[] body = c.toBytes();
        try {
            if (locked == null) {
                locked = objectLockEnabled(s3, within);
            }
            PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key(c))
                    .contentType("application/json").contentMD5(md5(body))
                    .overrideConfiguration(o -> o.apiCallTimeout(within));
            if (locked) {
                req.objectLockMode(ObjectLockMode.COMPLIANCE)
                        .objectLockRetainUntilDate(clock.instant().plus(retention));
            }
            s3.putObject(req.build(), RequestBody.fromBytes(body));
        } catch (RuntimeException e) {
            throw new IOException(AwsErrors.describe(e, "s3:PutObject", "bucket '" + bucket + "'").getMessage(), e);
        }
    }

    private boolean objectLockEnabled(S3Client s3, Duration within) {
        try {
            GetObjectLockConfigurationResponse r = s3.getObjectLockConfiguration(b -> b.bucket(bucket)
                    .overrideConfiguration(o -> o.apiCallTimeout(within)));
            return r.objectLockConfiguration() != null
                    && r.objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED;
        } catch (RuntimeException e) {
            if (AwsErrors.hasCode(e, "ObjectLockConfigurationNotFoundError")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Checkpoint> list(String log) throws IOException {
        S3Client s3 = client();
        List<Checkpoint> out = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(log == null ? prefix : prefix + log + "/");
                if (token != null) {
                    req.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(req.build());
                for (S3Object o : page.contents()) {
                    if (!o.key().endsWith(".json")) {
                        continue;
                    }
                    String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asString(
                            StandardCharsets.UTF_8);
                    try {
                        Checkpoint c = Checkpoint.parse(text.trim());
                        if (log == null || log.equals(c.log())) {
                            out.add(c);
                        }
                    } catch (IllegalArgumentException e) {
                        // an object that is not a checkpoint
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (RuntimeException e) {
            throw new IOException(AwsErrors.describe(e, "s3:ListBucket", "bucket '" + bucket + "'").getMessage(), e);
        }
        return out;
    }

    private S3Client client() throws IOException {
        try {
            return clients.s3();
        } catch (ActionFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String md5(byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
