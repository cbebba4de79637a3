package dev.runbook.actions.aws;

import dev.runbook.action.ActionContext;
import dev.runbook.action.ActionFailedException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.appconfig.model.GetHostedConfigurationVersionResponse;
import software.amazon.awssdk.services.appconfig.model.ListHostedConfigurationVersionsResponse;

/** Reads the latest hosted configuration version of an AppConfig profile (newest first is how AWS lists them). */
final class AppConfigHosted {
    /** The latest version: its number, content type and content as text. */
    record Latest(int version, String contentType, String content) {
    }

    private AppConfigHosted() {
    }

    static ApiCall listCall(String application, String profile) {
        return ApiCall.of("appconfig", "ListHostedConfigurationVersions", "ApplicationId", application,
                "ConfigurationProfileId", profile, "MaxResults", 1);
    }

    static ApiCall getCall(String application, String profile) {
        return ApiCall.of("appconfig", "GetHostedConfigurationVersion", "ApplicationId", application,
                "ConfigurationProfileId", profile, "VersionNumber", "<the latest>");
    }

    static Latest latest(AwsAction action, String application, String profile, ActionContext context)
            throws Exception {
        String what = "configuration profile '" + profile + "' of application '" + application + "'";
        ListHostedConfigurationVersionsResponse list = action.call(listCall(application, profile), what,
                () -> action.aws().appConfig().listHostedConfigurationVersions(b -> b.applicationId(application)
                        .configurationProfileId(profile).maxResults(1)
                        .overrideConfiguration(AwsClients.within(context))));
        if (!list.hasItems() || list.items().isEmpty()) {
            throw new ActionFailedException(what + " has no hosted configuration version");
        }
        int version = list.items().get(0).versionNumber();
        GetHostedConfigurationVersionResponse r = action.call(getCall(application, profile), what + " version "
                + version, () -> action.aws().appConfig().getHostedConfigurationVersion(b -> b
                        .applicationId(application).configurationProfileId(profile).versionNumber(version)
                        .overrideConfiguration(AwsClients.within(context))));
        String content = r.content() == null ? "" : new String(r.content().asByteArray(), StandardCharsets.UTF_8);
        return new Latest(version, r.contentType(), content);
    }
}
