package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.command;
import static dev.runbook.cli.CommandSpecs.examples;
import static dev.runbook.cli.CommandSpecs.fileParameter;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.paramOption;
import static dev.runbook.cli.CommandSpecs.set;
import static dev.runbook.cli.CommandSpecs.withStandardHelp;
import static dev.runbook.util.Shell.quote;

import dev.runbook.action.ActionRegistry;
import dev.runbook.approval.Canonical;
import dev.runbook.approval.Plan;
import dev.runbook.model.Confirm;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.params.ParameterBinder;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code runbook plan FILE --out PLAN.json}: the resolved plan of a run (what a dry-run shows of every step, the
 * runbook's SHA-256, the parameters with secrets as salted hashes) and its digest, for approvers to approve and for
 * {@code run --plan} to execute exactly.
 */
final class PlanCommand implements Callable<Integer> {
    /** The one line that lists this command in {@code runbook --help}; a constant, so listing it loads nothing. */
    static final String SUMMARY = "Write the resolved plan of a run, to approve and to run exactly.";

    private final CliContext context;

    CommandSpec spec;

    AwsOptionsMixin aws;

    String file;

    Map<String, String> params = new LinkedHashMap<>();

    String paramsFile;

    String out;

    PlanCommand(CliContext context) {
        this.context = context;
    }

    static CommandSpec spec(CliContext context) {
        PlanCommand c = new PlanCommand(context);
        c.spec = command(c, "plan", SUMMARY,
                "Write the resolved plan of a run: the runbook's name and SHA-256, the parameters (secret ones as a "
                + "salted SHA-256), every step with its action, whether it mutates, its rendered inputs as far as they "
                + "are known before the run (as --dry-run shows them), its prompts, region and account; and the plan's "
                + "digest (SHA-256 of its canonical JSON, docs/approvals.md). Approvers approve the digest with "
                + "'runbook approve'; 'runbook run --plan' executes exactly that plan. Nothing is run or recorded.");
        examples(c.spec,
                "runbook plan failover.yaml -p region=us-west-2 --out failover.plan.json",
                "runbook run failover.yaml -p region=us-west-2 --plan failover.plan.json --approval bob.approval.json");
        c.spec.usageMessage().sortOptions(false);
        c.aws = AwsOptionsMixin.addTo(c.spec, context);
        c.spec.addPositional(fileParameter(v -> c.file = v));
        c.spec.addOption(paramOption("A parameter value (repeatable).", () -> c.params, v -> c.params = v));
        c.spec.addOption(option("--params-file").paramLabel("FILE").type(String.class)
                .description("Parameter values from a YAML mapping; -p wins.")
                .setter(set((String v) -> c.paramsFile = v)).build());
        c.spec.addOption(option("--out").paramLabel("PLAN.json").type(String.class)
                .description("Where to write the plan (default: standard output).")
                .setter(set((String v) -> c.out = v)).build());
        return withStandardHelp(c.spec);
    }

    @Override
    public Integer call() {
        ActionRegistry registry = Actions.registry();
        Runbook runbook = RunbookLoading.loadValid(context, file, registry, GlobalOptions.of(spec).noColor).runbook();
        Map<String, Object> values = ParameterBinder.bind(runbook, params, RunCommand.fileParams(paramsFile),
                context.clock());
        Plan plan = ApprovalWiring.makePlan(context, registry, runbook, values, Map.of());
        if (out == null) {
            context.out().print(Canonical.pretty(plan.toMap()));
            context.out().flush();
            return ExitCodes.OK;
        }
        Canonical.write(Paths.get(out), plan.toMap());
        int mutating = 0;
        for (Map<String, Object> s : plan.steps()) {
            mutating += "mutating".equals(s.get("kind")) ? 1 : 0;
        }
        context.out().println("wrote the plan of " + runbook.name() + " to " + out + ": "
                + ValidateCommand.plural(plan.steps().size(), "step") + ", " + mutating + " mutating");
        context.out().println("digest: sha256:" + plan.digest());
        StringBuilder run = new StringBuilder("runbook run " + quote(file));
        params.forEach((k, v) -> run.append(" -p ").append(quote(k + "=" + (runbook.parameters().get(k) != null
                && runbook.parameters().get(k).secret() ? "VALUE" : v))));
        if (paramsFile != null) {
            run.append(" --params-file ").append(quote(paramsFile));
        }
        run.append(" --plan ").append(quote(out));
        boolean approvals = false;
        for (Step s : runbook.steps()) {
            if (s.confirm() instanceof Confirm.Approvers) {
                Confirm.Approvers a = (Confirm.Approvers) s.confirm();
                approvals = true;
                context.out().println("step '" + s.idValue() + "' needs " + a.others()
                        + (a.others() == 1 ? " approver" : " approvers") + " besides the operator"
                        + (a.from().isEmpty() ? "" : " from " + String.join(", ", a.from()))
                        + ": runbook approve " + quote(out) + " --step " + s.idValue() + " --sign ssh|aws");
            }
        }
        context.out().println("then: " + run + (approvals ? " --approval FILE..." : ""));
        context.out().flush();
        return ExitCodes.OK;
    }
}
