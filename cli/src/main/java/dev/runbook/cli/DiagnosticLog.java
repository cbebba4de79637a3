package dev.runbook.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.PrintStream;

/**
 * The diagnostic log (never the audit log): warnings to standard error, and everything from DEBUG with
 * {@code --debug} (the {@code runbook.log.level} system property). Logback finds this class through
 * {@code META-INF/services} instead of parsing a {@code logback.xml}, and the line format is compiled only when the
 * first line is written: a run that logs nothing (the usual case) pays for neither, about 0.1 s of the first AWS
 * request of a cold start (docs/performance.md).
 */
public final class DiagnosticLog extends ContextAwareBase implements Configurator {
    /** The format of a diagnostic line. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        StandardError appender = new StandardError();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("runbook.log.level"), Level.WARN));
        root.addAppender(appender);
        context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
        context.getLogger("org.apache.http").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Writes each event to {@link System#err} as {@link #PATTERN}, compiled on the first event. */
    static final class StandardError extends AppenderBase<ILoggingEvent> {
        private final PrintStream target;

        private PatternLayoutEncoder encoder;

        /** Writes to the standard error of the moment of each event. */
        StandardError() {
            this(null);
        }

        /** Writes to {@code target} (for tests), or to the standard error of the moment when null. */
        StandardError(PrintStream target) {
            this.target = target;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (encoder == null) {
                encoder = new PatternLayoutEncoder();
                encoder.setContext(getContext());
                encoder.setPattern(PATTERN);
                encoder.start();
            }
            byte[] line = encoder.encode(event);
            PrintStream err = target != null ? target : System.err;
            err.write(line, 0, line.length);
            err.flush();
        }
    }
}
