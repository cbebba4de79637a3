package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.auditLogOption;
import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;
import static dev.runbook.util.Shell.quote;

import dev.runbook.approval.Approval;
import dev.runbook.approval.Canonical;
import dev.runbook.approval.Plan;
import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.approval.ssh.SshAgent;
import dev.runbook.approval.ssh.SshKeys;
import dev.runbook.approval.ssh.SshSig;
import dev.runbook.approval.ssh.SshSigException;
import dev.runbook.approval.ssh.SshSigner;
import dev.runbook.error.RunbookException;
import dev.runbook.exec.PromptUnavailableException;
import dev.runbook.model.Durations;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code runbook approve PLAN.json|RUN_ID --step ID --sign ssh|aws}: run by the approver on their own machine. Shows
 * what is approved (runbook, digest, the steps that mutate, the step), asks y/N (unless {@code --yes}), and writes an
 * approval file bound to the plan's digest and the step: an SSH signature (SSHSIG, namespace
 * {@code runbook-approval}) over the approval's statement, or a presigned STS GetCallerIdentity request whose signed
 * header carries its binding.
 */
final class ApproveCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Approve a step of a plan: writes a signed approval file.";

    /** Default validity: an SSH approval is verifiable offline, an STS proof is short-lived by design. */
    static final Duration SSH_DEFAULT = Duration.ofHours(12);
    static final Duration AWS_DEFAULT = Duration.ofMinutes(15);
    static final Duration AWS_MAX = Duration.ofHours(1);

    private final CliContext context;

    CommandSpec spec;

    AwsOptionsMixin aws;

    String target;

    String step;

    String sign;

    String key;

    String principal;

    String expires;

    String out;

    boolean yes;

    String allowedSigners;

    String auditLog;

    ApproveCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        ApproveCommand c = new ApproveCommand(context);
        c.spec = command(c, "approve", SUMMARY,
                "Approve one step of a plan, as the approver, on your own machine: shows the runbook, the plan's "
                + "digest, the steps that change something and the step approved, asks y/N (unless --yes), and writes "
                + "an approval file bound to the plan's digest and the step. --sign ssh signs it with your SSH key "
                + "(ssh-agent, or --key FILE) in the ssh-keygen -Y sign format, verifiable offline against the "
                + "allowed signers; --sign aws presigns an STS GetCallerIdentity request with your AWS credentials, "
                + "which the operator's run sends to STS to learn who you are. The operator then runs 'runbook run "
                + "--plan PLAN --approval FILE' or 'runbook resume RUN_ID --approval FILE'.");
        examples(c.spec,
                "runbook approve failover.plan.json --step switch --sign ssh --principal bob@example.com",
                "runbook approve 20261207013000-1a2b3c4d --step switch --sign aws --profile dr-approver");
        c.spec.usageMessage().sortOptions(false);
        c.spec.addPositional(PositionalParamSpec.builder().index("0").required(true).paramLabel("PLAN.json|RUN_ID")
                .type(String.class).description("The plan file ('runbook plan'), or the id of a run waiting for"
                        + " approval (its plan is read from the audit log).")
                .setter(set((String v) -> c.target = v)).build());
        c.spec.addOption(option("--step").paramLabel("ID").type(String.class).description("The step approved"
                + " (default: the plan's only step that needs approvers).")
                .setter(set((String v) -> c.step = v)).build());
        c.spec.addOption(option("--sign").paramLabel("ssh|aws").type(String.class).required(true)
                .description("How your identity is proven: ssh (your SSH key) or aws (your AWS credentials).")
                .setter(set((String v) -> c.sign = v)).build());
        c.spec.addOption(option("--key").paramLabel("FILE").type(String.class).description("ssh: the private key"
                + " file to sign with (OpenSSH format), or a .pub file to pick that key in ssh-agent (default: the"
                + " agent's only key).").setter(set((String v) -> c.key = v)).build());
        c.spec.addOption(option("--principal").paramLabel("NAME").type(String.class).description("ssh: the"
                + " principal you sign as, as the allowed-signers file names you (default: the one it gives your"
                + " key).").setter(set((String v) -> c.principal = v)).build());
        c.spec.addOption(option("--expires").paramLabel("DURATION").type(String.class).description("How long the"
                + " approval is valid (default: 12h for ssh, 15m for aws; at most 1h for aws).")
                .setter(set((String v) -> c.expires = v)).build());
        c.spec.addOption(option("--out").paramLabel("FILE").type(String.class).description("Where to write the"
                + " approval (default: STEP.approval.json in the current folder).")
                .setter(set((String v) -> c.out = v)).build());
        c.spec.addOption(option("-y", "--yes").type(boolean.class).description("Approve without asking (you"
                + " have read the plan).").setter(set((Boolean v) -> c.yes = v)).build());
        c.spec.addOption(option("--allowed-signers").paramLabel("FILE").type(String.class).description("ssh: the"
                + " allowed-signers file, to find your principal and check that the run will accept your key.")
                .setter(set((String v) -> c.allowedSigners = v)).build());
        c.spec.addOption(auditLogOption("With RUN_ID: the audit log the run wrote to (default: the one 'runbook"
                + " run' writes to).", v -> c.auditLog = v));
        c.aws = AwsOptionsMixin.addTo(c.spec, context);
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() throws IOException {
        String method = sign.toLowerCase(Locale.ROOT);
        if (!method.equals("ssh") && !method.equals("aws")) {
            throw RunbookException.invalid("--sign must be ssh or aws, got '" + sign + "'");
        }
        Duration validity = validity(method);
        boolean isFile = Files.isRegularFile(Paths.get(target));
        Plan plan;
        if (isFile) {
            plan = Plan.read(Paths.get(target));
        } else {
            Path log = AuditWiring.existing(context, auditLog);
            plan = ApprovalWiring.recordedPlan(log, target);
            if (plan == null) {
                throw RunbookException.invalid("run " + target + " recorded no plan: none of its steps needs"
                        + " approvers");
            }
        }
        String id = stepOf(plan);
        AllowedSigners allowed = allowedSigners == null ? null : ApprovalWiring.allowedSigners(allowedSigners, null);
        show(plan, id);
        confirm(plan, id);
        Instant created = context.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> fields = new TreeMap<>();
        fields.put("kind", Approval.KIND);
        fields.put("version", Approval.VERSION);
        fields.put("planDigest", plan.digest());
        fields.put("step", id);
        fields.put("runbook", plan.runbookName());
        fields.put("method", method);
        fields.put("createdAt", created.toString());
        fields.put("expiresAt", created.plus(validity).toString());
        String who;
        if (method.equals("ssh")) {
            SshSigner signer = signer();
            byte[] blob = signer.publicKeyBlob();
            String as = principal(allowed, blob);
            if (allowed != null && !allowed.allows(as, blob, SshSig.NAMESPACE, created)) {
                throw RunbookException.invalid("the allowed signers (" + allowed.source() + ") do not allow key "
                        + SshKeys.fingerprint(blob) + " to sign as '" + as + "': the run would refuse this approval");
            }
            fields.put("principal", as);
            fields.put("publicKey", SshKeys.toOpensshLine(blob, null));
            try {
                fields.put("signature", SshSig.sign(new Approval(fields, null).statement(), SshSig.NAMESPACE, signer));
            } catch (SshSigException e) {
                throw RunbookException.invalid("cannot sign with key " + SshKeys.fingerprint(blob) + ": "
                        + e.getMessage());
            }
            who = as + " (" + SshKeys.fingerprint(blob) + ")";
        } else {
            Approval statement = new Approval(fields, null);
            fields.put("proof", AwsVerifiers.sign(statement.binding(), validity));
            who = "your AWS identity (proven by STS when the run checks it)";
        }
        Path file = Paths.get(out != null ? out : id + ".approval.json");
        Canonical.write(file, fields);
        context.out().println("wrote the approval of step '" + id + "' of plan sha256:" + plan.digest() + " by "
                + who + " to " + file + "; valid until " + created.plus(validity));
        context.out().println("give it to the operator: " + (isFile
                ? "runbook run " + quote(runbookFile(plan)) + " ... --plan " + quote(target) + " --approval " + quote(file.toString())
                : "runbook resume " + quote(target) + " --approval " + quote(file.toString())
                        + (auditLog == null ? "" : " --audit-log " + quote(auditLog))));
        context.out().flush();
        return ExitCodes.OK;
    }

    private static String runbookFile(Plan plan) {
        Object rb = plan.content().get("runbook");
        Object f = rb instanceof Map ? ((Map<?, ?>) rb).get("file") : null;
        return f == null ? "FILE" : String.valueOf(f);
    }

    private Duration validity(String method) {
        if (expires == null) {
            return method.equals("ssh") ? SSH_DEFAULT : AWS_DEFAULT;
        }
        Duration d;
        try {
            d = Durations.parse(expires);
        } catch (RuntimeException e) {
            throw RunbookException.invalid("--expires must be a duration such as 30m or 2h, got '" + expires + "'");
        }
        if (d.isZero() || d.isNegative()) {
            throw RunbookException.invalid("--expires must be positive, got '" + expires + "'");
        }
        if (method.equals("aws") && d.compareTo(AWS_MAX) > 0) {
            throw RunbookException.invalid("--expires " + expires + ": an AWS approval is valid for at most 1h"
                    + " (a presigned STS request); use --sign ssh for longer-lived approvals");
        }
        return d;
    }

    /** The step approved: --step (one that needs approvers), else the plan's only such step. */
    private String stepOf(Plan plan) {
        List<String> gated = new ArrayList<>();
        for (Map<String, Object> s : plan.steps()) {
            if (s.get("approval") != null) {
                gated.add(String.valueOf(s.get("id")));
            }
        }
        if (step != null) {
            if (!gated.contains(step)) {
                throw RunbookException.invalid("--step " + step + ": " + (plan.step(step) == null
                        ? "the plan has no such step" : "that step needs no approvers")
                        + (gated.isEmpty() ? "" : " (steps that need approvers: " + String.join(", ", gated) + ")"));
            }
            return step;
        }
        if (gated.size() == 1) {
            return gated.get(0);
        }
        throw RunbookException.invalid(gated.isEmpty() ? "no step of this plan needs approvers"
                : "this plan has several steps that need approvers (" + String.join(", ", gated)
                        + "): pass --step ID");
    }

    /** What the approver approves, before they are asked. */
    private void show(Plan plan, String id) {
        var o = context.out();
        o.println("Approve step '" + id + "' of a run of " + plan.runbookName());
        o.println("  plan:     sha256:" + plan.digest() + " (made by " + plan.content().get("createdBy") + " at "
                + plan.content().get("createdAt") + ")");
        o.println("  runbook:  " + plan.runbookName() + " sha256:" + plan.runbookSha256());
        plan.parameters().forEach((k, v) -> o.println("  -p " + k + "=" + (v instanceof Map ? "(secret)" : v)));
        o.println("  steps that change something:");
        boolean any = false;
        for (Map<String, Object> s : plan.steps()) {
            if ("mutating".equals(s.get("kind"))) {
                any = true;
                o.println("    " + s.get("id") + ": " + s.get("action") + " " + Json.line(s.get("inputs")));
            }
        }
        if (!any) {
            o.println("    (none)");
        }
        Map<String, Object> gate = plan.step(id);
        o.println("  this approval is for step '" + id + "' (" + gate.get("action") + ")"
                + (gate.get("title") == null ? "" : ": " + gate.get("title")));
        o.flush();
    }

    private void confirm(Plan plan, String id) throws IOException {
        if (yes) {
            return;
        }
        if (!context.terminal()) {
            throw new PromptUnavailableException("approve asks you to confirm and there is no terminal: read the"
                    + " plan and pass --yes");
        }
        context.out().print("Approve step '" + id + "' of plan sha256:" + plan.digest().substring(0, 12)
                + "...? [y/N] ");
        context.out().flush();
        String answer = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            throw new RunbookException(RunbookException.Reason.DECLINED, "not approved: nothing was written");
        }
    }

    /** --key FILE (a private key, or a .pub picking that key in the agent), else the agent's only key. */
    private SshSigner signer() {
        try {
            if (key != null && !key.endsWith(".pub")) {
                Path k = Paths.get(key);
                if (!Files.isRegularFile(k)) {
                    throw RunbookException.invalid("--key " + key + ": no such file");
                }
                return SshKeys.fromPrivateKeyFile(k, null);
            }
            String sock = context.env().get("SSH_AUTH_SOCK");
            if (sock == null || sock.isBlank()) {
                throw RunbookException.invalid("--sign ssh needs a key: pass --key FILE (your private key) or start"
                        + " ssh-agent (SSH_AUTH_SOCK is not set)");
            }
            SshAgent agent = SshAgent.connect(Paths.get(sock));
            List<SshAgent.Identity> ids = agent.identities();
            if (key != null) {
                byte[] wanted = SshKeys.parsePublicKey(Files.readString(Paths.get(key)).trim());
                for (SshAgent.Identity i : ids) {
                    if (java.util.Arrays.equals(i.publicKeyBlob(), wanted)) {
                        return agent.signer(wanted);
                    }
                }
                throw RunbookException.invalid("--key " + key + ": ssh-agent does not hold that key ("
                        + SshKeys.fingerprint(wanted) + ")");
            }
            if (ids.size() != 1) {
                throw RunbookException.invalid("ssh-agent holds " + ids.size() + " keys: pass --key FILE.pub to"
                        + " pick one, or --key FILE for a private key file");
            }
            return agent.signer(ids.get(0).publicKeyBlob());
        } catch (SshSigException e) {
            throw RunbookException.invalid("--sign ssh: " + e.getMessage());
        } catch (IOException e) {
            throw RunbookException.invalid("--key " + key + ": cannot be read: " + e.getMessage());
        }
    }

    private String principal(AllowedSigners allowed, byte[] blob) {
        if (principal != null) {
            return principal;
        }
        List<String> mine = allowed == null ? List.of()
                : allowed.principalsFor(blob, SshSig.NAMESPACE, context.clock().instant());
        if (mine.size() == 1) {
            return mine.get(0);
        }
        throw RunbookException.invalid("pass --principal NAME: the name you sign as, as the allowed-signers file"
                + " names you" + (allowed == null ? " (or --allowed-signers FILE to find it)"
                : mine.isEmpty() ? " (" + allowed.source() + " gives key " + SshKeys.fingerprint(blob)
                        + " no principal)" : " (your key may sign as " + String.join(", ", mine) + ")"));
    }
}
