package dev.runbook.actions.builtin;

import dev.runbook.action.Action;
import dev.runbook.action.ActionProvider;
import java.util.List;
import java.util.Map;

/**
 * The actions every runbook can use without AWS: {@code manual}, {@code sleep}, {@code assert}, {@code exec},
 * {@code http} and {@code wait}. One of the command line's providers ({@code dev.runbook.cli.Actions}); constructing them builds no client.
 */
public final class BuiltinActions implements ActionProvider {
    private final Map<String, String> execEnvironment;

    public BuiltinActions() {
        this(Map.of());
    }

    /** @param execEnvironment variables every {@code exec} child gets unless its step sets them (the run's AWS settings) */
    public BuiltinActions(Map<String, String> execEnvironment) {
        this.execEnvironment = Map.copyOf(execEnvironment);
    }

    @Override
    public List<Action> actions() {
        return List.of(new ManualAction(), new SleepAction(), new AssertAction(), new ExecAction(execEnvironment), new HttpAction(),
                new WaitAction());
    }
}
