package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.record.RecordingStatus;

/** A camera's {@code recording} node of {@code /state}: what its recorder on the device is doing. */
final class RecordingState {

    private RecordingState() {
    }

    static void describeIn(ObjectNode node, RecordingStatus status) {
        node.put("state", status.state());
        node.put("codec", status.codec());
        node.put("file", status.file());
        node.put("fileBytes", status.fileBytes());
        node.put("segments", status.segments());
        node.put("bytesWritten", status.bytesWritten());
        node.put("droppedGops", status.droppedGops());
        node.put("errors", status.errors());
        node.put("lastError", status.lastError());
        node.put("segmentsDeleted", status.deleted());
    }
}
