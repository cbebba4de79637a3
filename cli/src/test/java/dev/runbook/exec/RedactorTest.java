package dev.runbook.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksTheLongerOfTwoOverlappingSecretsWhole() {
        // given
        Redactor r = new Redactor();
        r.add("abc");
        r.add("abcdef");

        // when
        String out = r.redact("x abcdef y abc");

        // then
        assertThat(out).isEqualTo("x *** y ***");
    }

    @Test
    void masksInsideNestedMapsAndListsAndKeepsKeys() {
        // given
        Redactor r = new Redactor();
        r.addValue(1234L);
        r.add("pw");

        // when
        Object out = r.redactValue(Map.of("env", List.of("PASS=pw", 1234L), "n", 5L));

        // then
        assertThat(out).isEqualTo(Map.of("env", List.of("PASS=***", "***"), "n", 5L));
    }

    @Test
    void ignoresEmptySecrets() {
        // given
        Redactor r = new Redactor();
        r.add("");
        r.add(null);

        // when / then
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.redact("text")).isEqualTo("text");
    }

    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
            + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
            + "-----END RSA PRIVATE KEY-----\n";

    @Test
    void masksEveryLineOfAMultiLineSecretWhenItIsStreamedLineByLine() {
        // given
        Redactor r = new Redactor();
        r.add(PEM);

        // when / then: each streamed line, alone or inside other text
        for (String line : PEM.split("\n")) {
            assertThat(r.redactLine(line)).isEqualTo("***");
            assertThat(r.redactLine("key: " + line)).isEqualTo("key: ***");
        }
        assertThat(r.redactLine("an ordinary line")).isEqualTo("an ordinary line");
    }

    @Test
    void masksAMultiLineSecretWholeAlsoWithoutItsTrailingNewlineOrWithCrlf() {
        // given
        Redactor r = new Redactor();
        r.add(PEM.replace("\n", "\r\n"));

        // when / then: a captured stdout is trimmed of its last newline; a streamed line has lost its CR
        assertThat(r.redact("key:\n" + PEM.strip())).isEqualTo("key:\n***");
        assertThat(r.redact(PEM)).isEqualTo("***");
        assertThat(r.redactLine("VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK"))
                .isEqualTo("***");
    }

    @Test
    void masksAShortLineOfAMultiLineSecretOnlyAsAWholeLineAndLeavesPunctuationLines() {
        // given
        Redactor r = new Redactor();
        r.add("{\n  \"user\": \"admin\",\n  pw9\n}");

        // when / then
        assertThat(r.redactLine("  pw9")).isEqualTo("***");
        assertThat(r.redactLine("pw99 and pw9 in a sentence")).isEqualTo("pw99 and pw9 in a sentence");
        assertThat(r.redactLine("\"user\": \"admin\",")).isEqualTo("***");
        assertThat(r.redactLine("}")).isEqualTo("}");
        assertThat(r.redactLine("{")).isEqualTo("{");
    }

    @Test
    void aSecretShorterThanFourCharactersIsMaskedOnlyWhereItStandsAlone() {
        // given
        Redactor r = new Redactor();
        r.add("x");
        r.add("42");

        // when / then: inside a word it would tell where the secret is; alone it is masked
        assertThat(r.redact("exec x")).isEqualTo("exec ***");
        assertThat(r.redact("token=x; pin 42, id 1420")).isEqualTo("token=***; pin ***, id 1420");
        assertThat(r.redactValue(42L)).isEqualTo("***");
        assertThat(r.redactLine("x")).isEqualTo("***");
    }

    @Test
    void maskCutEndMasksTheFirstCharactersOfASecretThatEndACutText() {
        // given
        Redactor r = new Redactor();
        r.add("TOPSECRET-value");
        r.add("ab");

        // when / then
        assertThat(r.maskCutEnd("aaa TOPS")).isEqualTo("aaa ***");
        assertThat(r.maskCutEnd("aaa TOPSECRET-valu\uFFFD")).isEqualTo("aaa ***");
        assertThat(r.maskCutEnd("aaa TOPSECRET-value")).isEqualTo("aaa TOPSECRET-value");
        assertThat(r.maskCutEnd("plain text")).isEqualTo("plain text");
        // a short secret's start only where it stands alone
        assertThat(r.maskCutEnd("data a")).isEqualTo("data ***");
        assertThat(r.maskCutEnd("data")).isEqualTo("data");
    }
}
