package dev.edgecam.hub;

import java.time.Instant;

/**
 * What the capture loop knows about its source right now, for logs and {@code /state}.
 *
 * @param description the source as it describes itself
 * @param kind {@code test}, {@code camera}, {@code file} or {@code url}
 * @param online true while frames are arriving
 * @param lastError why the source last failed, or {@code null}
 * @param width width of the last published picture; before the first, the size the source knows it delivers
 *     ({@link dev.edgecam.source.FrameSource#size()}), or 0 when unknown
 * @param height height, as {@code width}
 * @param nominalFps the rate the source aims for, 0 when unknown
 * @param offlineSince when the source went offline, or {@code null} while it is online
 * @param retries reopen attempts that have failed since the source went offline (0 while online)
 */
public record SourceStatus(String description, String kind, boolean online, String lastError,
                           int width, int height, double nominalFps, Instant offlineSince, int retries) {

    /** The status of a source delivering frames of the given size. */
    static SourceStatus online(String description, String kind, int width, int height, double nominalFps) {
        return new SourceStatus(description, kind, true, null, width, height, nominalFps, null, 0);
    }

    /** This status turned offline for {@code reason}, keeping the first failure's time while already offline. */
    SourceStatus offline(String reason, int failedRetries) {
        return new SourceStatus(description, kind, false, reason, width, height, nominalFps,
                online ? Instant.now() : offlineSince, failedRetries);
    }
}
