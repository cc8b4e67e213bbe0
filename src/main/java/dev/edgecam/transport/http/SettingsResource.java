package dev.edgecam.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.hub.CaptureLoop;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /settings} and {@code PUT /settings}: the encode settings as JSON, changed at run time without
 * touching connected clients (the capture loop applies them from the next frame).
 *
 * <pre>
 * {"quality": 80, "maxFps": 15, "outputSize": "640x360"}     any subset; "outputSize": null keeps the source's size
 * </pre>
 */
final class SettingsResource {

    private static final Set<String> FIELDS = Set.of("quality", "maxFps", "outputSize");

    private final CaptureLoop capture;

    SettingsResource(CaptureLoop capture) {
        this.capture = capture;
    }

    ObjectNode current() {
        return toJson(capture.settings());
    }

    /**
     * Applies the fields in {@code body} to the current settings.
     *
     * @return the settings now in force
     * @throws IllegalArgumentException with a message for the client when the body is not valid
     */
    synchronized ObjectNode update(String body) {
        JsonNode json;
        try {
            json = HttpResponses.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON (" + e.getOriginalMessage()
                    + "); send an object such as {\"quality\": 70, \"maxFps\": 15, \"outputSize\": \"640x360\"}");
        }
        if (json == null || !json.isObject() || json.isEmpty()) {
            throw new IllegalArgumentException("send a JSON object with one or more of quality, maxFps, outputSize,"
                    + " such as {\"quality\": 70}");
        }
        EncodeSettings settings = capture.settings();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            settings = apply(settings, field.getKey(), field.getValue());
        }
        capture.updateSettings(settings);
        return toJson(settings);
    }

    private static EncodeSettings apply(EncodeSettings settings, String name, JsonNode value) {
        switch (name) {
            case "quality" -> {
                if (!value.isIntegralNumber()) {
                    throw new IllegalArgumentException("quality must be a whole number from 1 to 100, got " + value);
                }
                return settings.withQuality(value.asInt());
            }
            case "maxFps" -> {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException("maxFps must be a number from 0 (no cap) to "
                            + (int) EncodeSettings.MAX_FPS_LIMIT + ", got " + value);
                }
                return settings.withMaxFps(value.asDouble());
            }
            case "outputSize" -> {
                if (value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
                    return settings.withOutputSize(null);
                }
                if (!value.isTextual()) {
                    throw new IllegalArgumentException("outputSize must be \"WIDTHxHEIGHT\" (such as \"640x360\") or"
                            + " null for the source's size, got " + value);
                }
                return settings.withOutputSize(Size.parse(value.asText()));
            }
            default -> throw new IllegalArgumentException("unknown setting '" + name + "'; the settings are "
                    + String.join(", ", FIELDS.stream().sorted().toList()));
        }
    }

    private static ObjectNode toJson(EncodeSettings settings) {
        ObjectNode node = HttpResponses.newObject();
        node.put("quality", settings.quality());
        node.put("maxFps", settings.maxFps());
        node.put("outputSize", settings.outputSize() == null ? null : settings.outputSize().toString());
        return node;
    }
}
