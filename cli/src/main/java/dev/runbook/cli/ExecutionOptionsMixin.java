package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.get;
import static dev.runbook.cli.CommandSpecs.keyValueOption;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.outputOption;
import static dev.runbook.cli.CommandSpecs.set;

import dev.runbook.error.RunbookException;
import dev.runbook.exec.InDoubtChoice;
import dev.runbook.exec.Mode;
import dev.runbook.graph.StepKinds;
import dev.runbook.exec.ScriptedConfirmer;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** The options of every command that executes steps ({@code run}, {@code resume}): answers, parallelism, output. */
final class ExecutionOptionsMixin {
    boolean yes;

    Map<String, String> confirms = new LinkedHashMap<>();

    List<String> acks = new ArrayList<>();

    int parallel;

    OutputFormat output;

    /** {@code --approval FILE}: approvals made by {@code runbook approve} (repeatable). */
    List<String> approvals = new ArrayList<>();

    /** {@code --allowed-signers FILE}: the SSH allowed signers approvals are verified against. */
    String allowedSigners;

    List<String> anchors = new ArrayList<>();

    String anchorRetention;

    boolean anchorRequired;

    /** The anchors resolved by {@link #checkArguments}. */
    AnchorConfig.Resolved resolvedAnchors;

    /** Adds the execution options to a command. */
    static ExecutionOptionsMixin addTo(CommandSpec spec) {
        ExecutionOptionsMixin m = new ExecutionOptionsMixin();
        spec.addOption(option("-y", "--yes").type(boolean.class).description("Answer y/N prompts with yes (never "
                + "checklists, typed confirmations or approvals).")
                .setter(set((Boolean v) -> m.yes = v)).build());
        spec.addOption(option("--ack").paramLabel("STEP|all").type(List.class).auxiliaryTypes(String.class)
                .description("Acknowledge the checklist of STEP (a manual step), or of every step with 'all', without "
                        + "a terminal; recorded as acknowledged by --ack (repeatable).")
                .getter(get(() -> m.acks)).setter(set((List<String> v) -> m.acks = v)).build());
        spec.addOption(keyValueOption("step", () -> m.confirms, v -> m.confirms = v, "--confirm")
                .paramLabel("STEP=VALUE").description("Answer the typed confirmation of STEP (repeatable).").build());
        spec.addOption(option("--parallel").paramLabel("N").type(int.class).defaultValue("4")
                .description("How many independent steps may run at once (default: ${DEFAULT-VALUE}).")
                .setter(set((Integer v) -> m.parallel = v)).build());
        spec.addOption(option("--approval").paramLabel("FILE").type(List.class).auxiliaryTypes(String.class)
                .description("An approval made by 'runbook approve' for a step that needs approvers (repeatable);"
                        + " each is checked by the approval policy and recorded.")
                .getter(get(() -> m.approvals)).setter(set((List<String> v) -> m.approvals = v)).build());
        spec.addOption(option("--allowed-signers").paramLabel("FILE").type(String.class)
                .description("The SSH allowed-signers file (ssh-keygen format) SSH approvals are verified against"
                        + " (default: the runbook's approvals.allowed-signers).")
                .setter(set((String v) -> m.allowedSigners = v)).build());
        spec.addOption(outputOption("text (default) or json: one JSON event per line, for CI.", v -> m.output = v));
        addAnchorOptions(spec, () -> m.anchors, v -> m.anchors = v);
        spec.addOption(option("--anchor-retention").paramLabel("DURATION").type(String.class)
                .description("How long an s3:// anchor's checkpoints are locked when the bucket has Object Lock "
                        + "(COMPLIANCE mode; default: 400d, or audit.anchor-retention in the config file).")
                .setter(set((String v) -> m.anchorRetention = v)).build());
        spec.addOption(option("--anchor-required").type(boolean.class)
                .description("Stop the run before its next mutating step (exit 4) when a checkpoint could not be "
                        + "written to an anchor.")
                .setter(set((Boolean v) -> m.anchorRequired = v)).build());
        return m;
    }

    /** {@code --anchor URI} (repeatable), on run, resume, audit verify and audit export. */
    static void addAnchorOptions(CommandSpec spec, java.util.function.Supplier<List<String>> getter,
            java.util.function.Consumer<List<String>> setter) {
        spec.addOption(option("--anchor").paramLabel("URI").type(List.class).auxiliaryTypes(String.class)
                .description("Post checkpoints of the audit log's head to URI: file:///PATH, s3://BUCKET/PREFIX or "
                        + "cloudwatch-logs://GROUP/STREAM (repeatable; default: $RUNBOOK_ANCHOR, else audit.anchors "
                        + "in the config file).")
                .getter(get(getter::get)).setter(set(setter::accept)).build());
    }

    /** Checks what can be checked before the runbook is read (the anchors included: a bad URI is exit 2). */
    void checkArguments(CliContext context) {
        if (parallel < 1) {
            throw RunbookException.invalid("--parallel must be at least 1, got " + parallel);
        }
        resolvedAnchors = AnchorConfig.resolve(context, anchors, anchorRetention, anchorRequired);
    }

    /**
     * Every {@code --confirm} and {@code --ack} names a step of the runbook ({@code where} names the runbook in the
     * message); an {@code --ack} names a manual step (one with a checklist).
     */
    void checkConfirms(Runbook runbook, String where) {
        for (String step : confirms.keySet()) {
            if (runbook.step(step).isEmpty()) {
                throw RunbookException.invalid("--confirm names step '" + step + "', which " + where + " does not have");
            }
        }
        for (String step : acks) {
            if (step.equals(ScriptedConfirmer.ACK_ALL)) {
                continue;
            }
            Step s = runbook.step(step).orElseThrow(() -> RunbookException.invalid("--ack names step '" + step
                    + "', which " + where + " does not have"));
            if (!StepKinds.MANUAL.equals(s.actionName())) {
                throw RunbookException.invalid("--ack names step '" + step + "', which is not a manual step: it has"
                        + " no checklist to acknowledge");
            }
        }
    }

    RunCommand.Settings settings(Mode mode, InDoubtChoice inDoubt) {
        return new RunCommand.Settings(yes, confirms, acks, parallel, output, mode, inDoubt, null);
    }
}
