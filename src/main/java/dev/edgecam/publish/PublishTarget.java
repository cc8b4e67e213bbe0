package dev.edgecam.publish;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One media server a camera pushes its H.264 to: an {@code rtsp://}, {@code rtmp://} or {@code srt://} URL, and the
 * FFmpeg muxer each needs ({@code rtsp} ANNOUNCE/RECORD over TCP, {@code flv} for RTMP, {@code mpegts} for SRT).
 *
 * <p>The URL may carry secrets (a password in {@code user:password@}, an SRT {@code passphrase=}, a stream
 * {@code key=} or {@code token=}); {@link #redacted()} is what logs, {@code /state} and metrics show.
 *
 * @param uri the URL as given; FFmpeg gets it as it is
 */
public record PublishTarget(URI uri) {

    /** Query parameters whose values are secrets. */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:^|&)(?:passphrase|password|pass|key|token)=)[^&]*");

    /** What each scheme is spoken with. */
    public enum Protocol {
        RTSP("rtsp"), RTMP("flv"), SRT("mpegts");

        private final String muxer;

        Protocol(String muxer) {
            this.muxer = muxer;
        }

        /** FFmpeg's muxer (output format) name for it. */
        public String muxer() {
            return muxer;
        }
    }

    public PublishTarget {
        Objects.requireNonNull(uri, "uri");
        protocolOf(uri); // throws for any other scheme
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("publish URL " + redact(uri) + " has no host; write it as "
                    + uri.getScheme() + "://HOST:PORT/...");
        }
        if (protocolOf(uri) == Protocol.SRT && uri.getPort() < 0) {
            throw new IllegalArgumentException("publish URL " + redact(uri) + " has no port; SRT has no default port,"
                    + " write it as srt://HOST:PORT");
        }
    }

    /**
     * Reads a {@code publish} URL.
     *
     * @throws IllegalArgumentException naming what is wrong and what is accepted
     */
    public static PublishTarget parse(String text) {
        try {
            return new PublishTarget(new URI(text.strip()));
        } catch (URISyntaxException e) {
            String shown = text.replaceFirst("//([^/@:]*):[^/@]*@", "//$1@"); // never echo a password
            throw new IllegalArgumentException("'" + shown + "' is not a URL (" + e.getReason() + "); publish takes"
                    + " rtsp://HOST[:PORT]/PATH, rtmp://HOST[:PORT]/APP/STREAM or srt://HOST:PORT");
        }
    }

    /**
     * Returns {@code targets} when no two of them are the same server and path (their passwords aside): pushing one
     * camera twice to one place is a mistake, and {@code /state} and the metrics tell publishers apart by
     * {@link #redacted()}.
     *
     * @throws IllegalArgumentException naming the URL given twice
     */
    public static List<PublishTarget> requireDistinct(List<PublishTarget> targets) {
        Set<String> seen = new HashSet<>();
        for (PublishTarget target : targets) {
            if (!seen.add(target.redacted())) {
                throw new IllegalArgumentException("publish URL " + target + " is given twice; push to each server and"
                        + " path once");
            }
        }
        return targets;
    }

    public Protocol protocol() {
        return protocolOf(uri);
    }

    /** The URL as given, secrets included: for FFmpeg only. */
    public String url() {
        return uri.toString();
    }

    /** The URL without its password and secret parameters: what logs, {@code /state} and metrics show. */
    public String redacted() {
        return redact(uri);
    }

    @Override
    public String toString() {
        return redacted();
    }

    private static Protocol protocolOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "rtsp" -> Protocol.RTSP;
            case "rtmp" -> Protocol.RTMP;
            case "srt" -> Protocol.SRT;
            default -> throw new IllegalArgumentException("publish URL " + redact(uri) + ": edgecam pushes to rtsp://,"
                    + " rtmp:// and srt:// servers, not '" + scheme + "'");
        };
    }

    private static String redact(URI uri) {
        String text = uri.toString();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            text = text.replace(userInfo + "@", userInfo.substring(0, userInfo.indexOf(':')) + "@");
        }
        String query = uri.getRawQuery();
        if (query != null) {
            text = text.replace("?" + query, "?" + SECRET_PARAMETER.matcher(query).replaceAll("$1***"));
        }
        return text;
    }
}
