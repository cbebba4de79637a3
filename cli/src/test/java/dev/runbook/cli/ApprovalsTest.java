package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.approval.ssh.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-person approvals end to end through the command line: {@code plan}, {@code approve} (SSH keys made here),
 * {@code run --plan --approval}, a run waiting for approval (exit 5) continued by {@code resume --approval}, and
 * every refusal of the approval policy with its reason and exit code.
 */
class ApprovalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KeyPair operator;
    private static KeyPair bob;
    private static KeyPair alice;
    private static KeyPair carol;
    private static KeyPair dave;

    @TempDir
    Path tmp;

    private Path runbook;
    private Path home;
    private Path log;

    @BeforeAll
    static void keys() throws Exception {
        operator = TestKeys.ed25519();
        bob = TestKeys.ed25519();
        alice = TestKeys.rsa(2048);
        carol = TestKeys.ed25519();
        dave = TestKeys.ed25519();
    }

    @BeforeEach
    void files() throws Exception {
        home = Files.createDirectories(tmp.resolve("operator-home/.ssh")).getParent();
        Files.writeString(home.resolve(".ssh/id_ed25519.pub"), TestKeys.publicLine(operator, "op") + "\n");
        for (String[] k : new String[][] {{"operator"}, {"bob"}, {"alice"}, {"carol"}, {"dave"}}) {
            TestKeys.writePrivateKey(tmp.resolve(k[0]), key(k[0]), k[0]);
        }
        // carol is not an allowed signer; dave is, but not under a name the step's 'from' accepts
        Files.writeString(tmp.resolve("allowed_signers"), String.join("\n",
                "op@example.com " + TestKeys.publicLine(operator, "op"),
                "bob@example.com namespaces=\"runbook-approval\" " + TestKeys.publicLine(bob, "bob"),
                "alice@example.com " + TestKeys.publicLine(alice, "alice"),
                "dave@elsewhere.org " + TestKeys.publicLine(dave, "dave"), ""));
        runbook = tmp.resolve("switch.yaml");
        Files.writeString(runbook, String.join("\n",
                "runbook: 1",
                "name: approvals-switch",
                "approvals: { allowed-signers: allowed_signers }",
                "parameters:",
                "  marker: { type: string, required: true }",
                "steps:",
                "  - id: check",
                "    action: exec",
                "    with: { command: [true], read-only: true }",
                "  - id: switch",
                "    title: Switch traffic",
                "    needs: [check]",
                "    action: exec",
                "    with: { command: [touch, '${{ params.marker }}'] }",
                "    confirm: { approvers: 2, from: ['*@example.com'] }", ""));
        log = tmp.resolve("audit.jsonl");
    }

    private static KeyPair key(String name) {
        switch (name) {
            case "operator": return operator;
            case "bob": return bob;
            case "alice": return alice;
            case "carol": return carol;
            default: return dave;
        }
    }

    private Cli cli() {
        return Cli.cli().env("HOME", home.toString()).env("RUNBOOK_AUDIT_LOG", log.toString());
    }

    private Path marker() {
        return tmp.resolve("switched");
    }

    private Path plan() {
        Path plan = tmp.resolve("switch.plan.json");
        Cli.Result r = cli().run("plan", runbook.toString(), "-p", "marker=" + marker(), "--out", plan.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return plan;
    }

    private Path approve(String target, String who, String principal, String... more) {
        Path out = tmp.resolve(who + "-" + Math.abs(target.hashCode()) + ".approval.json");
        List<String> args = new ArrayList<>(List.of("approve", target, "--step", "switch", "--sign", "ssh",
                "--key", tmp.resolve(who).toString(), "--principal", principal, "--yes", "--out", out.toString()));
        args.addAll(List.of(more));
        Cli.Result r = cli().run(args.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return out;
    }

    private Cli.Result runWithPlan(Path plan, Path... approvals) {
        List<String> args = new ArrayList<>(List.of("run", runbook.toString(), "-p", "marker=" + marker(),
                "--plan", plan.toString()));
        for (Path a : approvals) {
            args.add("--approval");
            args.add(a.toString());
        }
        return cli().run(args.toArray(new String[0]));
    }

    private List<JsonNode> records() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private List<JsonNode> events(String name) throws Exception {
        return records().stream().filter(r -> r.path("event").asText().equals(name)).toList();
    }

    @Test
    void planThenApproveThenRunThePlanSucceedsAndTheAuditLogHoldsTheApproval() throws Exception {
        Path plan = plan();
        JsonNode written = JSON.readTree(plan.toFile());
        Path approval = approve(plan.toString(), "bob", "bob@example.com");

        Cli.Result r = runWithPlan(plan, approval);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.exists(marker())).isTrue();
        assertThat(r.out()).contains("approved by bob@example.com [ssh]");
        List<JsonNode> approvals = events("approval");
        assertThat(approvals).hasSize(1);
        JsonNode a = approvals.get(0);
        assertThat(a.path("step").asText()).isEqualTo("switch");
        assertThat(a.path("approver").asText()).isEqualTo("bob@example.com");
        assertThat(a.path("method").asText()).isEqualTo("ssh");
        assertThat(a.path("planDigest").asText()).isEqualTo(written.path("digest").asText());
        assertThat(a.path("approval").path("signature").asText()).startsWith("-----BEGIN SSH SIGNATURE-----");
        assertThat(events("plan").get(0).path("planDigest").asText()).isEqualTo(written.path("digest").asText());
        // the approval is recorded before the step it approves starts
        List<String> order = records().stream().map(n -> n.path("event").asText() + ":" + n.path("step").asText())
                .toList();
        assertThat(order.indexOf("approval:switch")).isLessThan(order.indexOf("step-started:switch"));
    }

    @Test
    void auditVerifyChecksEverySshApprovalAgainOffline() throws Exception {
        Path plan = plan();
        assertThat(runWithPlan(plan, approve(plan.toString(), "bob", "bob@example.com")).exitCode()).isZero();
        Path withoutBob = tmp.resolve("without-bob");
        Files.writeString(withoutBob, "alice@example.com " + TestKeys.publicLine(alice, "alice") + "\n");

        Cli.Result ok = cli().run("audit", "verify", log.toString());
        Cli.Result other = cli().run("audit", "verify", log.toString(), "--allowed-signers", withoutBob.toString());

        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("approvals: 1 verified again").contains("none breaks separation of duties");
        assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCodes.AUDIT);
        assertThat(other.err()).contains("step 'switch': the approval by bob@example.com does not hold: its SSH"
                + " signature does not hold");
    }

    @Test
    void aRunWithoutApprovalsWaitsThenIsApprovedByRunIdAndResumedUnderTheSameId() throws Exception {
        Cli.Result waiting = cli().run("run", runbook.toString(), "-p", "marker=" + marker());

        assertThat(waiting.exitCode()).as(waiting.toString()).isEqualTo(ExitCodes.AWAITING_APPROVAL);
        assertThat(Files.exists(marker())).isFalse();
        Matcher m = Pattern.compile("runbook approve (\\S+) --step switch --sign ssh\\|aws").matcher(waiting.out());
        assertThat(m.find()).as(waiting.toString()).isTrue();
        String runId = m.group(1);
        assertThat(waiting.out()).contains("runbook resume " + runId + " --approval FILE...");
        JsonNode awaiting = events("awaiting-approval").get(0);
        assertThat(awaiting.path("runId").asText()).isEqualTo(runId);
        assertThat(awaiting.path("step").asText()).isEqualTo("switch");
        assertThat(awaiting.path("needed").asInt()).isEqualTo(1);
        assertThat(events("step-succeeded")).extracting(n -> n.path("step").asText()).containsExactly("check");

        Path approval = approve(runId, "alice", "alice@example.com");
        Cli.Result resumed = cli().run("resume", runId, "--approval", approval.toString());

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(Files.exists(marker())).isTrue();
        JsonNode accepted = events("approval").get(0);
        assertThat(accepted.path("runId").asText()).isEqualTo(runId);
        assertThat(accepted.path("approver").asText()).isEqualTo("alice@example.com");
        assertThat(accepted.path("planDigest").asText()).isEqualTo(awaiting.path("planDigest").asText());
        assertThat(events("step-succeeded")).extracting(n -> n.path("runId").asText() + ":" + n.path("step").asText())
                .containsExactly(runId + ":check", runId + ":switch");
    }

    @Test
    void theOperatorCannotApproveTheirOwnPlan() throws Exception {
        Path plan = plan();
        Path own = approve(plan.toString(), "operator", "op@example.com");

        Cli.Result r = runWithPlan(plan, own);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("step 'switch'").contains("the operator cannot approve their own run")
                .contains("operator's own SSH key");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void theSameApproverCountsOnce() throws Exception {
        Files.writeString(runbook, Files.readString(runbook).replace("approvers: 2", "approvers: 3"));
        Path plan = plan();
        Path first = approve(plan.toString(), "bob", "bob@example.com");
        Path again = tmp.resolve("again.json");
        Files.copy(approve(plan.toString(), "bob", "bob@example.com", "--expires", "2h"), again);

        Cli.Result r = runWithPlan(plan, first, again);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("1 of 2 approvals")
                .contains("'bob@example.com' already approved this step; each approver counts once");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void aTamperedPlanIsRefused() throws Exception {
        Path plan = plan();
        ObjectNode p = (ObjectNode) JSON.readTree(plan.toFile());
        ((ObjectNode) p.path("parameters")).put("marker", tmp.resolve("elsewhere").toString());
        Files.writeString(plan, JSON.writeValueAsString(p));

        Cli.Result r = cli().run("run", runbook.toString(), "-p", "marker=" + tmp.resolve("elsewhere"),
                "--plan", plan.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains(plan + ": the plan's digest does not match its content")
                .contains("changed after it was made");
    }

    @Test
    void aPlanForOtherParametersOrAnotherRunbookIsRefusedNamingWhatDiffers() throws Exception {
        Path plan = plan();

        Cli.Result other = cli().run("run", runbook.toString(), "-p", "marker=" + tmp.resolve("other"),
                "--plan", plan.toString());
        Files.writeString(runbook, Files.readString(runbook) + "# edited\n");
        Cli.Result edited = runWithPlan(plan);

        assertThat(other.exitCode()).as(other.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(other.err()).contains("is not the plan of this run: parameter 'marker' differs: the plan has '"
                + marker() + "', this run '" + tmp.resolve("other") + "'");
        assertThat(edited.exitCode()).as(edited.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(edited.err()).contains("the runbook changed since the plan was made");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void anExpiredApprovalIsRefused() throws Exception {
        Path plan = plan();
        Path approval = approve(plan.toString(), "bob", "bob@example.com", "--expires", "10m");

        Cli.Result r = runWithPlan(plan, approval);
        Cli.Result later = Cli.cli().env("HOME", home.toString()).env("RUNBOOK_AUDIT_LOG", log.toString())
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)))
                .run("run", runbook.toString(), "-p", "marker=" + tmp.resolve("later"), "--plan", plan.toString(),
                        "--approval", approval.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(later.exitCode()).as(later.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        // the plan is for the first marker: use the same parameters to reach the approval check
        Cli.Result expired = Cli.cli().env("HOME", home.toString()).env("RUNBOOK_AUDIT_LOG", log.toString())
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)))
                .run("run", runbook.toString(), "-p", "marker=" + marker(), "--plan", plan.toString(),
                        "--approval", approval.toString());
        assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(expired.err()).contains("refused: it expired at ");
    }

    @Test
    void aKeyThatIsNotAnAllowedSignerIsRefused() throws Exception {
        Path plan = plan();
        Path approval = approve(plan.toString(), "carol", "carol@example.com");

        Cli.Result r = runWithPlan(plan, approval);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains(approval + " refused: its SSH signature does not hold");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void aPrincipalThatTheStepsFromDoesNotMatchIsRefused() throws Exception {
        Path plan = plan();
        Path approval = approve(plan.toString(), "dave", "dave@elsewhere.org");

        Cli.Result r = runWithPlan(plan, approval);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("'dave@elsewhere.org' does not match the step's approvers (from: *@example.com)");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void anApprovalForAnotherPlanIsRefused() throws Exception {
        Path plan = plan();
        Path approval = approve(plan.toString(), "bob", "bob@example.com");
        Path otherPlan = tmp.resolve("other.plan.json");
        assertThat(cli().run("plan", runbook.toString(), "-p", "marker=" + tmp.resolve("x"), "--out",
                otherPlan.toString()).exitCode()).isZero();

        Cli.Result r = cli().run("run", runbook.toString(), "-p", "marker=" + tmp.resolve("x"), "--plan",
                otherPlan.toString(), "--approval", approval.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("refused: it approves another plan");
    }

    @Test
    void anApprovalFileThatIsNotJsonIsInvalidInputNamingFileLineAndColumn() throws Exception {
        Path plan = plan();
        Path bad = tmp.resolve("bad.approval.json");
        Files.writeString(bad, "{\n  \"kind\": \"runbook-approval\",\n  \"step\": switch\n}\n");
        Path notJson = tmp.resolve("notjson.approval.json");
        Files.writeString(notJson, "kind: runbook-approval\n");

        Cli.Result r = runWithPlan(plan, bad);
        Cli.Result r2 = runWithPlan(plan, notJson);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains(bad + ":3:").contains("the approval file is not valid JSON");
        assertThat(r2.exitCode()).as(r2.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r2.err()).contains(notJson + ":1:1: the approval file is not JSON");
    }

    @Test
    void approvalsWithoutThePlanTheyApproveAreInvalidInput() throws Exception {
        Path approval = approve(plan().toString(), "bob", "bob@example.com");

        Cli.Result r = cli().run("run", runbook.toString(), "-p", "marker=" + marker(), "--approval",
                approval.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.err()).contains("--approval needs --plan PLAN.json");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void aMissingAllowedSignersFileIsInvalidInput() throws Exception {
        Path plan = plan();
        Path approval = approve(plan.toString(), "bob", "bob@example.com");

        Cli.Result option = cli().run("run", runbook.toString(), "-p", "marker=" + marker(), "--plan",
                plan.toString(), "--approval", approval.toString(), "--allowed-signers", tmp.resolve("nope").toString());
        Files.delete(tmp.resolve("allowed_signers"));
        Cli.Result named = runWithPlan(plan, approval);

        assertThat(option.exitCode()).as(option.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(option.err()).contains("--allowed-signers: the allowed-signers file " + tmp.resolve("nope")
                + " does not exist");
        assertThat(named.exitCode()).as(named.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(named.err()).contains("approvals.allowed-signers: the allowed-signers file")
                .contains("does not exist");
        assertThat(Files.exists(marker())).isFalse();
    }

    @Test
    void runbookTestCasesSupplyApprovalsSignedByFixtureKeysThroughThePolicy() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("lib/tests"));
        Files.writeString(tmp.resolve("lib/approvals-switch.yaml"), String.join("\n",
                "runbook: 1",
                "name: approvals-switch",
                "steps:",
                "  - id: switch",
                "    action: manual",
                "    confirm: { approvers: 3, from: ['*@example.com'] }", ""));
        Files.writeString(dir.resolve("approvals-switch.test.yaml"), String.join("\n",
                "runbook: approvals-switch",
                "cases:",
                "  - name: two approvers",
                "    answers: { ack: all, approve: { switch: [bob@example.com, alice@example.com] } }",
                "    expect: { status: succeeded }",
                "  - name: the operator and a stranger do not count",
                "    answers: { ack: all, approve: { switch: [bob@example.com, runbook-test, eve@evil.org] } }",
                "    expect: { status: awaiting-approval, steps: { switch: awaiting-approval } }",
                "  - name: none given",
                "    answers: { ack: all }",
                "    expect: { status: awaiting-approval }",
                "  - name: a wrong expectation fails",
                "    answers: { ack: all, approve: { switch: [bob@example.com] } }",
                "    expect: { status: succeeded }", ""));

        Cli.Result r = cli().run("test", dir.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("3 passed, 1 failed");
        assertThat(r.out()).contains("the run awaiting-approval (expected succeeded)").contains("1 of 2 approvals");
    }

    @Test
    void approvalsInteroperateWithSshKeygenBothWays() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "ssh-keygen is not installed");
        Path plan = plan();
        Path ours = approve(plan.toString(), "bob", "bob@example.com");
        ObjectNode approval = (ObjectNode) JSON.readTree(ours.toFile());
        // the statement: the approval without signature and proof, canonical (sorted keys, compact)
        ObjectNode statement = approval.deepCopy();
        statement.remove("signature");
        Path statementFile = tmp.resolve("statement");
        Files.writeString(statementFile, canonical(statement));
        Path sig = tmp.resolve("ours.sig");
        Files.writeString(sig, approval.path("signature").asText());

        Process verify = new ProcessBuilder("ssh-keygen", "-Y", "verify", "-f", tmp.resolve("allowed_signers")
                .toString(), "-I", "bob@example.com", "-n", "runbook-approval", "-s", sig.toString())
                .redirectInput(statementFile.toFile()).redirectErrorStream(true).start();
        String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor()).as(said).isZero();

        // theirs: ssh-keygen -Y sign over the same statement, by alice, put in an approval file
        ObjectNode mine = approval.deepCopy();
        mine.put("principal", "alice@example.com");
        mine.put("publicKey", TestKeys.publicLine(alice, "alice").replaceAll(" alice$", ""));
        mine.remove("signature");
        Files.writeString(statementFile, canonical(mine));
        Process sign = new ProcessBuilder("ssh-keygen", "-Y", "sign", "-f", tmp.resolve("alice").toString(), "-n",
                "runbook-approval", statementFile.toString()).redirectErrorStream(true).start();
        String signSaid = new String(sign.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sign.waitFor()).as(signSaid).isZero();
        mine.put("signature", Files.readString(tmp.resolve("statement.sig")));
        Path theirs = tmp.resolve("theirs.approval.json");
        Files.writeString(theirs, JSON.writeValueAsString(mine));

        Cli.Result r = runWithPlan(plan, theirs);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("approved by alice@example.com [ssh]");
    }

    private static String canonical(JsonNode node) throws Exception {
        ObjectMapper sorted = new ObjectMapper().configure(
                com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        return sorted.writeValueAsString(sorted.convertValue(node, java.util.Map.class));
    }
}
