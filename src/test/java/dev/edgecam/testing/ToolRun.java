package dev.edgecam.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program nobody here wrote (ffprobe, ffmpeg, gst-launch-1.0, python3 with OpenCV) to its end, with
 * its output and errors together. One missing skips the test locally and fails it in CI.
 *
 * @param exitCode the program's exit status
 * @param output what it wrote to stdout and stderr
 */
public record ToolRun(int exitCode, String output) {

    /** Runs {@code command} for at most {@code timeoutSeconds}; a program still running then is killed and fails. */
    public static ToolRun run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("edgecam-tool", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                H264TestStream.skipLocallyFailInCi(command[0] + " is not installed: " + e.getMessage());
                throw e;
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new ToolRun(-1, command[0] + " did not end within " + timeoutSeconds + " s; its output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new ToolRun(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
