package dev.runbook.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.DateTimeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
    @Test
    void javaExceptionsBecomeSentencesWithoutTheirClassNames() {
        assertThat(Messages.describe(new NoSuchFileException("/x/y"))).isEqualTo("no such file or folder: /x/y");
        assertThat(Messages.describe(new AccessDeniedException("/x"))).isEqualTo("permission denied: /x");
        assertThat(Messages.describe(new FileSystemException("/x", null, "No space left on device")))
                .isEqualTo("no space left on device: /x");
        assertThat(Messages.describe(new UncheckedIOException(new NoSuchFileException("/z"))))
                .isEqualTo("no such file or folder: /z");
        assertThat(Messages.describe(new ArithmeticException("long overflow")))
                .isEqualTo("a number or time is out of range");
        assertThat(Messages.describe(new DateTimeException("Instant exceeds minimum or maximum instant")))
                .isEqualTo("a number or time is out of range");
        assertThat(Messages.describe(new NumberFormatException("For input string: \"x\"")))
                .isEqualTo("a text that is not a number is used as a number");
        assertThat(Messages.describe(new MalformedInputException(1))).isEqualTo("the text is not valid UTF-8");
        assertThat(Messages.describe(new IllegalStateException())).isEqualTo("an unexpected error");
        for (Throwable t : List.of(new NoSuchFileException("/a"), new IOException((String) null, new NoSuchFileException("/b")),
                new IllegalStateException(), new ArithmeticException("long overflow"))) {
            assertThat(Messages.describe(t)).as(t.toString()).doesNotContain("Exception", "java.");
        }
    }
}
