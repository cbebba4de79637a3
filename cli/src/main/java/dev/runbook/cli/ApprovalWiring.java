package dev.runbook.cli;

import static dev.runbook.util.Shell.quote;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.ActionRegistry;
import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalGate;
import dev.runbook.approval.ApprovalPolicy;
import dev.runbook.approval.ApprovalVerifier;
import dev.runbook.approval.OperatorIdentity;
import dev.runbook.approval.Plan;
import dev.runbook.approval.SshApprovalVerifier;
import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.approval.ssh.SshAgent;
import dev.runbook.approval.ssh.SshKeys;
import dev.runbook.approval.ssh.SshSigException;
import dev.runbook.audit.AuditReader;
import dev.runbook.audit.AuditRecord;
import dev.runbook.audit.Sha256;
import dev.runbook.error.RunbookException;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Executor;
import dev.runbook.exec.Mode;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunState;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.model.Confirm;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans and approvals for the commands: makes a runbook's plan (from what a dry-run computes), reads the approvals
 * and the allowed signers, knows the operator's identities, and builds the {@link ApprovalGate} of a run, whose
 * decisions are {@link ApprovalPolicy}'s.
 */
final class ApprovalWiring {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ApprovalWiring() {
    }

    /** Whether any step of the runbook needs approvals. */
    static boolean needsApprovals(Runbook runbook) {
        for (Step s : runbook.steps()) {
            if (s.confirm() instanceof Confirm.Approvers) {
                return true;
            }
        }
        return false;
    }

    /** The secret parameters' names. */
    static Set<String> secrets(Runbook runbook) {
        Set<String> out = new HashSet<>();
        for (Parameter p : runbook.parameters().values()) {
            if (p.secret()) {
                out.add(p.name());
            }
        }
        return out;
    }

    /**
     * The plan of a run of this runbook with these values: what a dry-run shows of every step (action, whether it
     * mutates, rendered inputs with secrets masked, prompts, its {@code if}, region and account when it acts on AWS),
     * the runbook's name and SHA-256, and the parameters (secrets as salted hashes; {@code salts} reuses a plan's).
     */
    static Plan makePlan(CliContext context, ActionRegistry registry, Runbook runbook, Map<String, Object> values,
            Map<String, String> salts) {
        String sha;
        try {
            sha = Sha256.ofFile(Paths.get(runbook.file()));
        } catch (IOException e) {
            throw RunbookException.invalid(runbook.file() + ": cannot be read: " + e.getMessage());
        }
        Map<String, Map<String, Object>> planned = new LinkedHashMap<>();
        ExecutionListener collect = e -> {
            if (e instanceof RunEvent.StepPlanned) {
                RunEvent.StepPlanned p = (RunEvent.StepPlanned) e;
                Map<String, Object> s = new TreeMap<>();
                s.put("id", p.step());
                s.put("title", p.title());
                s.put("action", p.action());
                s.put("kind", p.kind() == null ? null : p.kind().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-'));
                s.put("inputs", p.inputs());
                if (p.preview() != null) {
                    Map<String, Object> preview = new TreeMap<>();
                    preview.put("summary", p.preview().summary());
                    preview.put("details", p.preview().details());
                    s.put("preview", preview);
                }
                s.put("prompts", p.prompts());
                if (p.condition() != null) {
                    s.put("if", p.condition());
                }
                if (p.governs() != null && p.governs().region() != null) {
                    s.put("region", p.governs().region());
                }
                if (p.governs() != null && p.governs().account() != null) {
                    s.put("account", p.governs().account());
                }
                planned.put(p.step(), s);
            }
        };
        Executor.builder().registry(registry).confirmer(ScriptedConfirmer.noTerminal(false, Map.of()))
                .listener(collect).clock(context.clock()).mode(Mode.DRY_RUN).operator(RunCommand.operator())
                .parallelism(1).build().run(runbook, values, RunState.fresh());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step step : runbook.steps()) {
            Map<String, Object> s = planned.getOrDefault(step.idValue(), new TreeMap<>(Map.of("id", step.idValue(),
                    "action", step.actionName(), "note", "not planned: a step it needs cannot be planned")));
            if (step.confirm() instanceof Confirm.Approvers) {
                Confirm.Approvers a = (Confirm.Approvers) step.confirm();
                s.put("approval", Map.of("approvers", a.count(), "from", a.from()));
            }
            steps.add(s);
        }
        Map<String, Object> content = new TreeMap<>();
        content.put("kind", Plan.KIND);
        content.put("version", Plan.VERSION);
        Map<String, Object> rb = new TreeMap<>();
        rb.put("name", runbook.name());
        rb.put("file", runbook.file());
        rb.put("sha256", sha);
        content.put("runbook", rb);
        content.put("parameters", Plan.parameters(values, secrets(runbook), salts));
        content.put("steps", steps);
        content.put("createdAt", context.clock().instant().toString());
        content.put("createdBy", RunCommand.operator());
        return Plan.of(content);
    }

