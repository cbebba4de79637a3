package dev.runbook.approval;

import dev.runbook.model.Confirm;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the executor asks when a step needs approvals: the run's plan (recorded at its start), the decision on the
 * approvals given for a step (by {@link ApprovalPolicy}, nowhere else), and the commands that get a waiting run
 * approved and continued. The command line builds one per run.
 */
public interface ApprovalGate {

    /** The plan this run executes, whose digest approvals must name. */
    Plan plan();

    /**
     * The policy's decision on every approval given for this step; {@code operatorArns} are the AWS identities this
     * run acts as (they never approve it).
     */
    ApprovalPolicy.Evaluation evaluate(String step, Confirm.Approvers rule, Collection<String> operatorArns);

    /** What the approver runs: {@code runbook approve RUN_ID --step ID --sign ssh|aws}. */
    String approveCommand(String runId, String step);

    /** What the operator runs once approved: {@code runbook resume RUN_ID --approval FILE...}. */
    String resumeCommand(String runId);

    /**
     * The gate over {@code given} approvals, decided by {@code policy} (the one decision point), with the commands
     * that get a waiting run approved ({@code approveCommand(runId, step)}) and continued ({@code resumeCommand(runId)}).
     */
    static ApprovalGate of(Plan plan, ApprovalPolicy policy, List<Approval> given,
            BiFunction<String, String, String> approveCommand, Function<String, String> resumeCommand) {
        return new ApprovalGate() {
            @Override
            public Plan plan() {
                return plan;
            }

            @Override
            public ApprovalPolicy.Evaluation evaluate(String step, Confirm.Approvers rule,
                    Collection<String> operatorArns) {
                return policy.withOperatorArns(operatorArns).evaluate(step, rule.count(), rule.from(), given);
            }

            @Override
            public String approveCommand(String runId, String step) {
                return approveCommand.apply(runId, step);
            }

            @Override
            public String resumeCommand(String runId) {
                return resumeCommand.apply(runId);
            }
        };
    }
}
