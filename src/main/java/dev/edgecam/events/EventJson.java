package dev.edgecam.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for what leaves the server by webhook and MQTT, written with a plain generator rather than an ObjectMapper:
 * the launcher's heap is small (README, "For edge boards").
 */
public final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {
    }

    /** {@code {"id": 7, "time": "...", "camera": "door", "type": "camera_offline", "detail": "..."}}: the fields of {@code /events}. */
    public static byte[] of(Event event) {
        return write(out -> {
            out.writeNumberField("id", event.id());
            out.writeStringField("time", event.time().toString());
            out.writeStringField("camera", event.camera());
            out.writeStringField("type", event.type());
            out.writeStringField("detail", event.detail());
        });
    }

    /** An object of text fields, then the nested objects of {@code objects} (each of text fields). */
    static byte[] object(Map<String, String> fields, Map<String, Map<String, String>> objects) {
        return write(out -> {
            for (Map.Entry<String, String> field : fields.entrySet()) {
                out.writeStringField(field.getKey(), field.getValue());
            }
            for (Map.Entry<String, Map<String, String>> object : objects.entrySet()) {
                out.writeObjectFieldStart(object.getKey());
                for (Map.Entry<String, String> field : object.getValue().entrySet()) {
                    out.writeStringField(field.getKey(), field.getValue());
                }
                out.writeEndObject();
            }
        });
    }

    private interface Fields {
        void write(JsonGenerator out) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            fields.write(out);
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("JSON into memory cannot fail to write", e);
        }
        return bytes.toByteArray();
    }
}
