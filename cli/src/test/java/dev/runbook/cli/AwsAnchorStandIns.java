package dev.runbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process stand-ins for the two AWS anchors, on WireMock (a free loopback port): an S3 bucket (REST XML:
 * GetObjectLockConfiguration, PutObject, ListObjectsV2, GetObject) that checks the Object Lock headers of every put
 * when its bucket has Object Lock, as S3 does; and a CloudWatch Logs group (JSON 1.1: PutLogEvents, CreateLogStream,
 * GetLogEvents). Each keeps what was written in memory, counts the requests, and can be made to fail.
 */
final class AwsAnchorStandIns {
    private AwsAnchorStandIns() {
    }

    /** The S3 stand-in: one bucket, path-style requests. */
    static final class S3 extends ResponseDefinitionTransformerV2Base {
        final String bucket;
        volatile boolean objectLock = true;
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        /** Every PutObject's headers, in order. */
        final List<Map<String, String>> puts = new CopyOnWriteArrayList<>();

        S3(String bucket) {
            super("s3-stand-in");
            this.bucket = bucket;
        }

        @Override
        ResponseDefinition answer(Request r) {
            String path = URLDecoder.decode(r.getUrl().split("\\?", 2)[0], StandardCharsets.UTF_8);
            String query = r.getUrl().contains("?") ? r.getUrl().split("\\?", 2)[1] : "";
            if (!path.startsWith("/" + bucket)) {
                return xmlError(404, "NoSuchBucket", "The specified bucket does not exist");
            }
            String key = path.length() > bucket.length() + 2 ? path.substring(bucket.length() + 2) : "";
            if (r.getMethod().getName().equals("GET") && key.isEmpty() && query.contains("object-lock")) {
                if (!objectLock) {
                    return xmlError(404, "ObjectLockConfigurationNotFoundError",
                            "Object Lock configuration does not exist for this bucket");
                }
                return xml("<ObjectLockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
            }
            if (r.getMethod().getName().equals("PUT") && !key.isEmpty()) {
                Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String name : r.getAllHeaderKeys()) {
                    h.put(name, r.getHeader(name));
                }
                puts.add(h);
                byte[] body = String.valueOf(h.get("x-amz-content-sha256")).startsWith("STREAMING-")
                        || String.valueOf(h.get("Content-Encoding")).contains("aws-chunked") ? unchunk(r.getBody())
                        : r.getBody();
                String md5 = h.get("Content-MD5");
                if (objectLock && (h.get("x-amz-object-lock-mode") != null
                        || h.get("x-amz-object-lock-retain-until-date") != null)) {
                    if (md5 == null && h.keySet().stream().noneMatch(k -> k.toLowerCase().startsWith("x-amz-checksum-"))) {
                        return xmlError(400, "InvalidRequest", "Content-MD5 OR x-amz-checksum- HTTP header is "
                                + "required for Put Object requests with Object Lock parameters");
                    }
                }
                if (md5 != null && !md5.equals(md5(body))) {
                    return xmlError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
                }
                objects.put(key, body);
                return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                        .withHeader("ETag", "\"" + hex(md5Bytes(body)) + "\"").build();
            }
            if (r.getMethod().getName().equals("GET") && key.isEmpty() && query.contains("list-type=2")) {
                String prefix = "";
                for (String p : query.split("&")) {
                    if (p.startsWith("prefix=")) {
                        prefix = URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8);
                    }
                }
                StringBuilder x = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<Name>" + bucket + "</Name><Prefix>" + prefix + "</Prefix><IsTruncated>false</IsTruncated>");
                int n = 0;
                for (String k : new java.util.TreeSet<>(objects.keySet())) {
                    if (k.startsWith(prefix)) {
                        n++;
                        x.append("<Contents><Key>").append(k).append("</Key><LastModified>").append(Instant.now())
                                .append("</LastModified><Size>").append(objects.get(k).length)
                                .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
                    }
                }
                x.append("<KeyCount>").append(n).append("</KeyCount></ListBucketResult>");
                return xml(x.toString());
            }
            if (r.getMethod().getName().equals("GET") && !key.isEmpty()) {
                byte[] body = objects.get(key);
                if (body == null) {
                    return xmlError(404, "NoSuchKey", "The specified key does not exist.");
                }
                return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(body).build();
            }
            return xmlError(400, "NotImplemented", "the stand-in does not answer " + r.getMethod() + " " + r.getUrl());
        }

        static ResponseDefinition xml(String body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/xml").withBody(body).build();
        }

