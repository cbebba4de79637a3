package dev.runbook.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void makesControlCharactersAndBidiOverridesVisibleInOneLineValues() {
        assertThat(TerminalText.line("a\u001B[2Jb\u0007c\u0000d\r\ne\u0008f\u000Bg\u000Ch\u007Fi\u0085j"))
                .isEqualTo("a\\e[2Jb\\ac\\0d\\r\\ne\\bf\\vg\\fh\\x7fi\\u0085j");
        assertThat(TerminalText.line("evil\u202Egnp.exe \u2066x\u2069 \u200F \u2028"))
                .isEqualTo("evil\\u202egnp.exe \\u2066x\\u2069 \\u200f \\u2028");
        assertThat(TerminalText.line("\u0001\u001F")).isEqualTo("\\x01\\x1f");
    }

    @Test
    void keepsLineFeedsInTextsButNotCarriageReturnsAndLeavesOrdinaryTextAsItIs() {
        assertThat(TerminalText.text("failed:\n  \u001B[32m\u2713 fake\r")).isEqualTo("failed:\n  \\e[32m\u2713 fake\\r");
        String plain = "caf\u00E9 \u2192 \u6771\u4EAC\ttab \uD83D\uDE80";
        assertThat(TerminalText.line(plain)).isSameAs(plain);
        assertThat(TerminalText.line(null)).isNull();
        assertThat(TerminalText.line(42)).isEqualTo("42");
    }
}
