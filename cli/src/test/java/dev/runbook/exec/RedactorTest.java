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
}
