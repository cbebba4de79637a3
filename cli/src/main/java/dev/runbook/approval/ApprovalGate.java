package dev.runbook.approval;

import dev.runbook.model.Confirm;
import java.util.Collection;

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
}
