/**
 * Two-person approvals that prove who approved. A {@link dev.runbook.approval.Plan} is the resolved run (runbook
 * bytes, parameters with secrets hashed, every step as the dry-run renders it) with a digest over its canonical
 * form ({@link dev.runbook.approval.Canonical}); an {@link dev.runbook.approval.Approval} names that digest (and a
 * step) and carries its proof, checked by an {@link dev.runbook.approval.ApprovalVerifier}: an SSH signature
 * ({@link dev.runbook.approval.SshApprovalVerifier}, over {@code dev.runbook.approval.ssh}) or an AWS STS answer
 * (the verifier lives in {@code dev.runbook.actions.aws}, the only package that knows the SDK).
 * {@link dev.runbook.approval.ApprovalPolicy} is the one place that decides whether an approval counts (this plan,
 * not expired, proof holds, not the operator, matches {@code from}, each approver once); run, resume, CI, runbook
 * tests and {@code audit verify} all go through it, the executor through an {@link dev.runbook.approval.ApprovalGate}.
 * No picocli, JLine or AWS SDK here.
 */
package dev.runbook.approval;
