package dev.edgecam.transport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.camera.Camera;

/**
 * {@code GET /settings} and {@code PUT /settings}: the encode settings as JSON, changed at run time without
 * touching connected clients (the camera applies them from the next frame).
 *
 * <pre>
 * {"quality": 80, "maxFps": 15, "outputSize": "640x360", "h264Bitrate": 1500000}
 * </pre>
 * Any subset; {@code "outputSize": null} keeps the source's size, {@code "h264Bitrate": 0} is the default for the
 * picture ({@code /state}'s {@code h264.bitrate} is what the open encoder aims for).
 * What a body may ask for is {@link SettingsRequest}'s business.
 */
final class SettingsResource {

    private final Camera camera;

    SettingsResource(Camera camera) {
        this.camera = camera;
    }

    ObjectNode current() {
        return toJson(camera.settings(), camera.h264Settings());
    }

    /**
     * Applies the fields in {@code body} to the current settings, after {@link SettingsRequest} has checked them
     * against what the source delivers.
     *
     * @return the settings now in force
     * @throws IllegalArgumentException with a message for the client when the body is not valid
     */
    synchronized ObjectNode update(String body) {
        SettingsRequest.Change change = SettingsRequest.apply(body, camera.settings(), camera.h264Settings(),
                camera.sourceSize(), camera.sourceFps());
        camera.updateSettings(change.encode());
        if (!change.h264().equals(camera.h264Settings())) {
            camera.updateH264Settings(change.h264()); // reopens the encoder: only when it changed
        }
        return toJson(change.encode(), change.h264());
    }

    private static ObjectNode toJson(EncodeSettings settings, H264Settings h264) {
        ObjectNode node = HttpResponses.newObject();
        node.put("quality", settings.quality());
        node.put("maxFps", settings.maxFps());
        node.put("outputSize", settings.outputSize() == null ? null : settings.outputSize().toString());
        node.put("h264Bitrate", h264.bitrate());
        return node;
    }
}