        static ResponseDefinition xmlError(int status, String code, String message) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/xml")
                    .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
                            + message + "</Message><RequestId>r-1</RequestId></Error>").build();
        }
    }

    /** The CloudWatch Logs stand-in: one existing group; streams are created by CreateLogStream. */
    static final class Logs extends ResponseDefinitionTransformerV2Base {
        static final ObjectMapper JSON = new ObjectMapper();
        final String group;
        final Map<String, List<ObjectNode>> streams = new ConcurrentHashMap<>();
        final List<String> operations = new CopyOnWriteArrayList<>();

        Logs(String group) {
            super("logs-stand-in");
            this.group = group;
        }

        @Override
        ResponseDefinition answer(Request r) {
            String target = r.getHeader("X-Amz-Target");
            String op = target == null ? "?" : target.substring(target.indexOf('.') + 1);
            operations.add(op);
            JsonNode in;
            try {
                in = JSON.readTree(r.getBodyAsString());
            } catch (Exception e) {
                return error(400, "SerializationException", "not JSON");
            }
            if (!group.equals(in.path("logGroupName").asText())) {
                return error(400, "ResourceNotFoundException", "The specified log group does not exist.");
            }
            String stream = in.path("logStreamName").asText();
            switch (op) {
                case "CreateLogStream":
                    if (streams.putIfAbsent(stream, new CopyOnWriteArrayList<>()) != null) {
                        return error(400, "ResourceAlreadyExistsException", "The specified log stream already exists");
                    }
                    return json("{}");
                case "PutLogEvents": {
                    List<ObjectNode> events = streams.get(stream);
                    if (events == null) {
                        return error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
                    }
                    for (JsonNode e : in.path("logEvents")) {
                        ObjectNode stored = JSON.createObjectNode();
                        stored.put("timestamp", e.path("timestamp").asLong());
                        stored.put("message", e.path("message").asText());
                        stored.put("ingestionTime", System.currentTimeMillis());
                        events.add(stored);
                    }
                    return json("{\"nextSequenceToken\":\"" + events.size() + "\"}");
                }
                case "GetLogEvents": {
                    List<ObjectNode> events = streams.get(stream);
                    if (events == null) {
                        return error(400, "ResourceNotFoundException", "The specified log stream does not exist.");
                    }
                    // pages of two, so that reading follows nextForwardToken to the end
                    int from = in.hasNonNull("nextToken") ? Integer.parseInt(in.path("nextToken").asText()
                            .substring(2)) : 0;
                    int to = Math.min(events.size(), from + 2);
                    ObjectNode out = JSON.createObjectNode();
                    ArrayNode page = out.putArray("events");
                    for (int i = from; i < to; i++) {
                        page.add(events.get(i));
                    }
                    out.put("nextForwardToken", "f/" + to);
                    out.put("nextBackwardToken", "b/" + from);
                    return json(out.toString());
                }
                default:
                    return error(400, "InvalidAction", "the stand-in does not answer " + op);
            }
        }

        static ResponseDefinition json(String body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body).build();
        }

        static ResponseDefinition error(int status, String code, String message) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").build();
        }
    }

    /** Counts requests, fails them all from request {@code failFrom} on (1-based; 0: never) with a 503. */
    abstract static class ResponseDefinitionTransformerV2Base implements ResponseDefinitionTransformerV2 {
        private final String name;
        final AtomicInteger requests = new AtomicInteger();
        volatile int failFrom;
        WireMockServer server;

        ResponseDefinitionTransformerV2Base(String name) {
            this.name = name;
        }

        abstract ResponseDefinition answer(Request r);

        @Override
        public ResponseDefinition transform(ServeEvent e) {
            int n = requests.incrementAndGet();
            if (failFrom > 0 && n >= failFrom) {
                return ResponseDefinitionBuilder.responseDefinition().withStatus(503)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<Error><Code>ServiceUnavailable</Code><Message>Service is unable to handle "
                                + "request.</Message></Error>").build();
            }
            return answer(e.getRequest());
        }

        @Override
        public String getName() {
            return name;
        }

        /** Starts a WireMock server on a free loopback port answered by this stand-in. */
        String serve() {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                    .extensions(this));
            server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.ok()));
            server.start();
            return "http://127.0.0.1:" + server.port();
        }

        void shutdown() {
            server.stop();
        }
    }

    /** The payload of an {@code aws-chunked} body: {@code SIZE-HEX[;ext]\r\nDATA\r\n} ... {@code 0\r\n} trailers. */
    static byte[] unchunk(byte[] in) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < in.length) {
            int eol = i;
            while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
                eol++;
            }
            String header = new String(in, i, eol - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(in, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static String md5(byte[] body) {
        return Base64.getEncoder().encodeToString(md5Bytes(body));
    }

    static byte[] md5Bytes(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
