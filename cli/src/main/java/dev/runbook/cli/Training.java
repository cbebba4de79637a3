package dev.runbook.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run: runs the common commands once, in-process and with their output discarded, on a
 * bundled sample runbook, so that the class-data archive the launcher records at the end of it covers the classes
 * those commands load. Never part of a user's command. Nothing outside is touched: {@code run} is a dry-run, except
 * one run of {@code aws.sts.get-caller-identity} against a stand-in on 127.0.0.1 (dummy keys, an audit log in a
 * temporary folder), which puts the AWS SDK's request path into the archive.
 */
public final class Training {
    private static final byte[] STS_ANSWER = (
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
            + "<Arn>arn:aws:iam::123456789012:user/training</Arn><UserId>AIDATRAINING</UserId>"
            + "<Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId>"
            + "</ResponseMetadata></GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8);

    private Training() {
    }

    /** Runs the training commands; the exit code is 0 even when one of them fails, as the archive is still useful. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("runbook-training");
        Path sample = dir.resolve("training.yaml");
        try (InputStream in = Training.class.getResourceAsStream("training.yaml")) {
            if (in == null) {
                throw new IllegalStateException("training.yaml is missing from the jar");
            }
            Files.copy(in, sample);
        }
        try {
            String file = sample.toString();
            run("--help");
            run("validate", file);
            run("validate", "--output=json", file);
            run("graph", file);
            run("list", dir.toString());
            run("actions");
            run("schema");
            run("run", "--dry-run", file);
            run("run", "--dry-run", "--output=json", "-p", "service=payments", file);
            // the error paths: an invalid runbook, a misspelt parameter, a misspelt command
            Path broken = Files.writeString(dir.resolve("broken.yaml"), "runbook: 1\nname: broken\nsteps:\n"
                    + "  - {id: a, action: asert, with: {that: '${{ params.servce == 1 }}'}}\n");
            run("validate", broken.toString());
            run("run", "--dry-run", "-p", "servce=x", file);
            run("valdate", file);
            aws(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One AWS call, answered by a local stand-in as STS would answer it. */
    private static void aws(Path dir) throws IOException {
        Path runbook = Files.writeString(dir.resolve("aws.yaml"),
                "runbook: 1\nname: launcher-training-aws\nsteps:\n"
                        + "  - {id: who, action: aws.sts.get-caller-identity}\n");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, STS_ANSWER.length);
            exchange.getResponseBody().write(STS_ANSWER);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = Map.of("NO_COLOR", "1", "HOME", dir.toString(),
                    "AWS_ACCESS_KEY_ID", "training", "AWS_SECRET_ACCESS_KEY", "training", "AWS_MAX_ATTEMPTS", "1",
                    "AWS_EC2_METADATA_DISABLED", "true");
            run(env, "run", "--audit-log", dir.resolve("audit.jsonl").toString(), "--endpoint-url",
                    "http://127.0.0.1:" + server.getAddress().getPort(), "--region", "us-east-1", runbook.toString());
        } finally {
            server.stop(0);
        }
    }

    private static void run(String... args) {
        run(Map.of("NO_COLOR", "1"), args);
    }

    private static void run(Map<String, String> env, String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintWriter out = new PrintWriter(sink, true, StandardCharsets.UTF_8);
        // System.in, as a user's command has (the launcher runs training with it on /dev/null): a run then takes
        // the same path, its Ctrl-C handler included; no training command asks a question.
        CliContext context = new CliContext(out, out, System.in, env, false, Clock.systemUTC(), false);
        try {
            Main.execute(args, context);
        } catch (RuntimeException e) {
            // a failing training command still loaded most of what it needs; the archive is kept
        }
    }
}
