package dev.edgecam.record;

/**
 * What a camera's recorder is doing, for {@code /state} and logs.
 *
 * @param state {@code off}, {@code waiting} (for the first frame or keyframe), {@code recording} or {@code paused}
 *     (a write failed: it retries, see {@code lastError})
 * @param codec the rendition being stored ({@code h264} or {@code mjpeg}), or null before it is decided
 * @param file the segment being written, or null
 * @param fileBytes bytes of that segment so far
 * @param segments segments started since the server started
 * @param bytesWritten bytes of every segment written since the server started
 * @param droppedGops groups of pictures not recorded: the queue was full (the disk too slow) or writing was paused
 * @param errors writes that failed
 * @param lastError the last failure, or null
 * @param deleted segments retention deleted
 */
public record RecordingStatus(String state, String codec, String file, long fileBytes, long segments,
                              long bytesWritten, long droppedGops, long errors, String lastError, long deleted) {

    public static final RecordingStatus OFF = new RecordingStatus("off", null, null, 0, 0, 0, 0, 0, null, 0);
}
