package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import dev.runbook.action.ActionSpec;
import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/**
 * {@code aws.ecs.previous-task-definition}: the ACTIVE revision of the same family just before a given task
 * definition (the service's current one), for a rollback. Deregistered (INACTIVE) revisions are skipped: a
 * service cannot be pointed at them. Empty outputs when there is none (a {@code check} can stop the run there).
 */
final class EcsPreviousTaskDefinitionAction extends AwsAction {
    static final ActionSpec SPEC = new ActionSpec("aws.ecs.previous-task-definition",
            "Finds the ACTIVE task definition revision of the same family just before a given one "
                    + "(empty when there is none).",
            Kind.READ_ONLY,
            List.of(IoSpec.required("before", ValueType.STRING,
                    "the task definition to go back from (ARN or family:revision), e.g. the service's")),
            List.of(IoSpec.output("taskDefinition", ValueType.STRING,
                            "the previous revision's ARN, or \"\" when there is none"),
                    IoSpec.output("family", ValueType.STRING, "the family"),
                    IoSpec.output("revision", ValueType.INTEGER, "the previous revision, 0 when there is none")),
            false);

    EcsPreviousTaskDefinitionAction(Supplier<AwsClients> clients) {
        super(clients, SPEC);
    }

    /** A task definition's family and revision. */
    record FamilyRevision(String family, long revision) {
        /** From an ARN ({@code arn:aws:ecs:R:A:task-definition/F:N}) or {@code F:N}; null when it is neither. */
        static FamilyRevision of(String text) {
            if (text == null) {
                return null;
            }
            String t = text.trim();
            int slash = t.indexOf(":task-definition/");
            if (slash >= 0) {
                t = t.substring(slash + ":task-definition/".length());
            } else if (t.startsWith("arn:")) {
                return null;
            }
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                return null;
            }
            try {
                return new FamilyRevision(t.substring(0, colon), Long.parseLong(t.substring(colon + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    @Override
    List<ApiCall> calls(Inputs inputs) {
        FamilyRevision fr = FamilyRevision.of(inputs.string("before"));
        Object family = fr == null ? "<the family of " + inputs.string("before") + ">" : fr.family();
        return List.of(list(family, null).note("every page until the ACTIVE revision before "
                + inputs.string("before")));
    }

    private static ApiCall list(Object family, String token) {
        return ApiCall.of("ecs", "ListTaskDefinitions", "familyPrefix", family, "status", "ACTIVE", "sort", "DESC",
                "nextToken", token);
    }

    @Override
    public Map<String, String> inputProblems(Inputs literal, Set<String> computed) {
        if (literal.has("before") && FamilyRevision.of(literal.string("before")) == null) {
            return Map.of("before", "must be a task definition ARN or family:revision, got '"
                    + literal.string("before") + "'");
        }
        return Map.of();
    }

    @Override
    public Outputs apply(Inputs inputs, ActionContext context) throws Exception {
        String before = required(inputs, "before");
        FamilyRevision current = FamilyRevision.of(before);
        if (current == null) {
            throw new ActionFailedException("before must be a task definition ARN or family:revision, got '"
                    + before + "'");
        }
        String token = null;
        do {
            String page = token;
            ListTaskDefinitionsResponse r = call(list(current.family(), page), "task definition family '"
                    + current.family() + "'", () -> aws().ecs().listTaskDefinitions(b -> b
                            .familyPrefix(current.family()).status(TaskDefinitionStatus.ACTIVE).sort(SortOrder.DESC)
                            .nextToken(page).overrideConfiguration(AwsClients.within(context))));
            for (String arn : r.taskDefinitionArns()) {
                FamilyRevision fr = FamilyRevision.of(arn);
                // familyPrefix is a prefix: orders also lists orders-worker.
                if (fr != null && fr.family().equals(current.family()) && fr.revision() < current.revision()) {
                    return outputs(arn, fr.family(), fr.revision());
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return outputs("", current.family(), 0);
    }

    private static Outputs outputs(String arn, String family, long revision) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("taskDefinition", arn);
        out.put("family", family);
        out.put("revision", revision);
        return Outputs.of(out);
    }
}
