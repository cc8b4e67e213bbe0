package dev.edgecam.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A disk of a few megabytes the test makes: a size-limited tmpfs mounted on a folder of its own, for what happens
 * when a recording disk fills up. Mounting needs root: without it the test is skipped locally and fails in CI
 * ({@code CI=true}, where tests run as root).
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB on a new folder inside {@code parent}. */
    public static SmallDisk mount(Path parent, int megabytes) throws IOException, InterruptedException {
        String why = "mounting a " + megabytes + " MiB tmpfs needs root (CI runs the tests as root)";
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && System.getenv("CI") != null) {
            throw new IllegalStateException(why);
        }
        Assumptions.assumeTrue(root, why);
        Path dir = Files.createDirectories(parent.resolve("small-disk"));
        run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        return new SmallDisk(dir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Unmounts it (everything on it goes). */
    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " took more than 20 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: "
                    + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
