package dev.edgecam.hub;

/**
 * What the capture loop knows about its source right now, for logs and {@code /state}.
 *
 * @param description the source as it describes itself
 * @param kind {@code test}, {@code camera}, {@code file} or {@code url}
 * @param online true while frames are arriving
 * @param lastError why the source last failed, or {@code null}
 * @param width width of the last captured picture, 0 before the first
 * @param height height of the last captured picture, 0 before the first
 * @param nominalFps the rate the source aims for, 0 when unknown
 */
public record SourceStatus(String description, String kind, boolean online, String lastError,
                           int width, int height, double nominalFps) {
}
