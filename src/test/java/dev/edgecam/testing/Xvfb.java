package dev.edgecam.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A virtual X display (Xvfb) for tests that open real windows in a child JVM. */
public final class Xvfb implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/Xvfb");

    private final Process process;
    private final int number;

    private Xvfb(Process process, int number) {
        this.process = process;
        this.number = number;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a 1280x1024 display on a free number and waits until it accepts clients; its output goes to {@code log}. */
    public static Xvfb start(Path log) throws IOException, InterruptedException {
        int number = freeDisplayNumber();
        Process process = new ProcessBuilder(BINARY.toString(), ":" + number, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Xvfb xvfb = new Xvfb(process, number);
        Path socket = Path.of("/tmp/.X11-unix/X" + number);
        for (int i = 0; i < 100 && !Files.exists(socket) && process.isAlive(); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(socket)) {
            xvfb.close();
            throw new IOException("Xvfb did not start display :" + number + ": " + Files.readString(log));
        }
        return xvfb;
    }

    /** The value for {@code DISPLAY}. */
    public String display() {
        return ":" + number;
    }

    private static int freeDisplayNumber() {
        for (int n = 90 + (int) (ProcessHandle.current().pid() % 50); n < 400; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number between 90 and 400");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
