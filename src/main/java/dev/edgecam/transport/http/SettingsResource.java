package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.camera.Camera;

/**
 * {@code GET /settings} and {@code PUT /settings}: the encode settings as JSON, changed at run time without
 * touching connected clients (the camera applies them from the next frame).
 *
 * <pre>
 * {"quality": 80, "maxFps": 15, "outputSize": "640x360"}     any subset; "outputSize": null keeps the source's size
 * </pre>
 * What a body may ask for is {@link SettingsRequest}'s business.
 */
final class SettingsResource {

    private final Camera camera;

    SettingsResource(Camera camera) {
        this.camera = camera;
    }

    ObjectNode current() {
        return toJson(camera.settings());
    }

    /**
     * Applies the fields in {@code body} to the current settings, after {@link SettingsRequest} has checked them
     * against what the source delivers.
     *
     * @return the settings now in force
     * @throws IllegalArgumentException with a message for the client when the body is not valid
     */
    synchronized ObjectNode update(String body) {
        EncodeSettings settings = SettingsRequest.apply(body, camera.settings(), camera.sourceSize(),
                camera.sourceFps());
        camera.updateSettings(settings);
        return toJson(settings);
    }

    private static ObjectNode toJson(EncodeSettings settings) {
        ObjectNode node = HttpResponses.newObject();
        node.put("quality", settings.quality());
        node.put("maxFps", settings.maxFps());
        node.put("outputSize", settings.outputSize() == null ? null : settings.outputSize().toString());
        return node;
    }
}
