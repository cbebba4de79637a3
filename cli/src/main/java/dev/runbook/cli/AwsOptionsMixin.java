package dev.runbook.cli;

import static dev.runbook.cli.CommandSpecs.get;
import static dev.runbook.cli.CommandSpecs.option;
import static dev.runbook.cli.CommandSpecs.set;

import dev.runbook.actions.aws.AwsSettings;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --profile}, {@code --region}, {@code --endpoint-url} and {@code --endpoint SERVICE=URL}: how AWS actions
 * reach AWS. Each option, as it is parsed, publishes the run's {@link AwsSettings} (plain values, no SDK class) for
 * the AWS actions that the command's registry load creates; the environment of the {@link CliContext} is what the
 * credential and region chains read.
 */
public final class AwsOptionsMixin {
    /** The command the options belong to (for its usage in an error). */
    private final CommandSpec spec;

    private AwsSettings settings;

    /** Every {@code --endpoint} so far: picocli adds each one to this list and passes the whole list again. */
    private List<String> endpoints;

    private AwsOptionsMixin(CommandSpec spec, CliContext context) {
        this.spec = spec;
        // Published at once, so that an earlier in-process command's flags never leak into this one.
        publish(AwsSettings.fromEnvironment(context.env()));
    }

    /** Adds the AWS options to a command, each bound to the method that publishes it. */
    static AwsOptionsMixin addTo(CommandSpec spec, CliContext context) {
        AwsOptionsMixin m = new AwsOptionsMixin(spec, context);
        spec.addOption(option("--profile").paramLabel("NAME").type(String.class).description("The AWS profile "
                + "(default: AWS_PROFILE, then the default credential chain).").setter(set(m::profile)).build());
        spec.addOption(option("--region").paramLabel("REGION").type(String.class).description("The AWS region "
                + "(default: AWS_REGION, then the profile's region).").setter(set(m::region)).build());
        spec.addOption(option("--endpoint-url").paramLabel("URL").type(String.class).description("Send every AWS "
                + "call to this endpoint (LocalStack, a test stand-in).").setter(set(m::endpointUrl)).build());
        spec.addOption(option("--endpoint").paramLabel("SERVICE=URL").type(List.class).auxiliaryTypes(String.class)
                .description("Send one service's calls to URL (repeatable; services: "
                        + String.join(", ", AwsSettings.SERVICES) + ").")
                .getter(get(() -> m.endpoints)).setter(set(m::endpoints)).build());
        return m;
    }

    void profile(String profile) {
        publish(settings.withProfile(profile));
    }

    void region(String region) {
        publish(settings.withRegion(region));
    }

    void endpointUrl(String url) {
        publish(settings.withEndpointUrl(parse("--endpoint-url", url)));
    }

    void endpoints(List<String> pairs) {
        endpoints = pairs;
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
