package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging as a process sees it (a child JVM on the test class path, so logback configures itself from scratch): the
 * line format and levels that logback.xml had, now set in code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleLogConfiguratorTest {

    /** What {@link LogProbe} writes to stderr, as the former logback.xml formatted it. */
    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

    @TempDir
    Path dir;

    @Test
    void linesGoToStderrWithTimeLevelAndMessageAndLibrariesOnlyFromWarn() throws Exception {
        List<String> lines = runProbe(null);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches(TIME + " INFO  HTTP: client joined \\(now 3\\): 127\\.0\\.0\\.1:51234");
        assertThat(lines.get(1)).matches(TIME + " WARN  netty warning");
        assertThat(lines.get(2)).matches(TIME + " ERROR camera failed");
    }

    @Test
    void edgecamLogLevelSetsTheLevelOfEdgecamsOwnLines() throws Exception {
        assertThat(runProbe("DEBUG")).hasSize(4).anySatisfy(line -> assertThat(line).matches(TIME + " DEBUG detail"));
        // Netty's and JavaCPP's level is their own (WARN), as it was in logback.xml.
        assertThat(runProbe("ERROR")).hasSize(2).noneMatch(line -> line.contains("INFO"));
    }

    @Test
    void anUnknownLevelNameMeansInfo() throws Exception {
        assertThat(runProbe("loud")).hasSize(3);
    }

    /** The point of configuring in code: logback's XML interpreter and the JDK's XML parser stay unloaded. */
    @Test
    void noXmlConfigurationMachineryIsLoaded() throws Exception {
        Path classLog = dir.resolve("classes.log");
        runProbe(null, "-Xlog:class+load=info:file=" + classLog);

        List<String> loaded = Files.readAllLines(classLog, StandardCharsets.UTF_8);
        assertThat(loaded).as("the class-loading log").anyMatch(line -> line.contains(LogProbe.class.getName()));
        assertThat(loaded).filteredOn(line -> line.contains(" ch.qos.logback.classic.joran.")
                || line.contains(" ch.qos.logback.core.model.processor.")
                || line.contains(" javax.xml.parsers.") || line.contains(" com.sun.org.apache.xerces.")).isEmpty();
    }

    /** The probe's stderr lines, with EDGECAM_LOG_LEVEL set to the level when it is not null. */
    private List<String> runProbe(String level, String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LogProbe.class.getName()));
        Path stderr = dir.resolve("stderr-" + level + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile());
        builder.environment().remove(ConsoleLogConfigurator.LEVEL_VARIABLE);
        if (level != null) {
            builder.environment().put(ConsoleLogConfigurator.LEVEL_VARIABLE, level);
        }
        Process process = builder.start();
        assertThat(process.waitFor(45, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readAllLines(stderr, StandardCharsets.UTF_8);
    }

    /** Logs one line per level, from edgecam's own logger and from a library's. */
    public static final class LogProbe {
        public static void main(String[] args) {
            Logger own = LoggerFactory.getLogger("dev.edgecam.transport.http.HttpTransport");
            Logger netty = LoggerFactory.getLogger("io.netty.channel.DefaultChannelPipeline");
            own.debug("detail");
            own.info("HTTP: client joined (now {}): {}", 3, "127.0.0.1:51234");
            netty.info("netty chatter");
            netty.warn("netty warning");
            LoggerFactory.getLogger("org.bytedeco.javacpp.Loader").info("javacpp chatter");
            own.error("camera failed");
        }
    }
}
