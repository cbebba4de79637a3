package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The completion script and the man pages the build writes into cli/target (ShellDocs, the package phase). */
class ShellDocsIT {
    private static final Path TARGET = RepoPaths.jar().getParent();

    @TempDir
    Path dir;

    @Test
    void theCompletionScriptLoadsInBashAndCompletesCommandsOptionsAndSubcommands() throws Exception {
        Path script = TARGET.resolve("completion/runbook");
        assertThat(script).as("written by the build").isRegularFile();

        assertThat(complete(script, "runbook", "va")).containsExactly("validate");
        assertThat(complete(script, "runbook", "run", "--dry")).containsExactly("--dry-run");
        assertThat(complete(script, "runbook", "audit", "ve")).containsExactly("verify");
    }

    @Test
    void manRendersAPageForEveryCommandWithoutWarnings() throws Exception {
        List<String> pages = new ArrayList<>();
        for (CommandLine command : ShellDocs.withSubcommands(ShellDocs.commandTree())) {
            Path page = TARGET.resolve("man/man1/" + ShellDocs.pageName(command.getCommandSpec()) + ".1");
            assertThat(page).as("written by the build").isRegularFile();
            pages.add(page.toString());
        }
        assumeTrue(RepoPaths.onPath("man") != null, "assuming the man pages render: 'man' is not installed on this machine");

        for (String page : pages) {
            Process man = new ProcessBuilder("man", "-P", "cat", "-l", page)
                    .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                    .start();
            man.getOutputStream().close();
            assertThat(man.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertThat(man.exitValue()).as("man -l %s%n%s", page, out).isZero();
            assertThat(Files.readString(dir.resolve("err.txt"))).as("man -l %s: warnings", page).isEmpty();
            assertThat(out).as(page).contains("NAME", "SYNOPSIS", "EXAMPLES");
        }
    }

    /** COMPREPLY for the command line {@code words}, from the script sourced into a non-interactive bash. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String program = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + " )\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=" + line.length() + "\n"
                + "_complete_runbook runbook '" + words[words.length - 1] + "' '" + words[words.length - 2] + "'\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program)
                .redirectError(dir.resolve("bash-err.txt").toFile()).redirectOutput(dir.resolve("bash-out.txt").toFile())
                .start();
        bash.getOutputStream().close();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(Files.readString(dir.resolve("bash-err.txt"))).isZero();
        List<String> reply = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("bash-out.txt"))) {
            if (!l.isEmpty()) {
                reply.add(l);
            }
        }
        return reply;
    }
}
