package dev.runbook.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.approval.Approval;
import dev.runbook.approval.ApprovalPolicy;
import dev.runbook.approval.ApprovalVerifier;
import dev.runbook.approval.Approver;
import dev.runbook.approval.OperatorIdentity;
import dev.runbook.approval.Plan;
import dev.runbook.approval.SshApprovalVerifier;
import dev.runbook.approval.ssh.AllowedSigners;
import dev.runbook.approval.ssh.SshSigException;
import dev.runbook.error.RunbookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code audit verify}, for approvals: every accepted {@code approval} record is decided again by
 * {@link ApprovalPolicy}, as of the time it was recorded, against its run's recorded plan and operator: SSH
 * signatures are verified again offline (against {@code --allowed-signers}, else the file recorded with it); an AWS
 * approval is taken as STS answered then (the answer is recorded; STS cannot be asked again); the operator (the OS
 * user and AWS identity the run recorded) never counts, nor the same approver twice for a step of a run.
 */
final class ApprovalAudit {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private ApprovalAudit() {
    }

    /** One accepted approval as recorded. */
    private record Recorded(long line, String runId, String step, Instant at, Approval approval,
            Map<String, Object> evidence, String approver) {
    }

    /** Prints what it found; false when an approval does not hold or breaks separation of duties. */
    static boolean check(CliContext context, Path log, String allowedOption) {
        Map<String, String> operators = new LinkedHashMap<>();
        Map<String, Set<String>> awsActors = new LinkedHashMap<>();
        Map<String, Plan> plans = new LinkedHashMap<>();
        List<Recorded> approvals = new ArrayList<>();
        long line = 0;
        try {
            for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                line++;
                JsonNode r;
                try {
                    r = MAPPER.readTree(text);
                } catch (IOException e) {
                    continue; // a torn last line, already accounted for by the chain check
                }
                String runId = r.path("runId").asText();
                switch (r.path("event").asText()) {
                    case "run-started":
                    case "run-resumed":
                        operators.putIfAbsent(runId, r.path("operator").asText(null));
                        break;
                    case "actor-identified":
                        if (r.path("actor").hasNonNull("aws")) {
                            awsActors.computeIfAbsent(runId, k -> new HashSet<>()).add(r.path("actor").path("aws")
                                    .asText());
                        }
                        break;
                    case "plan":
                        plans.put(runId, Plan.of(MAPPER.convertValue(r.path("plan"), MAP)));
                        break;
                    case "approval":
                        approvals.add(new Recorded(line, runId, r.path("step").asText(),
                                Instant.parse(r.path("ts").asText()),
                                new Approval(MAPPER.convertValue(r.path("approval"), MAP), r.path("file").asText(null)),
                                r.has("evidence") ? MAPPER.convertValue(r.path("evidence"), MAP) : Map.of(),
                                r.path("approver").asText(null)));
                        break;
                    default:
                        break;
                }
            }
        } catch (IOException e) {
            throw RunbookException.invalid(log + ": cannot be read: " + e.getMessage());
        }
        if (approvals.isEmpty()) {
            return true;
        }
        AllowedSigners option = allowedOption == null ? null : ApprovalWiring.allowedSigners(allowedOption, null);
        int bad = 0;
        Map<String, List<Approval>> counted = new LinkedHashMap<>();
        for (Recorded a : approvals) {
            String where = "runbook: " + log + ":" + a.line() + ": run " + a.runId() + " step '" + a.step() + "': ";
            Plan plan = plans.get(a.runId());
            if (plan == null) {
                context.err().println(where + "an approval without a recorded plan");
                bad++;
                continue;
            }
            AllowedSigners allowed = option != null ? option : recordedSigners(a.evidence());
            List<ApprovalVerifier> verifiers = List.of(allowed == null
                    ? SshApprovalVerifier.without("no allowed-signers file to verify it against (give"
                            + " --allowed-signers FILE)") : new SshApprovalVerifier(allowed), recordedAws(a));
            OperatorIdentity operator = new OperatorIdentity(operators.get(a.runId()), Set.of(), Set.of(),
                    awsActors.getOrDefault(a.runId(), Set.of()));
            ApprovalPolicy policy = new ApprovalPolicy(plan.digest(), verifiers, operator,
                    Clock.fixed(a.at(), ZoneOffset.UTC));
            List<Approval> before = counted.computeIfAbsent(a.runId() + "\u0000" + a.step(), k -> new ArrayList<>());
            List<Approval> all = new ArrayList<>(before);
            all.add(a.approval());
            Map<String, Object> step = plan.step(a.step());
            List<String> from = new ArrayList<>();
            if (step != null && step.get("approval") instanceof Map
                    && ((Map<?, ?>) step.get("approval")).get("from") instanceof List) {
                for (Object p : (List<?>) ((Map<?, ?>) step.get("approval")).get("from")) {
                    from.add(String.valueOf(p));
                }
            }
            ApprovalPolicy.Evaluation ev = policy.evaluate(a.step(), 2, from, all);
            ApprovalPolicy.Decision last = ev.decisions().get(ev.decisions().size() - 1);
            before.add(a.approval());
            if (!last.accepted()) {
                context.err().println(where + "the approval by " + a.approver() + " does not hold: " + last.reason());
                bad++;
            }
        }
        String ssh = option != null ? "against " + option.source() : "against the allowed signers recorded with them";
        if (bad == 0) {
            context.out().println("approvals: " + approvals.size() + " verified again (SSH signatures " + ssh
                    + "; AWS ones as STS answered), none breaks separation of duties");
            return true;
        }
        context.err().println("approvals: " + bad + " of " + approvals.size() + " do not hold or break separation of"
                + " duties");
        return false;
    }

    private static AllowedSigners recordedSigners(Map<String, Object> evidence) {
        Object f = evidence.get("allowedSigners");
        if (!(f instanceof String) || !Files.isRegularFile(Paths.get((String) f))) {
            return null;
        }
        try {
            return AllowedSigners.parse(Paths.get((String) f));
        } catch (SshSigException e) {
            return null;
        }
    }

    /** An AWS approval as STS answered when it was recorded: its evidence is that answer. */
    private static ApprovalVerifier recordedAws(Recorded r) {
        return new ApprovalVerifier() {
            @Override
            public String method() {
                return "aws";
            }

            @Override
            public Approver verify(Approval approval, Instant now) throws Refused {
                Object arn = r.evidence().get("arn");
                if (!(arn instanceof String)) {
                    throw new Refused("the STS answer was not recorded");
                }
                List<String> names = new ArrayList<>();
                names.add((String) arn);
                for (String k : new String[] {"roleArn", "userId"}) {
                    if (r.evidence().get(k) instanceof String) {
                        names.add((String) r.evidence().get(k));
                    }
                }
                return new Approver("aws", (String) arn, names, null, r.evidence());
            }
        };
    }
}
