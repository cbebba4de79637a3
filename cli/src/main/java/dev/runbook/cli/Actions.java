package dev.runbook.cli;

import dev.runbook.action.ActionRegistry;
import dev.runbook.actions.aws.AwsActions;
import dev.runbook.actions.aws.AwsSettings;
import dev.runbook.actions.builtin.BuiltinActions;

/**
 * The actions the command line offers: the one place its action providers are composed. Listed here rather than
 * found through {@code java.util.ServiceLoader}, whose class-path scan opens the 30 MB jar (17,000 entries) on every
 * start, about 15 ms of CPU that the class-data archive otherwise avoids (docs/performance.md).
 */
final class Actions {
    private Actions() {
    }

    /**
     * The built-in actions and the {@code aws.*} ones; constructing them builds no client. Both read the AWS settings
     * the command's options published: {@code exec} passes them on to its children as {@code AWS_*} variables.
     */
    static ActionRegistry registry() {
        return ActionRegistry.of(new BuiltinActions(AwsSettings.current().childEnvironment()), new AwsActions());
    }
}