    /** Reads the plan of a run from the audit log: the latest {@code plan} record of that run. */
    static Plan recordedPlan(Path log, String runId) {
        List<AuditRecord> records;
        try {
            records = AuditReader.records(log, runId);
        } catch (IOException e) {
            throw RunbookException.invalid("cannot read the audit log " + log + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw RunbookException.invalid("no run '" + runId + "' in the audit log " + log + " (see 'runbook runs')");
        }
        return recordedPlan(records, runId, log);
    }

    static Plan recordedPlan(List<AuditRecord> records, String runId, Path log) {
        AuditRecord latest = null;
        for (AuditRecord r : records) {
            if (r.event().equals("plan")) {
                latest = r;
            }
        }
        if (latest == null) {
            return null;
        }
        Map<String, Object> plan = MAPPER.convertValue(latest.fields().get("plan"),
                new TypeReference<Map<String, Object>>() { });
        Plan p = Plan.of(plan);
        if (!p.digest().equals(latest.fields().path("planDigest").asText())) {
            throw RunbookException.invalid("the plan recorded for run " + runId + " in " + log + " does not match"
                    + " its digest");
        }
        return p;
    }

    /** The approval files given ({@code --approval}), read (invalid input: exit 2 naming the file). */
    static List<Approval> approvals(List<String> files) {
        List<Approval> out = new ArrayList<>();
        for (String f : files) {
            out.add(Approval.read(Paths.get(f)));
        }
        return out;
    }

    /**
     * Every given approval names a step of the runbook that needs approvals: else invalid input (exit 2) before
     * anything runs.
     */
    static void checkSteps(Runbook runbook, List<Approval> approvals) {
        for (Approval a : approvals) {
            Step s = runbook.step(a.step()).orElse(null);
            if (s == null) {
                throw RunbookException.invalid(a.name() + ": it approves step '" + a.step() + "', which "
                        + runbook.file() + " does not have");
            }
            if (!(s.confirm() instanceof Confirm.Approvers)) {
                throw RunbookException.invalid(a.name() + ": it approves step '" + a.step() + "', which needs no"
                        + " approval (it has no 'confirm: { approvers: N }')");
            }
        }
    }

    /**
     * The allowed signers: {@code --allowed-signers}, else the runbook's {@code approvals: { allowed-signers }};
     * null when neither names one. A file named but missing or malformed is invalid input (exit 2).
     */
    static AllowedSigners allowedSigners(String option, Runbook runbook) {
        Path file = option != null ? Paths.get(option) : runbook == null ? null : runbook.allowedSignersPath();
        if (file == null) {
            return null;
        }
        String from = option != null ? "--allowed-signers" : runbook.file() + ": approvals.allowed-signers";
        if (!Files.isRegularFile(file)) {
            throw RunbookException.invalid(from + ": the allowed-signers file " + file + " does not exist");
        }
        try {
            return AllowedSigners.parse(file);
        } catch (SshSigException e) {
            throw RunbookException.invalid(from + ": " + e.getMessage());
        }
    }

    /** The SSH and AWS verifiers; SSH approvals are refused with the reason when no allowed signers are known. */
    static List<ApprovalVerifier> verifiers(AllowedSigners allowed) {
        List<ApprovalVerifier> out = new ArrayList<>();
        out.add(allowed == null ? SshApprovalVerifier.without("no allowed-signers file to check its SSH key"
                + " against: give --allowed-signers FILE or 'approvals: { allowed-signers: FILE }' in the runbook")
                : new SshApprovalVerifier(allowed));
        out.add(AwsVerifiers.aws());
        return out;
    }

    /**
     * The operator: the OS user, the SSH keys this machine holds for them ({@code $HOME/.ssh/*.pub} and the agent at
     * {@code $SSH_AUTH_SOCK}) and the principals the allowed signers give those keys.
     */
    static OperatorIdentity operator(CliContext context, AllowedSigners allowed) {
        Set<byte[]> blobs = new java.util.LinkedHashSet<>();
        String home = context.env().get("HOME");
        if (home != null) {
            Path ssh = Paths.get(home, ".ssh");
            if (Files.isDirectory(ssh)) {
                try (DirectoryStream<Path> pubs = Files.newDirectoryStream(ssh, "*.pub")) {
                    for (Path p : pubs) {
                        try {
                            blobs.add(SshKeys.parsePublicKey(Files.readString(p).trim()));
                        } catch (IOException | SshSigException | RuntimeException e) {
                            // not a key this check can read
                        }
                    }
                } catch (IOException e) {
                    // no keys to read
                }
            }
        }
        String sock = context.env().get("SSH_AUTH_SOCK");
        if (sock != null && !sock.isBlank()) {
            try {
                for (SshAgent.Identity id : SshAgent.connect(Paths.get(sock)).identities()) {
                    blobs.add(id.publicKeyBlob());
                }
            } catch (SshSigException | RuntimeException e) {
                // no agent to ask
            }
        }
        Set<String> fingerprints = new HashSet<>();
        Set<String> principals = new HashSet<>();
        for (byte[] b : blobs) {
            fingerprints.add(SshKeys.fingerprint(b));
            if (allowed != null) {
                principals.addAll(allowed.principalsFor(b, dev.runbook.approval.ssh.SshSig.NAMESPACE,
                        context.clock().instant()));
            }
        }
        return new OperatorIdentity(RunCommand.operator(), fingerprints, principals, Set.of());
    }

    /** The gate of one run: its plan, the approvals given, and the policy over them. */
    static ApprovalGate gate(CliContext context, Plan plan, List<Approval> given, AllowedSigners allowed,
            String auditLog) {
        ApprovalPolicy policy = new ApprovalPolicy(plan.digest(), verifiers(allowed), operator(context, allowed),
                context.clock());
        String logOption = auditLog == null ? "" : " --audit-log " + quote(auditLog);
        return ApprovalGate.of(plan, policy, given,
                (runId, step) -> "runbook approve " + quote(runId) + " --step " + quote(step) + " --sign ssh|aws"
                        + logOption,
                runId -> "runbook resume " + quote(runId) + " --approval FILE..." + logOption);
    }

    /** The policy alone, for checks before a run (CI) and for {@code audit verify}. */
    static ApprovalPolicy policy(CliContext context, Plan plan, AllowedSigners allowed, Clock clock) {
        return new ApprovalPolicy(plan.digest(), verifiers(allowed), operator(context, allowed), clock);
    }
}
