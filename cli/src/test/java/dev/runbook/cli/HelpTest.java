package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help: a one-line summary in its parent's command list, and at least one example. */
class HelpTest {

    /** The whole command tree, as {@code runbook --help} builds it. */
    static CommandLine commandTree() {
        CliContext context = new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Map.of(), false, Clock.systemUTC(), false);
        return Main.commandLine(context, new String[0]);
    }

    /** Every command under {@code root}, depth first. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            all.add(sub);
            all.addAll(commands(sub));
        }
        return all;
    }

    @Test
    void everyCommandHasAOneLineSummaryInItsParentsCommandList() {
        List<CommandLine> parents = new ArrayList<>(List.of(commandTree()));
        parents.addAll(commands(parents.get(0)));
        for (CommandLine parent : parents) {
            if (parent.getSubcommands().isEmpty()) {
                continue;
            }
            parent.getCommandSpec().usageMessage().autoWidth(false).width(80);
            String list = parent.getHelp().commandList();
            String[] lines = list.split("\n");
            assertThat(lines).as("the command list of '%s' (one line per command):%n%s",
                    parent.getCommandSpec().qualifiedName(), list).hasSize(parent.getSubcommands().size());
            for (String name : parent.getSubcommands().keySet()) {
                assertThat(list).as("'%s' in the command list", name).containsPattern("(?m)^  " + name + " +\\S");
            }
        }
    }

    @Test
    void everyCommandsHelpEndsWithAtLeastOneExampleOfItself() {
        List<CommandLine> all = new ArrayList<>(List.of(commandTree()));
        all.addAll(commands(all.get(0)));
        assertThat(all).hasSizeGreaterThan(14);
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as("help of '%s'", name).containsPattern("\nExamples:\n  " + name + "( |\n)");
        }
    }
}
