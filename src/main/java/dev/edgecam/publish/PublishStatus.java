package dev.edgecam.publish;

/**
 * What one publisher is doing, for {@code /state} and the metrics.
 *
 * @param url the server's URL without its password or secret parameters
 * @param connected whether the stream is flowing to it now
 * @param bytes H.264 bytes pushed so far, over every connection (the access units, without container overhead)
 * @param frames access units pushed so far, over every connection
 * @param framesSkipped frames never pushed because the connection fell behind (it resumes at a keyframe)
 * @param errors connections that failed or broke
 * @param retries connection attempts after the first
 * @param lastError the last failure in one line, or null when none happened yet
 */
public record PublishStatus(String url, boolean connected, long bytes, long frames, long framesSkipped, long errors,
                            long retries, String lastError) {
}
