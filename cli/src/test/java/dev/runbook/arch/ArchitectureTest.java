package dev.runbook.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the engine free of the front-end and of AWS: only cli/ may know picocli and jline, only actions/aws the SDK. */
class ArchitectureTest {
    private static final Path MAIN = Paths.get("src/main/java/dev/runbook");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void engineNeverImportsPicocliJlineTheAwsSdkOrTheCli() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = MAIN.relativize(file).getParent() == null ? "" : MAIN.relativize(file).getParent().toString();
            boolean cli = pkg.equals("cli") || pkg.startsWith("cli/");
            boolean aws = pkg.startsWith("actions/aws");
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(2);
                boolean frontEnd = imported.startsWith("picocli.") || imported.startsWith("org.jline.")
                        || imported.startsWith("dev.runbook.cli.");
                boolean sdk = imported.startsWith("software.amazon.");
                if ((frontEnd && !cli) || (sdk && !aws)) {
                    violations.add(MAIN.relativize(file) + " imports " + imported);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theRuleSeesTheEnginePackages() throws IOException {
        assertThat(javaFiles()).anyMatch(p -> p.toString().contains("/model/"))
                .anyMatch(p -> p.toString().contains("/cli/"));
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
