package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run shows and records when values are hostile: multi-line secrets, control characters. */
class OutputSafetyIT {
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
            + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
            + "-----END RSA PRIVATE KEY-----";

    @TempDir
    Path dir;

    private Cli cli() {
        return Cli.cli().env("RUNBOOK_AUDIT_LOG", dir.resolve("audit.jsonl").toString()).terminal(false);
    }

    private Path write(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** A step that prints the secret key parameter in two writes, cut in the middle of its second line. */
    private Path printsKey() throws Exception {
        return write("pem.yaml",
                "runbook: 1",
                "name: pem",
                "parameters:",
                "  key: { type: string, secret: true }",
                "steps:",
                "  - id: show",
                "    action: exec",
                "    with:",
                "      command: [sh, -c, 'printf \"key:\\n%s\" \"$KEY\" | head -c 60; sleep 0.1;"
                        + " printf \"key:\\n%s\\n\" \"$KEY\" | tail -c +61; echo done']",
                "      env: { KEY: '${{ params.key }}' }",
                "      read-only: true");
    }

    private static void assertNoLineOfTheKey(String text) {
        for (String line : PEM.split("\n")) {
            assertThat(text).doesNotContain(line);
        }
        // nor a part of one long enough to matter
        assertThat(text).doesNotContain("MIIEowIBAAKCAQEA").doesNotContain("Zkp18gnTxK");
    }

    @Test
    void aMultiLineSecretIsMaskedOnEveryStreamedLineInTextOutput() throws Exception {
        // when
        Cli.Result r = cli().run("run", printsKey().toString(), "-p", "key=" + PEM);

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertNoLineOfTheKey(r.out() + r.err());
        assertThat(r.out()).contains("\u2502 key:").contains("\u2502 ***").contains("\u2502 done");
        assertNoLineOfTheKey(Files.readString(dir.resolve("audit.jsonl")));
    }

    @Test
    void aMultiLineSecretIsMaskedInStreamedLinesAndOutputsOfJsonOutput() throws Exception {
        // when
        Cli.Result r = cli().run("run", printsKey().toString(), "-p", "key=" + PEM, "--output", "json");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertNoLineOfTheKey(r.out() + r.err());
        List<JsonNode> events = RunIT.events(r.out());
        assertThat(events).filteredOn(e -> e.path("event").asText().equals("step-output"))
                .extracting(e -> e.path("line").asText())
                .contains("key:", "done")
                .allSatisfy(line -> assertThat(line).doesNotContain("RSA PRIVATE KEY"));
        JsonNode finished = events.stream().filter(e -> e.path("event").asText().equals("step-finished"))
                .findFirst().orElseThrow();
        assertThat(finished.path("outputs").path("stdout").asText()).isEqualTo("key:\n***\ndone");
    }

    @Test
    void aHeaderHoldingASecretParameterIsNotSentOnARedirectToAnotherServer() throws Exception {
        WireMockServer first = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        WireMockServer second = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        first.start();
        second.start();
        try {
            // given
            first.stubFor(get("/health").willReturn(aResponse().withStatus(302)
                    .withHeader("Location", "http://127.0.0.1:" + second.port() + "/elsewhere")));
            second.stubFor(get("/elsewhere").willReturn(aResponse().withStatus(200).withBody("ok")));
            Path runbook = write("health.yaml",
                    "runbook: 1",
                    "name: health",
                    "parameters:",
                    "  token: { type: string, secret: true }",
                    "steps:",
                    "  - id: check",
                    "    action: http",
                    "    with:",
                    "      url: http://127.0.0.1:" + first.port() + "/health",
                    "      headers: { X-Custom: '${{ params.token }}', X-Trace: t-1 }");

            // when
            Cli.Result r = cli().run("run", runbook.toString(), "-p", "token=tok-9f8e7d");

            // then
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(first.findAll(getRequestedFor(urlEqualTo("/health"))).get(0).getHeader("X-Custom"))
                    .isEqualTo("tok-9f8e7d");
            List<LoggedRequest> redirected = second.findAll(getRequestedFor(urlEqualTo("/elsewhere")));
            assertThat(redirected).hasSize(1);
            assertThat(redirected.get(0).containsHeader("X-Custom")).isFalse();
            assertThat(redirected.get(0).getHeader("X-Trace")).isEqualTo("t-1");
        } finally {
            first.stop();
            second.stop();
        }
    }

    /** A runbook whose title, parameter and output carry terminal controls and a forged line. */
    private Path hostile() throws Exception {
        return write("hostile.yaml",
                "runbook: 1",
                "name: hostile",
                "parameters:",
                "  note: { type: string }",
                "steps:",
                "  - id: show",
                "    title: \"Show \\a\\e]0;pwned\\a \\u202Eti\"",
                "    action: exec",
                "    with:",
                "      command: [sh, -c, 'printf \"out \\033[2J\\007 end\\r\\342\\234\\223 forged ok\\n\"']",
                "      read-only: true");
    }

    @Test
    void controlCharactersFromTitlesParametersAndOutputAreShownAsEscapesWhileTheLogKeepsThem() throws Exception {
        // when
        Cli.Result r = cli().run("run", hostile().toString(), "-p", "note=x\u001B[31m\n\u2713 run 1 succeeded");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String shown = r.out() + r.err();
        assertThat(shown).doesNotContain("\u001B").doesNotContain("\u0007").doesNotContain("\u202E")
                .doesNotContain("\r");
        assertThat(shown).contains("Show \\a\\e]0;pwned\\a \\u202eti")
                .contains("note=x\\e[31m\\n\u2713 run 1 succeeded")
                // a line rewritten with a carriage return shows its last state, as a terminal would, and still
                // under the step's bar: it cannot pass for a line of the tool's own
                .contains("    \u2502 \u2713 forged ok");
        assertThat(shown.lines()).noneMatch(line -> line.startsWith("\u2713 run 1 succeeded"))
                .noneMatch(line -> line.startsWith("\u2713 forged ok"));

        // the audit log keeps the exact characters
        List<String> log = Files.readAllLines(dir.resolve("audit.jsonl"));
        JsonNode started = new com.fasterxml.jackson.databind.ObjectMapper().readTree(log.get(0));
        assertThat(started.path("params").path("note").asText()).isEqualTo("x\u001B[31m\n\u2713 run 1 succeeded");
        JsonNode step = new com.fasterxml.jackson.databind.ObjectMapper().readTree(log.get(1));
        assertThat(step.path("title").asText()).isEqualTo("Show \u0007\u001B]0;pwned\u0007 \u202Eti");
    }

    @Test
    void validateShowsASourceLineWithControlCharactersAsEscapesWithTheCaretUnderItsColumn() throws Exception {
        // given: a bidi override in a source line (YAML itself refuses a raw ESC)
        Path file = write("raw.yaml",
                "runbook: 1",
                "name: raw",
                "steps:",
                "  - id: a\u202Ebc",
                "    action: sleep",
                "    with: { duration: 1s }");

        // when
        Cli.Result r = cli().run("validate", file.toString());

        // then
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        String shown = r.out() + r.err();
        assertThat(shown).doesNotContain("\u202E").contains("  - id: a\\u202ebc");
    }
}
