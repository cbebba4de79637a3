package dev.runbook.testing;

import dev.runbook.model.Location;
import java.nio.file.Path;
import java.util.List;

/** A parsed {@code *.test.yaml}: the runbook it tests (as written, and where it was written) and its cases. */
public record TestFile(Path file, String runbook, Location runbookLocation, List<TestCase> cases) {

    public TestFile {
        cases = List.copyOf(cases);
    }
}
