package dev.edgecam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgecam.hub.SourceStatus;
import dev.edgecam.record.RecordingStatus;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Status changes become events, each once; a camera still opening at start is no event. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StatusWatchTest {

    private static final SourceStatus ONLINE = new SourceStatus("camera /dev/video0", "camera", true, null, 640, 480,
            30, null, 0);
    private static final SourceStatus OPENING = new SourceStatus("camera /dev/video0", "camera", false, null, 0, 0, 30,
            null, 0);
    private static final SourceStatus UNPLUGGED = new SourceStatus("camera /dev/video0", "camera", false,
            "the camera went away", 640, 480, 30, Instant.now(), 1);

    @Test
    void changesOfTheSourceAndTheRecorderAreEventsEachOnce() throws Exception {
        AtomicReference<SourceStatus> source = new AtomicReference<>(OPENING);
        AtomicReference<RecordingStatus> recording = new AtomicReference<>(recording("recording", 0, null, "a.mp4"));
        EventLog log = new EventLog("door");
        try (StatusWatch watch = StatusWatch.start("door", log, source::get, recording::get)) {
            watch.close(); // looks are driven by the test from here on
            watch.look();
            source.set(ONLINE);
            watch.look();
            watch.look();
            source.set(UNPLUGGED);
            watch.look();
            recording.set(recording("paused", 1, "No space left on device", null));
            watch.look();
            recording.set(recording("paused", 2, "No space left on device", null));
            watch.look();
            recording.set(recording("recording", 2, "No space left on device", "b.mp4"));
            source.set(ONLINE);
            watch.look();
        }
        assertThat(log.events()).extracting(Event::type, Event::detail).containsExactly(
                tuple(EventLog.CAMERA_ONLINE, "camera /dev/video0"),
                tuple(EventLog.CAMERA_OFFLINE, "the camera went away"),
                tuple(EventLog.RECORDING_FAILED, "No space left on device"),
                tuple(EventLog.CAMERA_ONLINE, "camera /dev/video0"),
                tuple(EventLog.RECORDING_RESUMED, "b.mp4"));
    }

    private static RecordingStatus recording(String state, long errors, String lastError, String file) {
        return new RecordingStatus(state, "h264", file, 0, 1, 0, 0, errors, lastError, 0);
    }
}
