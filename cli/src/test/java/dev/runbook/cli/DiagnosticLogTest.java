package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DiagnosticLogTest {

    @Test
    void logbackIsConfiguredByDiagnosticLogThroughItsServiceFile() {
        // when logback starts in this JVM
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

        // then our configurator is the one it found, with warnings to standard error
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .containsExactly(DiagnosticLog.class.getName());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("STDERR")).isInstanceOf(DiagnosticLog.StandardError.class);
        assertThat(context.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aWarningIsOneLineInTheDocumentedFormatAndDebugIsDroppedAtTheDefaultLevel() {
        // given a context configured as a run without --debug, writing to a buffer
        LoggerContext context = new LoggerContext();
        new DiagnosticLog().configure(context);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DiagnosticLog.StandardError appender = new DiagnosticLog.StandardError(new PrintStream(buffer, true,
                StandardCharsets.UTF_8));
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);

        // when
        context.getLogger("software.amazon.awssdk.request").debug("not shown");
        context.getLogger("software.amazon.awssdk.request").warn("a retry of GetItem");

        // then
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  s\\.amazon\\.awssdk\\.request - a retry of GetItem\\R");
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
    }
}
