package dev.runbook.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {
    @TempDir
    Path dir;

    @Test
    void keepsYamlTypingAndWhetherAScalarWasQuoted() throws Exception {
        // given
        String text = String.join("\n",
                "int: 42", "hex: 0x1F", "float: 1.5", "yes: true", "no: false", "nothing: null", "tilde: ~",
                "empty:", "quotedTrue: 'true'", "quotedEmpty: \"\"", "plain: live", "word: yes", "switch: on",
                "big: 99999999999999999999999", "block: |", "  text", "");

        // when
        Node.Mapping m = (Node.Mapping) YamlReader.read("t.yaml", text);

        // then
        assertThat(scalar(m, "int")).isEqualTo(new Node.Scalar(loc(1, 6), 42L, false));
        assertThat(scalar(m, "hex").value()).isEqualTo(31L);
        assertThat(scalar(m, "float").value()).isEqualTo(1.5);
        assertThat(scalar(m, "yes").value()).isEqualTo(Boolean.TRUE);
        assertThat(scalar(m, "no").value()).isEqualTo(Boolean.FALSE);
        assertThat(scalar(m, "nothing").value()).isNull();
        assertThat(scalar(m, "tilde").value()).isNull();
        assertThat(scalar(m, "empty").value()).isNull();
        assertThat(scalar(m, "quotedTrue")).extracting(Node.Scalar::value, Node.Scalar::quoted)
                .containsExactly("true", true);
        assertThat(scalar(m, "quotedEmpty")).extracting(Node.Scalar::value, Node.Scalar::quoted)
                .containsExactly("", true);
        assertThat(scalar(m, "plain")).extracting(Node.Scalar::value, Node.Scalar::quoted)
                .containsExactly("live", false);
        assertThat(scalar(m, "word").value()).isEqualTo("yes");
        assertThat(scalar(m, "switch").value()).isEqualTo("on");
        assertThat(scalar(m, "big").value()).isEqualTo("99999999999999999999999");
        assertThat(scalar(m, "block")).extracting(Node.Scalar::value, Node.Scalar::quoted)
                .containsExactly("text\n", true);
    }

    @Test
    void recordsTheLineAndColumnOfEveryKeyAndValue() throws Exception {
        // given
        String text = "steps:\n  - id: a\n    with: { x: [1, 2] }\n";

        // when
        Node.Mapping root = (Node.Mapping) YamlReader.read("t.yaml", text);

        // then
        assertThat(root.location()).isEqualTo(loc(1, 1));
        assertThat(root.entry("steps").keyLocation()).isEqualTo(loc(1, 1));
        Node.Sequence steps = (Node.Sequence) root.get("steps");
        assertThat(steps.location()).isEqualTo(loc(2, 3));
        Node.Mapping step = (Node.Mapping) steps.items().get(0);
        assertThat(step.location()).isEqualTo(loc(2, 5));
        assertThat(step.entry("with").keyLocation()).isEqualTo(loc(3, 5));
        Node.Mapping with = (Node.Mapping) step.get("with");
        assertThat(with.location()).isEqualTo(loc(3, 11));
        Node.Sequence x = (Node.Sequence) with.get("x");
        assertThat(x.items().get(1).location()).isEqualTo(loc(3, 20));
        assertThat(root.toPlain()).isEqualTo(Map.of("steps", List.of(Map.of("id", "a",
                "with", Map.of("x", List.of(1L, 2L))))));
    }

    @Test
    void readsAnEmptyFileACommentOnlyFileAndALoneSeparatorAsANullScalar() throws Exception {
        for (String text : List.of("", "# nothing\n\n# here\n", "---\n", "\n\n")) {
            // when
            Node node = YamlReader.read("t.yaml", text);

            // then
            assertThat(node).as("%s", text).isEqualTo(new Node.Scalar(loc(1, 1), null, false));
        }
    }

    @Test
    void refusesAnAnchorAtItsLocation() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "a: 1\nb: &x [1, 2]\nc: *x\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().location()).isEqualTo(loc(2, 4));
                    assertThat(e.problem().message())
                            .isEqualTo("YAML anchors and aliases are not supported in runbooks");
                });
    }

    @Test
    void refusesAnAliasAtItsLocation() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "a: 1\nb: *nowhere\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().location()).isEqualTo(loc(2, 4));
                    assertThat(e.problem().message()).contains("anchors and aliases are not supported");
                });
    }

    @Test
    void refusesTheBillionLaughsBombAtItsFirstAnchor() {
        // given: the classic nine-level bomb, which expands to 10^9 strings when aliases are followed
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(p);
            }
            bomb.append("]\n");
        }

        // when / then: refused before any alias is expanded
        assertThatThrownBy(() -> YamlReader.read("bomb.yaml", bomb.toString()))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().location()).isEqualTo(new Location("bomb.yaml", 1, 4));
                    assertThat(e.problem().message()).contains("anchors and aliases are not supported");
                });
    }

    @Test
    void acceptsNestingOf64LevelsAndRefusesDeeperFlowNestingWithoutOverflowingTheStack() throws Exception {
        // given
        String ok = "[".repeat(64) + "]".repeat(64);
        String deep = "a: " + "[".repeat(100_000) + "]".repeat(100_000);

        // when
        Node node = YamlReader.read("t.yaml", ok);

        // then
        assertThat(node).isInstanceOf(Node.Sequence.class);
        assertThatThrownBy(() -> YamlReader.read("t.yaml", deep))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).contains("nested deeper than 64 levels");
                    // the root mapping is level 1, so level 65 is the 64th bracket
                    assertThat(e.problem().location()).isEqualTo(loc(1, 4 + 63));
                });
    }

    @Test
    void refusesDeepBlockNestingAtTheFirstTooDeepMapping() {
        // given: 100 nested block mappings; the root mapping is level 1
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        text.append("  ".repeat(100)).append("leaf: 1\n");

        // when / then
        assertThatThrownBy(() -> YamlReader.read("t.yaml", text.toString()))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).contains("nested deeper than 64 levels");
                    assertThat(e.problem().location()).isEqualTo(loc(65, 129));
                });
    }

    @Test
    void refusesADuplicateKeyNamingWhereItWasFirstWritten() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "top:\n  x: 1\n  y: 2\n  x: 3\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().location()).isEqualTo(loc(4, 3));
                    assertThat(e.problem().message()).isEqualTo("duplicate key 'x' (first at 2:3)");
                });
    }

    @Test
    void keepsTheFirstValueOfADuplicateKeyWhenCollectingProblems() throws Exception {
        // given
        List<Problem> problems = new ArrayList<>();

        // when
        Node.Mapping m = (Node.Mapping) YamlReader.read("t.yaml", "x: 1\nx: 2\n", problems);

        // then
        assertThat(m.get("x").toPlain()).isEqualTo(1L);
        assertThat(problems).extracting(Problem::message).containsExactly("duplicate key 'x' (first at 1:1)");
    }

    @Test
    void refusesASecondDocumentAtItsSeparator() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "a: 1\n---\nb: 2\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().location()).isEqualTo(loc(2, 1));
                    assertThat(e.problem().message()).contains("more than one YAML document");
                });
    }

    @Test
    void explainsATabUsedForIndentationAtTheTab() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "steps:\n  - id: a\n  \t  action: manual\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).isEqualTo("tabs are not allowed for indentation; use spaces");
                    assertThat(e.problem().location()).isEqualTo(loc(3, 3));
                });
    }

    @Test
    void turnsASyntaxErrorIntoOneCleanLineAtItsPosition() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "a: [1, 2\nb: 3\n"))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    Problem p = e.problem();
                    assertThat(p.message()).startsWith("invalid YAML: expected ',' or ']'")
                            .contains("flow sequence that starts at 1:4")
                            .doesNotContain("\n").doesNotContain("in 'reader'");
                    assertThat(p.location()).isEqualTo(loc(2, 2));
                });
    }

    @Test
    void refusesAMappingKeyThatIsNotAScalar() {
        assertThatThrownBy(() -> YamlReader.read("t.yaml", "? [a, b]\n: c\n"))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).contains("a mapping key must be a plain value"));
    }

    @Test
    void refusesTextLargerThan4MiBBeforeParsingIt() {
        // given: 5 MB of otherwise valid YAML
        String text = "a: " + "x".repeat(5_000_000) + "\n";

        // when / then
        assertThatThrownBy(() -> YamlReader.read("big.yaml", text))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).contains("larger than 4 MiB");
                    assertThat(e.problem().location()).isEqualTo(Location.ofFile("big.yaml"));
                });
    }

    @Test
    void refusesAFileLargerThan4MiBFromItsSize() throws IOException {
        // given
        Path big = dir.resolve("big.yaml");
        Files.write(big, ("a: " + "x".repeat(5 * 1024 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII));

        // when / then
        assertThatThrownBy(() -> YamlReader.read(big))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).isEqualTo("the file is 5.0 MiB, larger than 4 MiB, the limit for a runbook"));
    }

    @Test
    void acceptsAFileOfExactlyTheLimit() throws Exception {
        // given: a block scalar of 100-byte lines, the last one padded so that the file is exactly 4 MiB
        Path file = dir.resolve("limit.yaml");
        StringBuilder text = new StringBuilder("a: |\n");
        String line = "  " + "x".repeat(97) + "\n";
        while (text.length() + line.length() <= YamlReader.MAX_BYTES - 3) {
            text.append(line);
        }
        text.append("  ");
        text.append("y".repeat(YamlReader.MAX_BYTES - text.length() - 1)).append('\n');
        Files.writeString(file, text);
        assertThat(Files.size(file)).isEqualTo(YamlReader.MAX_BYTES);

        // when
        Node node = YamlReader.read(file);

        // then
        assertThat(((String) ((Node.Mapping) node).get("a").toPlain())).endsWith("yyy\n");
    }

    @Test
    void namesTheLineOfTheFirstByteThatIsNotUtf8() throws IOException {
        // given: Latin-1 "é" on line 2
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "a: 1\nb: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        // when / then
        assertThatThrownBy(() -> YamlReader.read(file))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).isEqualTo("the file is not valid UTF-8 (byte 0xE9); save it as UTF-8");
                    assertThat(e.problem().location()).isEqualTo(new Location(file.toString(), 2, 7));
                });
    }

    @Test
    void saysAUtf16FileIsUtf16() throws IOException {
        // given
        Path file = dir.resolve("utf16.yaml");
        Files.write(file, "a: 1\n".getBytes(StandardCharsets.UTF_16));

        // when / then
        assertThatThrownBy(() -> YamlReader.read(file))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).contains("UTF-16"));
    }

    @Test
    void refusesABinaryFileAtItsFirstNulByte() throws IOException {
        // given
        Path file = dir.resolve("binary.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', '1', '\n', 0x7f, 'E', 'L', 'F', 0, 0, 1});

        // when / then
        assertThatThrownBy(() -> YamlReader.read(file))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).startsWith("the file is binary");
                    assertThat(e.problem().location()).isEqualTo(new Location(file.toString(), 2, 5));
                });
    }

    @Test
    void dropsAUtf8ByteOrderMark() throws Exception {
        // given
        Path file = dir.resolve("bom.yaml");
        Files.write(file, "\uFEFFa: 1\n".getBytes(StandardCharsets.UTF_8));

        // when
        Node.Mapping m = (Node.Mapping) YamlReader.read(file);

        // then
        assertThat(m.has("a")).isTrue();
    }

    @Test
    void saysWhenAPathDoesNotExistOrIsAFolder() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> YamlReader.read(missing))
                .isInstanceOfSatisfying(YamlException.class, e -> {
                    assertThat(e.problem().message()).isEqualTo("no such file");
                    assertThat(e.problem().location()).isEqualTo(Location.ofFile(missing.toString()));
                });
        assertThatThrownBy(() -> YamlReader.read(dir))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).isEqualTo("is a folder, not a file"));
    }

    @Test
    void saysWhenAFileCannotBeRead() throws IOException {
        // given: a symbolic link loop, which cannot be opened even by root
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);

        // when / then
        assertThatThrownBy(() -> YamlReader.read(a))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).startsWith("cannot read the file"));
    }

    @Test
    void saysWhenPermissionToReadIsDenied() throws IOException {
        // given
        Path file = dir.resolve("secret.yaml");
        Files.writeString(file, "a: 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeThat(Files.isReadable(file)).as("permissions are not enforced for this user (root)").isFalse();

        // when / then
        assertThatThrownBy(() -> YamlReader.read(file))
                .isInstanceOfSatisfying(YamlException.class, e ->
                        assertThat(e.problem().message()).isEqualTo("cannot read the file: permission denied"));
    }

    @Test
    void reportsATagAsAProblemButKeepsTheValue() throws Exception {
        // given
        List<Problem> problems = new ArrayList<>();

        // when
        Node.Mapping m = (Node.Mapping) YamlReader.read("t.yaml", "a: !Ref thing\n", problems);

        // then
        assertThat(m.get("a").toPlain()).isEqualTo("thing");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("YAML tags ('!Ref') are not supported");
            assertThat(p.location()).isEqualTo(loc(1, 4));
        });
    }

    private static Node.Scalar scalar(Node.Mapping m, String key) {
        return (Node.Scalar) m.get(key);
    }

    private static Location loc(int line, int column) {
        return new Location("t.yaml", line, column);
    }
}
