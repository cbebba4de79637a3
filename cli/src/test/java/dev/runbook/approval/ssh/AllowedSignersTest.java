package dev.runbook.approval.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowedSignersTest {
    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    private static final String NS = SshSig.NAMESPACE;

    private static KeyPair alice;
    private static KeyPair bob;
    private static String aliceLine;
    private static String bobLine;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception {
        alice = TestKeys.ed25519();
        bob = TestKeys.ed25519();
        aliceLine = TestKeys.publicLine(alice, "alice laptop");
        bobLine = TestKeys.publicLine(bob, "");
    }

    private static byte[] blob(KeyPair k) throws Exception {
        return TestKeys.blob(k);
    }

    @Test
    void skipsCommentsAndBlankLinesAndReadsEveryEntry() throws Exception {
        AllowedSigners a = AllowedSigners.parse("# the DR team\n\n   \n\t# indented comment\nalice@example.com "
                + aliceLine + "\r\nbob@example.com " + bobLine + "\n", "team");

        assertThat(a.size()).isEqualTo(2);
        assertThat(a.principalsFor(blob(alice), NS, NOW)).containsExactly("alice@example.com");
        assertThat(a.principalsFor(blob(bob), NS, NOW)).containsExactly("bob@example.com");
    }

    @Test
    void aKeyListedOnSeveralLinesGetsThePrincipalsOfEachLineThatAllowsIt() throws Exception {
        AllowedSigners a = AllowedSigners.parse("alice@example.com,ops@example.com " + aliceLine + "\n"
                + "git-only@example.com namespaces=\"git\" " + aliceLine + "\n"
                + "\"dr lead\" " + aliceLine + "\n"
                + "ops@example.com " + aliceLine + "\n", "team");

        assertThat(a.principalsFor(blob(alice), NS, NOW))
                .containsExactly("alice@example.com", "ops@example.com", "dr lead");
        assertThat(a.principalsFor(blob(alice), "git", NOW)).contains("git-only@example.com");
    }

    @Test
    void optionsAreCaseInsensitiveAndMayBeQuotedOrNot() throws Exception {
        AllowedSigners a = AllowedSigners.parse("alice@example.com Namespaces=\"runbook-*,file\",VALID-AFTER=20260101Z,"
                + "valid-before=\"202612312359Z\" " + aliceLine, "team");

        assertThat(a.principalsFor(blob(alice), NS, NOW)).containsExactly("alice@example.com");
        assertThat(a.principalsFor(blob(alice), NS, Instant.parse("2025-12-31T23:59:59Z"))).isEmpty();
        assertThat(a.principalsFor(blob(alice), NS, Instant.parse("2026-12-31T23:59:00Z"))).hasSize(1);
        assertThat(a.principalsFor(blob(alice), NS, Instant.parse("2026-12-31T23:59:01Z"))).isEmpty();
        assertThat(a.principalsFor(blob(alice), "git", NOW)).isEmpty();
    }

    @Test
    void timesWithoutZAreInTheGivenTimeZone() throws Exception {
        AllowedSigners a = AllowedSigners.parse("alice@example.com valid-before=20261207040000 " + aliceLine, "team",
                ZoneId.of("Europe/Paris"));

        // 04:00 in Paris is 03:00 UTC
        assertThat(a.principalsFor(blob(alice), NS, Instant.parse("2026-12-07T03:00:00Z"))).hasSize(1);
        assertThat(a.principalsFor(blob(alice), NS, Instant.parse("2026-12-07T03:00:01Z"))).isEmpty();
    }

    @Test
    void principalPatternsUseWildcardsAndNegationLikeOpenssh() throws Exception {
        AllowedSigners a = AllowedSigners.parse("*@example.com,!intern-*@example.com,admin?@corp " + aliceLine,
                "team");

        assertThat(a.allows("alice@example.com", blob(alice), NS, NOW)).isTrue();
        assertThat(a.allows("admin1@corp", blob(alice), NS, NOW)).isTrue();
        assertThat(a.allows("intern-joe@example.com", blob(alice), NS, NOW)).isFalse();
        assertThat(a.allows("admin12@corp", blob(alice), NS, NOW)).isFalse();
        assertThat(a.allows("alice@example.org", blob(alice), NS, NOW)).isFalse();
        assertThat(a.allows("alice@example.com", blob(bob), NS, NOW)).isFalse();
    }

    @Test
    void matchPatternListFollowsOpensshMatchC() {
        assertThat(AllowedSigners.matchPatternList("a@b", "a@b")).isEqualTo(1);
        assertThat(AllowedSigners.matchPatternList("a@b", "x,*@b")).isEqualTo(1);
        assertThat(AllowedSigners.matchPatternList("a@b", "*,!a@*")).isEqualTo(-1);
        assertThat(AllowedSigners.matchPatternList("a@b", "!x@b")).isZero();
        assertThat(AllowedSigners.matchPatternList("abc", "a?c")).isEqualTo(1);
        assertThat(AllowedSigners.matchPatternList("ac", "a?c")).isZero();
        assertThat(AllowedSigners.matchPatternList("a.b.c", "a*c")).isEqualTo(1);
        assertThat(AllowedSigners.matchPatternList("A@B", "a@b")).isZero();
    }

    @Test
    void certAuthorityLinesDoNotVouchForThePlainKey() throws Exception {
        AllowedSigners a = AllowedSigners.parse("*@example.com cert-authority " + aliceLine, "team");

        assertThat(a.principalsFor(blob(alice), NS, NOW)).isEmpty();
        assertThatThrownBy(() -> a.check(blob(alice), NS, NOW)).hasMessageContaining("is not in the allowed signers");
    }

    @Test
    void linesWithKeyTypesThisToolCannotVerifyStillParse() throws Exception {
        String sk = "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIE"
                + "qDqr/j+4nSvOPXN3p0Y2gHlEvMKJbNyF9bWj2QKRUqAAAABHNzaDo= yubikey";

        AllowedSigners a = AllowedSigners.parse("carol@example.com " + sk + "\nalice@example.com " + aliceLine, "t");

        assertThat(a.size()).isEqualTo(2);
        assertThat(a.principalsFor(blob(alice), NS, NOW)).containsExactly("alice@example.com");
    }

    @Test
    void parseErrorsNameTheFileAndLineOfEachProblem() throws Exception {
        Path file = Files.writeString(dir.resolve("allowed_signers"), "# team\n"
                + "alice@example.com " + aliceLine + "\n"
                + "bob@example.com\n"
                + "bob@example.com valid-before=tomorrow " + bobLine + "\n"
                + "bob@example.com colour=blue " + bobLine + "\n"
                + "bob@example.com ssh-ed25519 AAAA!!\n"
                + "bob@example.com namespaces=\"git " + bobLine + "\n"
                + "bob@example.com valid-after=20270101Z,valid-before=20260101Z " + bobLine + "\n"
                + "bob@example.com valid-before=20261340Z " + bobLine + "\n");

        assertThatThrownBy(() -> AllowedSigners.parse(file)).isInstanceOf(SshSigException.class)
                .hasMessage(String.join("\n",
                        file + ":3: missing key after the principals",
                        file + ":4: valid-before=tomorrow is not a time: expected YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z]",
                        file + ":5: unknown option 'colour' (known: cert-authority, namespaces, valid-after,"
                                + " valid-before)",
                        file + ":6: invalid key: the ssh-ed25519 public key is not valid base64",
                        file + ":7: unterminated quote in the options",
                        file + ":8: valid-before 2026-01-01T00:00:00Z is earlier than valid-after 2027-01-01T00:00:00Z",
                        file + ":9: valid-before=20261340Z is not a valid date or time"));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> AllowedSigners.parse(missing))
                .hasMessage("allowed signers file " + missing + " does not exist");
    }

    @Test
    void refusalsSayWhyForEveryLineThatListsTheKey() throws Exception {
        AllowedSigners a = AllowedSigners.parse("alice@example.com namespaces=\"git\" " + aliceLine + "\n"
                + "alice@example.com valid-before=20200101Z " + aliceLine + "\n", "team");

        assertThatThrownBy(() -> a.check(blob(alice), NS, NOW)).hasMessage("key " + SshKeys.fingerprint(blob(alice))
                + " (ssh-ed25519) is not allowed to sign here: team:1: namespace 'runbook-approval' is not in"
                + " namespaces=\"git\"; team:2: the key expired at 2020-01-01T00:00:00Z (valid-before), before "
                + NOW);
    }
}
