package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.publish.PublishStatus;
import java.util.List;

/** A camera's {@code publish} list of {@code /state}: one entry per media server it pushes to, in config order. */
final class PublishState {

    private PublishState() {
    }

    static void describeIn(ArrayNode list, List<PublishStatus> statuses) {
        for (PublishStatus status : statuses) {
            ObjectNode node = list.addObject();
            node.put("url", status.url());
            node.put("connected", status.connected());
            node.put("bytes", status.bytes());
            node.put("frames", status.frames());
            node.put("framesSkipped", status.framesSkipped());
            node.put("errors", status.errors());
            node.put("retries", status.retries());
            node.put("lastError", status.lastError());
        }
    }
}
