package dev.runbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.audit.VerifyResult.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifierTest {
    @TempDir
    Path dir;

    private Path file;
    private List<String> lines;

    @BeforeEach
    void fiveRecords() throws Exception {
        file = HashChainedAuditLogTest.writeLog(dir.resolve("audit.jsonl"), 5);
        lines = new ArrayList<>(Files.readAllLines(file));
    }

    private VerifyResult verifyWith(List<String> changed) throws Exception {
        Files.writeString(file, String.join("\n", changed) + "\n");
        return new AuditVerifier().verify(file);
    }

    @Test
    void anIntactLogGivesItsRecordCountAndHeadHash() throws Exception {
        // when
        VerifyResult r = new AuditVerifier().verify(file);

        // then
        assertThat(r.valid()).isTrue();
        assertThat(r.records()).isEqualTo(5);
        assertThat(r.headSeq()).isEqualTo(5);
        assertThat(lines.get(4)).endsWith("\"hash\":\"" + r.head() + "\"}");
    }

    @Test
    void anEmptyLogIsIntact() throws Exception {
        // given
        Files.writeString(file, "");

        // when
        VerifyResult r = new AuditVerifier().verify(file);

        // then
        assertThat(r.valid()).isTrue();
        assertThat(r.records()).isZero();
        assertThat(r.head()).isEqualTo("0".repeat(64));
    }

    @Test
    void reportsALineEditedInTheMiddle() throws Exception {
        // given
        lines.set(2, lines.get(2).replace("\"step\":\"s3\"", "\"step\":\"s9\""));

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.EDITED);
        assertThat(r.line()).isEqualTo(3);
        assertThat(r.message()).isEqualTo("line 3 (seq 3) was edited: its content does not match its hash");
        assertThat(r.records()).isEqualTo(2);
    }

    @Test
    void reportsADeletedLine() throws Exception {
        // given
        lines.remove(1);

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.DELETED);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.message()).isEqualTo("record seq 2 was deleted: line 2 has seq 3");
    }

    @Test
    void reportsTwoSwappedLines() throws Exception {
        // given
        Collections.swap(lines, 1, 2);

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.REORDERED);
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.message()).isEqualTo("line 2 is out of order: it has seq 3 but seq 2 comes later, at line 3");
    }

    @Test
    void reportsALineAppendedByHand() throws Exception {
        // given
        lines.add("{\"event\":\"step-succeeded\",\"prev\":\"" + "0".repeat(64) + "\",\"runId\":\"r-1\",\"seq\":6,"
                + "\"hash\":\"" + "1".repeat(64) + "\"}");

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.INSERTED);
        assertThat(r.line()).isEqualTo(6);
        assertThat(r.message()).startsWith("line 6 was inserted: it does not continue the chain");
    }

    @Test
    void reportsACopiedRecordInsertedInTheMiddle() throws Exception {
        // given
        lines.add(3, lines.get(1));

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.INSERTED);
        assertThat(r.line()).isEqualTo(4);
        assertThat(r.message()).isEqualTo("line 4 was inserted: it repeats seq 2 (expected seq 4)");
    }

    @Test
    void reportsATornLastLineNotYetAccountedFor() throws Exception {
        // given
        Files.writeString(file, String.join("\n", lines) + "\n" + lines.get(4).substring(0, 30));

        // when
        VerifyResult r = new AuditVerifier().verify(file);

        // then
        assertThat(r.problem()).isEqualTo(Problem.TORN);
        assertThat(r.line()).isEqualTo(6);
        assertThat(r.message()).startsWith("line 6 is incomplete (30 bytes at offset ");
        assertThat(r.records()).isEqualTo(5);
    }

    @Test
    void reportsALogThatIsNotJson() throws Exception {
        // given
        lines.set(0, "this is not json");

        // when
        VerifyResult r = verifyWith(lines);

        // then
        assertThat(r.problem()).isEqualTo(Problem.NOT_JSON);
        assertThat(r.line()).isEqualTo(1);
        assertThat(r.message()).isEqualTo("line 1: it is not JSON");
    }

    @Test
    void aTornTailRecordDoesNotCoverBytesItDoesNotNameExactly() throws Exception {
        // given: a torn line accounted for, then the torn bytes changed afterwards
        Files.writeString(file, String.join("\n", lines) + "\n" + "{\"half");
        HashChainedAuditLogTest.writeLog(file, 1);
        String text = Files.readString(file).replace("{\"half\n", "{\"hal!\n");
        Files.writeString(file, text);

        // when
        VerifyResult r = new AuditVerifier().verify(file);

        // then
        assertThat(r.valid()).isFalse();
        assertThat(r.problem()).isEqualTo(Problem.NOT_JSON);
        assertThat(r.line()).isEqualTo(6);
    }
}
