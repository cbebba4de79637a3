package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help: a one-line summary in its parent's command list, and at least one example. */
class HelpTest {

    @Test
    void everyCommandHasAOneLineSummaryInItsParentsCommandList() {
        for (CommandLine parent : ShellDocs.withSubcommands(ShellDocs.commandTree())) {
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
        List<CommandLine> all = ShellDocs.withSubcommands(ShellDocs.commandTree());
        assertThat(all).hasSizeGreaterThan(14);
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as("help of '%s'", name).containsPattern("\nExamples:\n  " + name + "( |\n)");
        }
    }

    @Test
    void theTopLevelHelpListsEveryExitCodeOfDocsCli() throws Exception {
        String docs = Files.readString(RepoPaths.repo().resolve("docs/cli.md"));
        String table = docs.substring(docs.indexOf("## Exit codes"), docs.indexOf("\n## ", docs.indexOf("## Exit codes") + 1));
        String help = ShellDocs.commandTree().getUsageMessage(CommandLine.Help.Ansi.OFF);
        String listed = help.substring(help.indexOf("Exit codes:"));
        Matcher row = Pattern.compile("(?m)^\\| ([0-9][0-9, ]*) \\|").matcher(table);
        int rows = 0;
        while (row.find()) {
            rows++;
            for (String code : row.group(1).split(", ")) {
                assertThat(listed).as("exit code %s of docs/cli.md in 'runbook --help'", code)
                        .containsPattern("(?m)(^ *|\\()" + code + "\\b");
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theTopLevelHelpListsTheCommandsExactlyAsTheFullyBuiltCommandsWould() {
        // given the command line of 'runbook --help' (commands listed by name and summary only) and the full tree
        CliContext context = new CliContext(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.ByteArrayInputStream(new byte[0]),
                java.util.Map.of(), false, java.time.Clock.systemUTC(), false);
        CommandLine listed = Main.commandLine(context, new String[] {"--help"});
        CommandLine full = ShellDocs.commandTree();

        // then every command has a summary of its own in Main.summary, is only listed, and the help is the same
        for (String name : Main.COMMANDS) {
            assertThat(Main.summary(name)).as("the summary of '%s' in Main.summary", name).isNotNull();
            assertThat(listed.getSubcommands().get(name).getCommandSpec().userObject())
                    .as("'%s' is only listed, not built", name).isNull();
        }
        assertThat(listed.getUsageMessage(CommandLine.Help.Ansi.OFF))
                .isEqualTo(full.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
}
