package dev.runbook.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionRegistry;
import dev.runbook.actions.builtin.BuiltinActions;
import dev.runbook.model.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
    @TempDir
    Path dir;

    @Test
    void aLibraryCheckedOnSeveralThreadsGivesEveryFileTheSameProblemsInTheSameOrderAsOneByOne() throws Exception {
        // given 120 files, every third one with an error of its own (an unknown step id it depends on)
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Path f = dir.resolve(String.format("rb-%03d.yaml", i));
            Files.writeString(f, "runbook: 1\nname: lib-" + i + "\nsteps:\n"
                    + "  - id: a\n    action: exec\n    with: { command: [echo, '" + i + "'], read-only: true }\n"
                    + "  - id: b\n    action: assert\n    needs: [" + (i % 3 == 0 ? "missing" + i : "a") + "]\n"
                    + "    with: { that: '${{ steps.a.status == \"succeeded\" }}' }\n");
            files.add(f);
        }
        Validator validator = new Validator(ActionRegistry.of(new BuiltinActions().actions()));

        // when
        List<Validation> oneByOne = validator.validateAll(files, 1);
        List<Validation> parallel = validator.validateAll(files, 4);

        // then
        assertThat(parallel).hasSize(120);
        for (int i = 0; i < 120; i++) {
            assertThat(parallel.get(i).file()).isEqualTo(files.get(i).toString());
            assertThat(messages(parallel.get(i))).isEqualTo(messages(oneByOne.get(i)));
            assertThat(parallel.get(i).valid()).as("file %d", i).isEqualTo(i % 3 != 0);
        }
        assertThat(messages(parallel.get(3))).anySatisfy(m -> assertThat(m).contains("missing3"));
    }

    private static List<String> messages(Validation v) {
        List<String> out = new ArrayList<>();
        for (Problem p : v.problems()) {
            out.add(p.location() + " " + p.message());
        }
        return out;
    }
}
