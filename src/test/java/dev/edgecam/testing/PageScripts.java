package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Playwright scripts of {@code src/test/js} (the live page in Debian's headless Chromium) for the browser
 * tests: a script prints one JSON line with what it measured, and may ask the test to act (a line such as
 * {@code STOP-SERVER}), waiting for {@code done} on its stdin.
 */
public final class PageScripts {

    public static final Path SCRIPT_DIR = Path.of("src", "test", "js");
    public static final Path ARTIFACTS = Path.of("target", "test-artifacts");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private PageScripts() {
    }

    /**
     * Runs {@code node SCRIPT ARGS...} in {@link #SCRIPT_DIR} and returns its last JSON line, after checking it
     * exited with 0.
     *
     * @param environment added to the script's environment
     * @param requests what to do when the script prints one of these lines; the script then gets "done" on stdin
     */
    public static JsonNode run(String script, List<String> args, Map<String, String> environment,
                               Map<String, Runnable> requests) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(SCRIPT_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process node = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> answerRequests(node, requests));
        if (!node.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            throw new AssertionError(script + " did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s");
        }
        String stdout = output.join();
        List<String> lines = new ArrayList<>(stdout.lines().filter(line -> line.startsWith("{")).toList());
        assertThat(lines).as("%s printed its result (exit %d): %s", script, node.exitValue(), stdout).isNotEmpty();
        JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(node.exitValue()).as("%s failed: %s (all it reported: %s)", script, result.path("error").asText(), result).isZero();
        return result;
    }

    /** Reads the script's output to its end, doing what it asks on the way; returns the output. */
    private static String answerRequests(Process node, Map<String, Runnable> requests) {
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer answers = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                Runnable request = requests.get(line.strip());
                if (request != null) {
                    request.run();
                    answers.write("done\n");
                    answers.flush();
                }
            }
        } catch (IOException e) {
            output.append("(reading the script's output failed: ").append(e).append(")\n");
        }
        return output.toString();
    }

    /** Skips locally when the browser tools are missing; in CI ({@code CI=true}) their absence is a failure. */
    public static void requireBrowserTools() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (apt-get install chromium)");
        }
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("playwright-core"))) {
            missing.add("playwright-core (npm ci in " + SCRIPT_DIR + ")");
        }
        if (!nodeRuns()) {
            missing.add("node on the PATH");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "the page test needs " + String.join(", ", missing) + "; .ci/run installs them";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }

    /** Skips locally without node or the npm package {@code name} in {@link #SCRIPT_DIR}; fails in CI. */
    public static void requireNodePackage(String name) {
        if (nodeRuns() && Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve(name))) {
            return;
        }
        String message = "this test needs node and the npm package " + name + " (npm ci in " + SCRIPT_DIR
                + "); .ci/run installs them";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }

    private static boolean nodeRuns() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            readAll(version.getInputStream());
            return version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
