package dev.edgecam.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of every command, set up in code: one line per event on stderr, so that stdout stays free for a
 * command's own output ({@code 12:34:56.789 INFO  message}); Netty and JavaCPP only from WARN; everything else from
 * the level in {@code EDGECAM_LOG_LEVEL} (a system property or an environment variable), INFO by default.
 *
 * <p>Why code and not {@code logback.xml}: reading an XML configuration loads logback's Joran interpreter and the
 * JDK's XML parser, about 600 classes, 2.7 MiB of the resident memory of a server meant for boards with 512 MiB
 * (docs/benchmarks.md, "Memory"). Logback finds this class through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} before it looks for XML. Whoever wants XML
 * still gets it: with {@code -Dlogback.configurationFile=FILE} this class steps aside.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    /** Time of day to the millisecond, the level padded to five characters, the message. */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %msg%n";
    static final String LEVEL_VARIABLE = "EDGECAM_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(stderr);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.bytedeco").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level named by EDGECAM_LOG_LEVEL (the system property first, as logback's ${...} did), else INFO. */
    static Level rootLevel() {
        String name = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        return Level.toLevel(name, Level.INFO);
    }
}
