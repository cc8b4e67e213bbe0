package dev.edgecam.transport.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Size;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /settings}, parsed strictly and checked against what the source can deliver, so that
 * no single request can stop or starve the video of everyone else:
 * <ul>
 *   <li>one JSON object, nothing after it, every field once, only {@code quality}, {@code maxFps}, {@code outputSize},
 *       {@code h264Bitrate};</li>
 *   <li>{@code quality} a whole number 1 to 100 exactly (not 70.5, not "70", not 4294967297, which would wrap to 1);</li>
 *   <li>{@code maxFps} 0 (no cap) or {@link EncodeSettings#MIN_FPS} up to the source's own rate (a cap of 1e-9
 *       would freeze every viewer);</li>
 *   <li>{@code outputSize} no larger than the source's pictures (upscaling adds no detail, and 8192x8192 costs
 *       192 MiB a frame: enough to run a board out of memory).</li>
 *   <li>{@code h264Bitrate} a whole number of bits per second from {@link H264Settings#MIN_BITRATE} to
 *       {@link H264Settings#MAX_BITRATE}, or 0 for the default scaled to the picture (the H.264 encoder reopens
 *       with it at the next picture, a keyframe; viewers stay connected).</li>
 * </ul>
 * Every refusal names the field, the allowed range and the value received.
 */
final class SettingsRequest {

    static final List<String> FIELDS = List.of("h264Bitrate", "maxFps", "outputSize", "quality");
    static final String EXAMPLE =
            "{\"quality\": 70, \"maxFps\": 15, \"outputSize\": \"640x360\", \"h264Bitrate\": 1500000}";

    /** What a request asks for: the JPEG and picture settings, and the H.264 rendition's. */
    record Change(EncodeSettings encode, H264Settings h264) {
    }

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SettingsRequest() {
    }

    /**
     * The settings {@code body} asks for, applied over {@code current} and {@code currentH264}.
     *
     * @param sourceSize the size of the source's pictures, or null while it is not known (then no
     *     {@code outputSize} but null is accepted)
     * @param sourceFps the source's own frame rate, or 0 when unknown (then up to {@link EncodeSettings#MAX_FPS_LIMIT})
     * @throws IllegalArgumentException with a message for the client naming the field and its allowed range
     */
    static Change apply(String body, EncodeSettings current, H264Settings currentH264, Size sourceSize,
                        double sourceFps) {
        JsonNode json;
        try {
            json = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not one valid JSON object (" + e.getOriginalMessage()
                    + "); send an object such as " + EXAMPLE);
        }
        if (json == null || !json.isObject() || json.isEmpty()) {
            throw new IllegalArgumentException("send a JSON object with one or more of " + String.join(", ", FIELDS)
                    + ", such as {\"quality\": 70}");
        }
        EncodeSettings settings = current;
        H264Settings h264 = currentH264;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "quality" -> settings = settings.withQuality(quality(value));
                case "maxFps" -> settings = settings.withMaxFps(maxFps(value, sourceFps));
                case "outputSize" -> settings = settings.withOutputSize(outputSize(value, sourceSize));
                case "h264Bitrate" -> h264 = h264.withBitrate(h264Bitrate(value));
                default -> throw new IllegalArgumentException("unknown setting '" + field.getKey()
                        + "'; the settings are " + String.join(", ", FIELDS));
            }
        }
        return new Change(settings, h264);
    }

    private static long h264Bitrate(JsonNode value) {
        long bits = value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : -1;
        boolean inRange = bits >= H264Settings.MIN_BITRATE && bits <= H264Settings.MAX_BITRATE;
        if (!(bits == H264Settings.AUTO_BITRATE || inRange)) {
            throw new IllegalArgumentException("h264Bitrate must be 0 (the default for the picture) or a whole number"
                    + " of bits per second from " + H264Settings.MIN_BITRATE + " to " + H264Settings.MAX_BITRATE
                    + ", got " + value);
        }
        return bits;
    }

    private static int quality(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > 100) {
            throw new IllegalArgumentException("quality must be a whole number from 1 to 100, got " + value);
        }
        return value.intValue();
    }

    private static double maxFps(JsonNode value, double sourceFps) {
        double ceiling = sourceFps > 0 ? Math.min(sourceFps, EncodeSettings.MAX_FPS_LIMIT) : EncodeSettings.MAX_FPS_LIMIT;
        double fps = value.isNumber() ? value.doubleValue() : Double.NaN;
        if (!(fps == 0 || (fps >= EncodeSettings.MIN_FPS && fps <= ceiling))) {
            throw new IllegalArgumentException("maxFps must be 0 (no cap) or a number from "
                    + (int) EncodeSettings.MIN_FPS + " to " + format(ceiling)
                    + (sourceFps > 0 ? " (the source's rate)" : "") + ", got " + value);
        }
        return fps;
    }

    private static Size outputSize(JsonNode value, Size sourceSize) {
        if (value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
            return null;
        }
        String allowed = sourceSize == null
                ? "null while the source's size is not known yet (it has not delivered a picture; try again when it does)"
                : "\"WIDTHxHEIGHT\" from " + Size.MIN_SIDE + "x" + Size.MIN_SIDE + " to " + sourceSize
                        + " (the source's size; edgecam does not upscale), or null for the source's size";
        Size size;
        try {
            size = value.isTextual() ? Size.parse(value.asText()) : null;
        } catch (IllegalArgumentException e) {
            size = null;
        }
        if (size == null || sourceSize == null || size.width() > sourceSize.width()
                || size.height() > sourceSize.height()) {
            throw new IllegalArgumentException("outputSize must be " + allowed + ", got " + value);
        }
        return size;
    }

    private static String format(double fps) {
        return fps == Math.rint(fps) ? String.valueOf((long) fps) : String.valueOf(fps);
    }
}
