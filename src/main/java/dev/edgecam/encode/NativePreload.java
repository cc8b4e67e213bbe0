package dev.edgecam.encode;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;

/**
 * Loads OpenCV's native libraries (with OpenBLAS, about 120 MB) on a background thread, so that the load
 * overlaps the rest of start-up (logging, the security setup, Netty) instead of preceding it.
 *
 * <p>Why: the benchmark's start-up figure (JVM start to first frame served) showed the native load as the
 * longest single step, taking 2.5 to 5.5 s of a loaded 2-core machine, and logging and Netty another 3 to
 * 4 s after it, one after the other. Whoever needs OpenCV first simply waits for the load in progress
 * (class initialisation is locked), so starting it early never costs more than it saves.
 */
public final class NativePreload {

    private NativePreload() {
    }

    /** Starts loading OpenCV now; returns at once. */
    public static void startInBackground() {
        Thread thread = new Thread(NativePreload::load, "edgecam-preload");
        thread.setDaemon(true);
        thread.start();
    }

    private static void load() {
        try {
            Loader.load(opencv_imgcodecs.class);
        } catch (RuntimeException | LinkageError e) {
            // The encoder loads it again when it needs it and reports the failure there, with context.
        }
    }
}
