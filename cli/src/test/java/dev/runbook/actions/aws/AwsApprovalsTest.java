package dev.runbook.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.cli.CliContext;
import dev.runbook.cli.ExitCodes;
import dev.runbook.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sign aws} end to end through the command line, against the STS stand-in: the approver's presigned
 * GetCallerIdentity is sent by the operator's run and STS's answer names the approver; {@code from:} matches the role
 * of an assumed-role ARN; an expired AWS approval is refused with its expiry.
 */
class AwsApprovalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StsStandIn sts;

    @TempDir
    Path tmp;

    private Path runbook;
    private Path log;

    @BeforeAll
    static void start() {
        sts = new StsStandIn().know(StsIdentityProofTest.BOB).know(StsIdentityProofTest.ALICE);
    }

    @AfterAll
    static void stop() {
        sts.close();
    }

    @BeforeEach
    void files() throws Exception {
        runbook = tmp.resolve("restore.yaml");
        Files.writeString(runbook, String.join("\n",
                "runbook: 1",
                "name: aws-approvals",
                "parameters:",
                "  marker: { type: string, required: true }",
                "steps:",
                "  - id: restore",
                "    action: exec",
                "    with: { command: [touch, '${{ params.marker }}'] }",
                "    confirm: { approvers: 2, from: ['arn:aws:iam::*:role/dr-approver'] }", ""));
        log = tmp.resolve("audit.jsonl");
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result cli(Map<String, String> extraEnv, Clock clock, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("RUNBOOK_AUDIT_LOG", log.toString());
        env.put("HOME", tmp.toString());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new CliContext(new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), Map.copyOf(env), false, clock, false));
        return new Result(code, out.toString(), err.toString());
    }

    private Path plan() {
        Path plan = tmp.resolve("plan.json");
        Result r = cli(Map.of(), Clock.systemUTC(), "plan", runbook.toString(), "-p", "marker=" + tmp.resolve("m"),
                "--out", plan.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        return plan;
    }

    private Path approve(StsStandIn.Principal who, Path plan, String... more) {
        Path out = tmp.resolve(who.accessKey() + ".approval.json");
        List<String> args = new ArrayList<>(List.of("approve", plan.toString(), "--sign", "aws", "--yes", "--out",
                out.toString()));
        args.addAll(List.of(more));
        Result r = cli(who.env(), Clock.systemUTC(), args.toArray(new String[0]));
        assertThat(r.code()).as(r.toString()).isZero();
        return out;
    }

    @Test
    void anAssumedRoleApprovalIsProvenBySTSAndMatchesTheRolePattern() throws Exception {
        Path plan = plan();
        Path approval = approve(StsIdentityProofTest.ALICE, plan);

        Result r = cli(Map.of(), Clock.systemUTC(), "run", runbook.toString(), "-p", "marker=" + tmp.resolve("m"),
                "--plan", plan.toString(), "--approval", approval.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Files.exists(tmp.resolve("m"))).isTrue();
        JsonNode approvalRecord = null;
        for (String line : Files.readAllLines(log)) {
            JsonNode n = JSON.readTree(line);
            if (n.path("event").asText().equals("approval")) {
                approvalRecord = n;
            }
        }
        assertThat(approvalRecord).isNotNull();
        assertThat(approvalRecord.path("method").asText()).isEqualTo("aws");
        assertThat(approvalRecord.path("approver").asText())
                .isEqualTo("arn:aws:sts::210987654321:assumed-role/dr-approver/alice");
        assertThat(approvalRecord.path("evidence").path("response").asText()).contains("GetCallerIdentityResponse");
    }

    @Test
    void aUserOutsideTheApproverRoleIsRefused() {
        Path plan = plan();
        Path approval = approve(StsIdentityProofTest.BOB, plan);

        Result r = cli(Map.of(), Clock.systemUTC(), "run", runbook.toString(), "-p", "marker=" + tmp.resolve("m"),
                "--plan", plan.toString(), "--approval", approval.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("'arn:aws:iam::123456789012:user/bob' does not match the step's approvers");
        assertThat(Files.exists(tmp.resolve("m"))).isFalse();
    }

    @Test
    void anExpiredAwsApprovalIsRefusedWithItsExpiry() throws Exception {
        Path plan = plan();
        Path approval = approve(StsIdentityProofTest.ALICE, plan, "--expires", "5m");
        String expiresAt = JSON.readTree(approval.toFile()).path("expiresAt").asText();

        Result r = cli(Map.of(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)), "run", runbook.toString(),
                "-p", "marker=" + tmp.resolve("m"), "--plan", plan.toString(), "--approval", approval.toString());

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.DECLINED);
        assertThat(r.err()).contains("refused: it expired at " + expiresAt);
        assertThat(Files.exists(tmp.resolve("m"))).isFalse();
    }
}
