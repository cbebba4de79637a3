package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runbook run} black-box, in-process through {@link Main}: piped answers over a dumb terminal
 * ({@code terminal(true)}) and CI mode without a terminal ({@code terminal(false)}). The runbooks are in
 * {@code src/test/resources/run/}; they use only {@code exec}, {@code assert}, {@code sleep}, {@code manual} and
 * {@code http} against a local server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern RUN_ID = Pattern.compile("run id: (\\d{14}-[0-9a-f]{8})");

    @TempDir
    Path tmp;

    static String runbook(String name) {
        try {
            return Paths.get(RunIT.class.getResource("/run/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A dumb terminal over piped answers, without colours so that prompts can be matched as text. */
    static Cli answering(String answers) {
        return cli().terminal(true).env("NO_COLOR", "1").stdin(answers);
    }

    private String marker() {
        return tmp.resolve("marker").toString();
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    static List<JsonNode> events(String out) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }

    private static List<String> eventNames(List<JsonNode> events) {
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            names.add(e.get("event").asText());
        }
        return names;
    }

    @Nested
    class TextOutput {

        @Test
        void printsTheRunIdFirstThenOneLineAsEachStepStartsAndEndsThenASummary() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<String> out = lines(r.out());
            int runIdLine = indexOfLineStartingWith(out, "run id: ");
            int firstStart = indexOfLineStartingWith(out, "start ");
            assertThat(runIdLine).as(r.out()).isBetween(0, 1);
            assertThat(firstStart).isGreaterThan(runIdLine);
            Matcher id = RUN_ID.matcher(out.get(runIdLine));
            assertThat(id.find()).isTrue();
            assertThat(r.out())
                    .containsPattern("(?m)^start Say hello$")
                    .containsPattern("(?m)^ok Say hello \\d+(ms|\\.\\ds)$")
                    .containsPattern("(?m)^start Write the marker \\[mutating\\]$")
                    .containsPattern("(?m)^ok Write the marker \\d+(ms|\\.\\ds)$")
                    .containsPattern("(?m)^ok Check the exit code \\d+(ms|\\.\\ds)$");
            assertThat(out.get(out.size() - 1))
                    .startsWith("ok run " + id.group(1) + " succeeded in ")
                    .endsWith("(3 succeeded)");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void theStepsOutputIsShownIndentedAndSecretsAreStars() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("    \u2502 hello ***").contains("token=***")
                    .doesNotContain("s3cr3t-token-value");
            assertThat(r.err()).doesNotContain("s3cr3t-token-value");
        }

        @Test
        void aSecretShorterThanFourCharactersIsWarnedAboutAndMaskedOnlyWhereItStandsAlone() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "-p", "token=l",
                    "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).contains("runbook: warning: the secret parameter 'token' is shorter than 4 characters:"
                    + " it cannot be masked reliably");
            assertThat(r.out()).contains("    \u2502 hello ***").contains("ok Say hello")
                    .doesNotContain("he***o");
        }

        @Test
        void plainOutputWithoutATerminalHasNoEscapeBytes() {
            Cli.Result r = cli().terminal(false).run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).doesNotContain("\u001B").contains("ok Say hello");
        }

        @Test
        void aTerminalGetsColoursAndSymbols() {
            Cli.Result r = cli().terminal(true).run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("\u001B[").contains("\u2714").contains("\u25B6");
        }

        @Test
        void noColorFlagMakesTerminalOutputPlain() {
            Cli.Result r = cli().terminal(true).run("--no-color", "run", runbook("basic.yaml"), "-p",
                    "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).doesNotContain("\u001B").contains("ok Say hello");
        }

        @Test
        void noColorVariableMakesTerminalOutputPlain() {
            Cli.Result r = cli().terminal(true).env("NO_COLOR", "1").run("run", runbook("basic.yaml"), "-p",
                    "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).doesNotContain("\u001B").contains("ok Say hello");
        }

        @Test
        void parametersComeFromAParamsFileAndDashPWins() throws IOException {
            Path params = tmp.resolve("params.yaml");
            Files.writeString(params, "marker: " + tmp.resolve("from-file") + "\ncount: 3\n");

            Cli.Result fromFile = cli().run("run", runbook("basic.yaml"), "--params-file", params.toString(), "--yes");
            Cli.Result overridden = cli().run("run", runbook("basic.yaml"), "--params-file", params.toString(),
                    "-p", "marker=" + marker(), "--yes");

            assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
            assertThat(fromFile.out()).contains("count=3");
            assertThat(Files.exists(tmp.resolve("from-file"))).isTrue();
            assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void independentStepsRunSideBySide() {
            // Each branch waits (bounded) for the other's file, so both succeed only when they run at the same time.
            Cli.Result r = cli().run("run", runbook("parallel.yaml"), "-p", "dir=" + tmp, "--parallel", "2");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("ok Left branch").contains("ok Right branch").contains("ok Both branches done");
        }

        @Test
        void parallelMustBeAtLeastOne() {
            Cli.Result r = cli().run("run", runbook("parallel.yaml"), "-p", "dir=" + tmp, "--parallel", "0");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--parallel must be at least 1, got 0");
        }
    }

    @Nested
    class Prompts {

        @Test
        void yesRunsAConfirmedStep() {
            Cli.Result r = answering("y\n").run("run", runbook("basic.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Apply 'Write the marker'? [y/N]");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void noDeclinesWithExit3AndTheStepDoesNotRun() {
            Cli.Result r = answering("n\n").run("run", runbook("basic.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("Write the marker declined").contains("the operator answered no");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void anEmptyAnswerIsNo() {
            Cli.Result r = answering("\n").run("run", runbook("basic.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void aTypedConfirmationShowsWhatToTypeAndAsksAgainAfterAWrongAnswer() {
            Cli.Result r = answering("orders\norders-prod\n")
                    .run("run", runbook("typed.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("To run Drop the table, type orders-prod exactly:")
                    .contains("That does not match. (attempt 2 of 3)");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void aTypedConfirmationOfASecretNamesTheParameterAndNeverShowsItsValue() {
            Cli.Result r = answering("wrong\nTypedSecret55\n")
                    .run("run", runbook("typed-secret.yaml"), "-p", "marker=" + marker());

            // (this dumb test terminal echoes the piped input as it reads it; TerminalIT checks a real one)
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("To run Drop the table, type the value of parameter name (secret: not shown):")
                    .contains("That does not match. (attempt 2 of 3)")
                    .contains("  > *************")
                    .doesNotContain("type TypedSecret55").doesNotContain("> TypedSecret55");
            assertThat(r.err()).doesNotContain("TypedSecret55");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void aWrongConfirmOfASecretSaysWhatWasAskedWithoutTheValue() {
            Cli.Result r = cli().terminal(false).run("run", runbook("typed-secret.yaml"), "-p", "marker=" + marker(),
                    "--confirm", "drop=TypedSecret5");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("does not match what step 'drop' asks for: the value of parameter name")
                    .doesNotContain("TypedSecret5");
        }

        @Test
        void threeWrongTypedAnswersStopTheRunWithExit3() {
            Cli.Result r = answering("a\nb\nc\norders-prod\n")
                    .run("run", runbook("typed.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("(attempt 3 of 3)").contains("3 wrong answers to the typed confirmation");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void aTwoPersonApprovalNoLongerTakesATypedNameAtTheTerminal() {
            // approvals are signed files now ('runbook approve'); a name typed at the operator's keyboard proves nothing
            Cli.Result r = answering("alice\ny\n\n").run("run", runbook("approvals.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AWAITING_APPROVAL);
            assertThat(r.out()).contains("step 'gate' waits for approval: 0 of 1 approval")
                    .contains("--step gate --sign ssh|aws").doesNotContain("your name");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void aManualStepShowsItsInstructionsRenderedAndEachChecklistItemIsAcknowledged() {
            Cli.Result r = answering("\n\n").run("run", runbook("checklist.yaml"),
                    "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Before you start").doesNotContain("# Before").doesNotContain("**#incidents**")
                    .contains("#incidents").contains("[ ] Incident declared").contains("[ ] Failover announced");
            assertThat(r.out().indexOf("Before you start")).isLessThan(r.out().indexOf("[ ] Incident declared"));
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void stoppingAtAChecklistItemDeclines() {
            Cli.Result r = answering("\nstop\n").run("run", runbook("checklist.yaml"),
                    "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("the operator stopped at 'Failover announced'");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        private String jsonLinesOnly(String out) {
            // Prompts of the dumb terminal share standard output with the JSON events; keep the events.
            StringBuilder b = new StringBuilder();
            for (String line : out.split("\n")) {
                int brace = line.indexOf("{\"event\"");
                if (brace >= 0) {
                    b.append(line.substring(brace)).append('\n');
                }
            }
            return b.toString();
        }
    }

    @Nested
    class WithoutATerminal {

        @Test
        @Timeout(value = 10, unit = TimeUnit.SECONDS)
        void aYesNoPromptStopsAtOnceWithExit3AndNamesTheStep() {
            Cli.Result r = cli().terminal(false).stdin("y\n").run("run", runbook("basic.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("step 'touch' (y/N confirmation): pass --yes");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        @Timeout(value = 10, unit = TimeUnit.SECONDS)
        void aTypedConfirmationStopsAtOnceAndSaysWhichFlagAnswersIt() {
            Cli.Result r = cli().terminal(false).run("run", runbook("typed.yaml"), "-p", "marker=" + marker(), "--yes");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("step 'drop' (typed confirmation): pass --confirm drop=orders-prod");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void withoutATerminalEveryUnansweredPromptIsNamedBeforeAnyStepRuns() throws IOException {
            Path log = tmp.resolve("audit.jsonl");
            Cli.Result r = cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log.toString())
                    .run("run", runbook("unanswered.yaml"), "-p", "dir=" + tmp, "-p", "table=orders");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("there is no terminal to ask (nothing has run):\n"
                    + "  step 'announce' (manual checklist): pass --ack announce (or --ack all)\n"
                    + "  step 'restore' (typed confirmation): pass --confirm restore=orders\n"
                    + "  step 'restore' (y/N confirmation of its undo in a rollback): pass --yes\n"
                    + "  step 'rotate' (typed confirmation): pass --confirm rotate=<the value of parameter token>\n"
                    + "  step 'later' (y/N confirmation): pass --yes\n");
            assertThat(r.err()).doesNotContain("optional").doesNotContain("s3cret-tok");
            assertThat(tmp.resolve("first")).doesNotExist();
            assertThat(log.toFile().exists() ? Files.readString(log) : "").doesNotContain("step-started");

            Cli.Result answered = cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log.toString())
                    .run("run", runbook("unanswered.yaml"), "-p", "dir=" + tmp, "-p", "table=orders", "--yes",
                            "--ack", "announce", "--confirm", "restore=orders", "--confirm", "rotate=s3cret-tok");
            assertThat(answered.exitCode()).as(answered.toString()).isZero();
            assertThat(tmp.resolve("first")).exists();
        }

        @Test
        void confirmAnswersATypedConfirmation() {
            Cli.Result r = cli().terminal(false).run("run", runbook("typed.yaml"), "-p", "marker=" + marker(),
                    "--confirm", "drop=orders-prod");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("answered by --confirm: typed as asked");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
        }

        @Test
        void aWrongConfirmValueIsADeclineNotARetry() {
            Cli.Result r = cli().terminal(false).run("run", runbook("typed.yaml"), "-p", "marker=" + marker(),
                    "--confirm", "drop=orders");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("--confirm drop=orders does not match what step 'drop' asks for: 'orders-prod'");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void confirmNamingAStepTheRunbookDoesNotHaveIsInvalidInput() {
            Cli.Result r = cli().terminal(false).run("run", runbook("typed.yaml"), "-p", "marker=" + marker(),
                    "--confirm", "dorp=orders-prod");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("--confirm names step 'dorp'");
        }

        @Test
        @Timeout(value = 10, unit = TimeUnit.SECONDS)
        void yesNeverAnswersATwoPersonApproval() {
            Cli.Result r = cli().terminal(false).run("run", runbook("approvals.yaml"), "-p", "marker=" + marker(), "--yes",
                    "--ack", "gate");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.AWAITING_APPROVAL);
            assertThat(r.out()).contains("step 'gate' waits for approval");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void yesDoesNotAcknowledgeAChecklistButAckDoesAndTheAuditLogSaysByWhich() throws IOException {
            Path log = tmp.resolve("audit.jsonl");
            Cli.Result yes = cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log.toString())
                    .run("run", runbook("checklist.yaml"), "-p", "marker=" + marker(), "--yes");
            assertThat(yes.exitCode()).as(yes.toString()).isEqualTo(3);
            assertThat(yes.out() + yes.err()).contains("--ack announce");
            assertThat(Files.exists(Path.of(marker()))).isFalse();

            Cli.Result ack = cli().terminal(false).env("RUNBOOK_AUDIT_LOG", log.toString())
                    .run("run", runbook("checklist.yaml"), "-p", "marker=" + marker(), "--ack", "announce");

            assertThat(ack.exitCode()).as(ack.toString()).isZero();
            assertThat(ack.out()).contains("Before you start");
            assertThat(Files.exists(Path.of(marker()))).isTrue();
            List<String> answered = Files.readAllLines(log).stream()
                    .filter(l -> l.contains("\"prompt-answered\"")).toList();
            assertThat(answered).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"decidedBy\":[\"--ack announce\"]"));
        }

        @Test
        void ackOfAStepThatIsNotManualIsExit2() {
            Cli.Result r = cli().terminal(false).run("run", runbook("checklist.yaml"), "-p", "marker=" + marker(),
                    "--ack", "act");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--ack names step 'act', which is not a manual step");
        }

        @Test
        @Timeout(value = 10, unit = TimeUnit.SECONDS)
        void aChecklistWithoutYesStopsAtOnce() {
            Cli.Result r = cli().terminal(false).run("run", runbook("checklist.yaml"), "-p", "marker=" + marker());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.err()).contains("step 'announce' (manual checklist): pass --ack announce (or --ack all)");
        }
    }

    @Nested
    class DryRunAndPreflight {
        private HttpServer server;
        private final List<String> requests = new CopyOnWriteArrayList<>();

        @BeforeEach
        void startServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                            + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                byte[] answer = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        @AfterEach
        void stopServer() {
            server.stop(0);
        }

        private String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Test
        void dryRunExecutesNothingAndPrintsEachStepInOrderWithItsRenderedInputs() {
            Cli.Result r = cli().terminal(false).run("run", runbook("plan.yaml"), "-p", "marker=" + marker(),
                    "-p", "url=" + url(), "--dry-run");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(Files.exists(Path.of(marker()))).isFalse();
            assertThat(requests).isEmpty();
            String out = r.out();
            assertThat(out).contains("DRY-RUN: nothing will be executed")
                    .contains("1. Probe the service [read-only]  probe \u00B7 http")
                    .contains("\u2192 GET " + url() + "/health")
                    .contains("2. Read the version [read-only]  version \u00B7 exec")
                    .contains("\u2192 echo v42")
                    .contains("3. Deploy the version [mutating]  deploy \u00B7 exec")
                    .contains("\u2192 sh -c 'echo \"$2\" > \"$1\"' sh " + marker() + " '<steps.version.outputs.stdout>'")
                    .contains("asks: type 'deploy' to apply")
                    .contains("4. Tell the service [mutating]  notify \u00B7 http")
                    .contains("\u2192 POST " + url() + "/notify")
                    .contains("if: true")
                    .contains("5. Clean up when the version is old")
                    .contains("if: decided at run time")
                    .contains("asks: y/N: apply 'Clean up when the version is old'?");
            assertThat(out.indexOf("1. Probe")).isLessThan(out.indexOf("2. Read"));
            assertThat(out.indexOf("2. Read")).isLessThan(out.indexOf("3. Deploy"));
            assertThat(out.indexOf("3. Deploy")).isLessThan(out.indexOf("4. Tell"));
            assertThat(out.indexOf("4. Tell")).isLessThan(out.indexOf("5. Clean"));
            assertThat(out).contains("planned");
        }

        @Test
        void dryRunNeedsNoAnswers() {
            Cli.Result r = cli().terminal(true).run("run", runbook("typed.yaml"), "-p", "marker=" + marker(), "--dry-run");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("type 'orders-prod' to apply");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void preflightRunsReadOnlyStepsForRealAndOnlyShowsMutatingOnes() {
            Cli.Result r = cli().terminal(false).run("run", runbook("plan.yaml"), "-p", "marker=" + marker(),
                    "-p", "url=" + url(), "--preflight");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("PREFLIGHT").contains("ok Probe the service").contains("ok Read the version")
                    .contains("Deploy the version [mutating]")
                    .contains("sh -c 'echo \"$2\" > \"$1\"' sh " + marker() + " v42")
                    .contains("\u2192 POST " + url() + "/notify");
            assertThat(requests).containsExactly("GET /health ");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void aRealRunCallsTheServerWithTheRenderedBody() {
            Cli.Result r = cli().terminal(false).run("run", runbook("plan.yaml"), "-p", "marker=" + marker(),
                    "-p", "url=" + url(), "--confirm", "deploy=deploy", "--yes");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(requests).containsExactly("GET /health ", "POST /notify deployed v42");
            assertThat(r.out()).contains("skipped").contains("if steps.version.outputs.stdout != \"v42\" is false");
        }
    }

    @Nested
    class JsonLines {

        @Test
        void everyLineIsOneJsonEventFromRunStartedToRunFinished() throws IOException {
            Cli.Result r = cli().terminal(false).run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "--yes",
                    "--output", "json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<JsonNode> events = events(r.out());
            List<String> names = eventNames(events);
            assertThat(names.get(0)).isEqualTo("run-started");
            assertThat(names.get(names.size() - 1)).isEqualTo("run-finished");
            assertThat(names).contains("step-started", "step-finished", "step-output", "prompt-asked", "prompt-answered");
            String runId = events.get(0).get("runId").asText();
            assertThat(events).allSatisfy(e -> assertThat(e.get("runId").asText()).isEqualTo(runId));
            List<String> finished = new ArrayList<>();
            for (JsonNode e : events) {
                if (e.get("event").asText().equals("step-finished")) {
                    finished.add(e.get("step").asText() + "=" + e.get("status").asText());
                }
            }
            assertThat(finished).containsExactly("hello=succeeded", "touch=succeeded", "after=succeeded");
            assertThat(events.get(events.size() - 1).get("status").asText()).isEqualTo("succeeded");
            assertThat(r.out()).doesNotContain("s3cr3t-token-value");
        }

        @Test
        void secretsAreStarsInOutputsStreamsAndErrors() throws IOException {
            String secret = "hunter2-very-secret";
            Cli.Result r = cli().terminal(false).run("run", runbook("secrets.yaml"), "-p", "token=" + secret,
                    "--output", "json");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out() + r.err()).doesNotContain(secret);
            List<JsonNode> events = events(r.out());
            JsonNode show = events.stream().filter(e -> e.get("event").asText().equals("step-finished")
                    && e.get("step").asText().equals("show")).findFirst().orElseThrow();
            assertThat(show.get("outputs").get("stdout").asText()).isEqualTo("token=***");
            assertThat(show.get("outputs").get("stderr").asText()).isEqualTo("err=***");
            assertThat(events).anySatisfy(e -> assertThat(e.path("line").asText()).isEqualTo("token=***"));
            JsonNode fail = events.stream().filter(e -> e.get("event").asText().equals("step-finished")
                    && e.get("step").asText().equals("fail")).findFirst().orElseThrow();
            assertThat(fail.get("status").asText()).isEqualTo("failed");
            assertThat(fail.get("message").asText()).contains("bad ***");
            assertThat(events.get(0).get("params").get("token").asText()).isEqualTo("***");
        }

        @Test
        void aRunRefusedForAnUnansweredPromptIsOneRunRefusedEvent() throws IOException {
            Cli.Result r = cli().terminal(false).run("run", runbook("basic.yaml"), "-p", "marker=" + marker(),
                    "--output", "json");

            assertThat(r.exitCode()).isEqualTo(3);
            List<JsonNode> events = events(r.out());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("event").asText()).isEqualTo("run-refused");
            assertThat(events.get(0).get("unanswered").get(0).get("step").asText()).isEqualTo("touch");
            assertThat(events.get(0).get("unanswered").get(0).get("answer").asText()).isEqualTo("pass --yes");
        }
    }

    @Nested
    class StepSemantics {

        @Test
        void aFalseIfSkipsTheStepAndTheStepThatFollowsItStillRuns() {
            Cli.Result r = cli().terminal(false).run("run", runbook("skip.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).containsPattern("skipped Only when enabled \\d+ms: skipped: if")
                    .contains("skipped: if params.enabled is false")
                    .containsPattern("(?m)^ok Follows the optional step ")
                    .contains("ok Runs anyway");
        }

        @Test
        void aFalseCheckFailsTheStepWithTheExpressionAndTheValuesItSaw() {
            Cli.Result r = cli().terminal(false).run("run", runbook("check.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("check failed: outputs.stdout == \"v42\" && outputs.exitCode == 0")
                    .contains("outputs.stdout = \"v41\"").contains("outputs.exitCode = 0");
        }

        @Test
        void everyRetryAttemptIsShown() {
            Path counter = tmp.resolve("counter");

            Cli.Result r = cli().terminal(false).run("run", runbook("retry.yaml"), "-p", "counter=" + counter);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("start Flaky until the third time")
                    .contains("start Flaky until the third time (attempt 2)")
                    .contains("start Flaky until the third time (attempt 3)")
                    .doesNotContain("(attempt 4)")
                    .contains("command exited with 1; stderr ended with: - attempt 2 in 10ms")
                    .contains("- attempt 3 in 20ms")
                    .contains("ok Flaky until the third time");
        }

        @Test
        void abortStopsTheRunWithExit1AndLeavesLaterStepsNotRun() {
            Cli.Result r = cli().terminal(false).run("run", runbook("abort.yaml"), "-p", "dir=" + tmp, "--parallel", "1");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("This step fails failed").contains("command exited with 7")
                    .contains("(1 failed, 1 not-run)");
            assertThat(Files.exists(tmp.resolve("later"))).isFalse();
        }

        @Test
        void continueGoesOnAndTheRunStillEndsWithExit1() {
            Cli.Result r = cli().terminal(false).run("run", runbook("continue.yaml"), "-p", "dir=" + tmp, "--parallel", "1");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("ok After the failure").contains("(1 succeeded, 1 failed)");
            assertThat(Files.exists(tmp.resolve("later"))).isTrue();
        }

        @Test
        void rollbackUndoesEveryCompletedStepNewestFirstConfirmedByYesThenExit1() throws IOException {
            Cli.Result r = cli().terminal(false).run("run", runbook("rollback.yaml"), "-p", "dir=" + tmp, "--yes");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(Files.readAllLines(tmp.resolve("undo.log"))).containsExactly("undo-second", "undo-first");
            assertThat(tmp.resolve("first")).doesNotExist();
            assertThat(tmp.resolve("second")).doesNotExist();
            String out = r.out();
            assertThat(out).contains("undo second (exec)").contains("ok undo second").contains("ok undo first")
                    .contains("rolled back second, first");
            assertThat(out.indexOf("undo second (exec)")).isLessThan(out.indexOf("undo first (exec)"));
        }

        @Test
        void aTopLevelOnFailureRollbackRollsBackAStepThatDoesNotSetItsOwn() throws IOException {
            Cli.Result r = cli().terminal(false).run("run", runbook("rollback-default.yaml"), "-p", "dir=" + tmp,
                    "--yes");

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(Files.readAllLines(tmp.resolve("undo.log"))).containsExactly("undo-first");
            assertThat(tmp.resolve("first")).doesNotExist();
            assertThat(r.out()).contains("ok undo first").contains("rolled back first");
        }

        @Test
        void rollbackAsksBeforeEachUndoAndANoLeavesThatStepAsItIs() throws IOException {
            // Enter at the failed step's question: its on-failure (rollback) decides
            Cli.Result r = answering("\nn\ny\n").run("run", runbook("rollback.yaml"),
                    "-p", "dir=" + tmp);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("Undo 'Create the second file'? [y/N]")
                    .contains("Undo 'Create the first file'? [y/N]").contains("rollback-incomplete");
            assertThat(Files.readAllLines(tmp.resolve("undo.log"))).containsExactly("undo-first");
            assertThat(tmp.resolve("second")).exists();
        }
    }

    @Nested
    class BadInput {

        @Test
        void aMissingParameterIsExit2AndNamesIt() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("marker");
            assertThat(r.out()).doesNotContain("run id:");
        }

        @Test
        void anUnknownParameterIsExit2AndNamesIt() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "-p", "makrer=x", "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("makrer");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }

        @Test
        void aValueOfTheWrongTypeIsExit2AndNamesTheParameter() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "-p", "count=three", "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("count").contains("three");
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }

        @Test
        void aSecretValueIsNotRepeatedInAParameterError() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "-p", "marker=" + marker(), "-p", "token=",
                    "-p", "count=x", "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).doesNotContain("s3cr3t-token-value");
        }

        @Test
        void aMissingParamsFileIsExit2AndNamesIt() {
            Cli.Result r = cli().run("run", runbook("basic.yaml"), "--params-file", tmp.resolve("nope.yaml").toString());

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("nope.yaml");
        }

        @Test
        void aCommandThatDoesNotExistFailsTheStepWithAClearMessage() {
            Cli.Result r = cli().terminal(false).run("run", runbook("missing-command.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("Run a program that does not exist failed")
                    .contains("command not found: 'no-such-program-runbook-test' (not on PATH)");
            assertThat(r.out() + r.err()).doesNotContain("IOException").doesNotContain("\tat ");
        }

        @Test
        void aCommandThatPrints100MegabytesIsBounded() {
            Cli.Result r = cli().terminal(false).run("run", runbook("flood.yaml"));

            assertThat(r.exitCode()).as(r.out().replace("\0", "")).isZero();
            assertThat(r.out()).contains("ok The output kept is bounded").contains("[... line cut, ");
            assertThat(r.out().length()).isLessThan(1_000_000);
        }

        @Test
        void aFailedCheckOnAHugeOutputQuotesOnlyTheStartOfIt() throws IOException {
            Path rb = tmp.resolve("huge-check.yaml");
            Files.writeString(rb, "runbook: 1\nname: huge-check\nsteps:\n  - id: flood\n    action: exec\n"
                    + "    with: { command: [head, -c, '2000000', /dev/zero], read-only: true }\n"
                    + "    check: '${{ outputs.stdout == \"\" }}'\n");

            Cli.Result r = cli().terminal(false).run("run", rb.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            String failure = r.out().lines().filter(l -> l.startsWith("FAILED flood")).findFirst().orElseThrow();
            assertThat(failure).contains("check failed: outputs.stdout == \"\"")
                    .contains("outputs.stdout = \"\\u0000\\u0000")
                    .contains(" more characters: the whole text is in the audit record)")
                    .doesNotContain("\0");
            assertThat(failure.length()).isLessThan(2000);
        }

        @Test
        void aStepThatHangsIsStoppedByItsTimeoutAndItsChildrenAreKilled() throws Exception {
            Path pidfile = tmp.resolve("pid");

            Cli.Result r = cli().terminal(false).run("run", runbook("hang.yaml"), "-p", "pidfile=" + pidfile);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("Hangs forever timed-out").contains("timed out after 1.0s");
            long pid = Long.parseLong(Files.readString(pidfile).trim());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("the background sleep (pid %d) was killed", pid).isFalse();
        }

        @Test
        void anExpressionThatFailsAtRunTimeFailsTheStepAndNamesTheExpression() {
            Cli.Result r = cli().terminal(false).run("run", runbook("bad-expression.yaml"));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.out()).contains("ok Print text").contains("Use it as a number failed")
                    .contains("to-int(steps.text.outputs.stdout) + 1").contains("not-a-number");
        }

        @Test
        void anInvalidRunbookIsExit2AndNothingRuns() throws IOException {
            Path bad = tmp.resolve("bad.yaml");
            Files.writeString(bad, "runbook: 1\nname: bad-one\nsteps:\n  - id: a\n    action: exec\n"
                    + "    with: { command: [touch, '" + marker() + "'] }\n    neds: [b]\n");

            Cli.Result r = cli().run("run", bad.toString(), "--yes");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("bad.yaml:7:5").contains("did you mean 'needs'?");
            assertThat(Files.exists(Path.of(marker()))).isFalse();
        }
    }
}
