package dev.runbook.actions.aws;

import dev.runbook.action.ActionFailedException;
import dev.runbook.action.Actor;
import dev.runbook.action.ActorProbe;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * At the start of a run that uses any {@code aws.*} action: STS GetCallerIdentity, so that the operator reads which
 * account, region and identity the run is about to act on before the first prompt, and the journal records it.
 */
final class CallerIdentityProbe implements ActorProbe {
    private final Supplier<AwsClients> clients;

    /** The run's settings, for a plan: they tell the region without building a client (no SDK class loaded). */
    private final AwsSettings settings;

    CallerIdentityProbe(Supplier<AwsClients> clients, AwsSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    @Override
    public boolean concerns(Set<String> actionNames) {
        return actionNames.stream().anyMatch(n -> n.startsWith("aws."));
    }

    @Override
    public Actor identify(Duration timeout) throws Exception {
        AwsClients aws = clients.get();
        String region = aws.region();
        GetCallerIdentityResponse r;
        try {
            r = aws.sts().getCallerIdentity(b -> b.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        } catch (RuntimeException e) {
            throw AwsErrors.describe(e, "sts:GetCallerIdentity", null, region);
        }
        if (r.arn() == null || r.account() == null) {
            throw new ActionFailedException("sts:GetCallerIdentity answered without an account or ARN");
        }
        return new Actor("aws", r.arn(), r.account(), region,
                "you are about to act on account " + r.account() + " in " + region + " as " + r.arn());
    }

    /**
     * The region from the run's settings alone (nothing is called, no SDK class is loaded); null when only the
     * profile can tell, which a plan does not read. Route 53 is global: its calls are signed for us-east-1 whatever
     * the run's region.
     */
    @Override
    public Actor planned(Set<String> actionNames) {
        boolean global = actionNames.stream().filter(n -> n.startsWith("aws."))
                .allMatch(n -> n.startsWith("aws.route53."));
        return new Actor("aws", null, null, global ? "global (Route 53)" : settings.regionWithoutProfile(), null);
    }
}
