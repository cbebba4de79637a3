package dev.runbook.cli;

import dev.runbook.actions.aws.AwsSettings;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --profile}, {@code --region}, {@code --endpoint-url} and {@code --endpoint SERVICE=URL}: how AWS actions
 * reach AWS. Each option, as it is parsed, publishes the run's {@link AwsSettings} (plain values, no SDK class) for
 * the AWS actions that the command's registry load creates; the environment of the {@link CliContext} is what the
 * credential and region chains read.
 */
public final class AwsOptionsMixin {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private AwsSettings settings;

    AwsOptionsMixin(CliContext context) {
        // Published at once, so that an earlier in-process command's flags never leak into this one.
        publish(AwsSettings.fromEnvironment(context.env()));
    }

    @Option(names = "--profile", paramLabel = "NAME", description = "The AWS profile (default: AWS_PROFILE, then the "
            + "default credential chain).")
    void profile(String profile) {
        publish(settings.withProfile(profile));
    }

    @Option(names = "--region", paramLabel = "REGION", description = "The AWS region (default: AWS_REGION, then the "
            + "profile's region).")
    void region(String region) {
        publish(settings.withRegion(region));
    }

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS call to this endpoint "
            + "(LocalStack, a test stand-in).")
    void endpointUrl(String url) {
        publish(settings.withEndpointUrl(parse("--endpoint-url", url)));
    }

    @Option(names = "--endpoint", paramLabel = "SERVICE=URL", description = "Send one service's calls to URL "
            + "(repeatable; services: appconfig, cloudwatch, dynamodb, lambda, route53, ssm, sts).")
    void endpoints(List<String> pairs) {
        AwsSettings s = settings;
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--endpoint expects SERVICE=URL, got '" + pair + "'");
            }
            String service;
            try {
                service = AwsSettings.checkService(pair.substring(0, eq));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--endpoint: " + e.getMessage());
            }
            s = s.withEndpoint(service, parse("--endpoint " + service, pair.substring(eq + 1)));
        }
        publish(s);
    }

    private URI parse(String option, String url) {
        try {
            return AwsSettings.endpoint(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private void publish(AwsSettings s) {
        settings = s;
        AwsSettings.use(s);
    }
}
