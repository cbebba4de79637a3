package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionProvider;
import java.util.List;

/**
 * The actions every runbook can use without AWS: {@code manual}, {@code sleep}, {@code assert}, {@code exec},
 * {@code http} and {@code wait}. One of the command line's providers ({@code dev.runbook.cli.Actions}); constructing them builds no client.
 */
public final class BuiltinActions implements ActionProvider {
    @Override
    public List<Action> actions() {
        return List.of(new ManualAction(), new SleepAction(), new AssertAction(), new ExecAction(), new HttpAction(),
                new WaitAction());
    }
}
