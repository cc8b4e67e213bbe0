package dev.edgecam.server;

import dev.edgecam.camera.CameraConfig;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.source.SourceSpec;
import java.time.Duration;

/**
 * Everything {@code edgecam serve} was asked for with flags, validated by the CLI before it gets here: the
 * server-wide settings ({@code host}, {@code httpPort}, {@code statusInterval}, {@code settingsReadOnly}) and one
 * camera ({@link #camera()}). A server of several cameras takes this for its server-wide settings and a list of
 * {@link CameraConfig}s ({@link EdgecamServer#start(ServerConfig, java.util.List, SecurityConfig)}).
 *
 * @param source what to capture
 * @param size the size the test pattern draws and a camera is asked for
 * @param fps the rate the test pattern draws at and a camera is asked for
 * @param encode JPEG quality, output size and frame-rate cap (changeable at run time)
 * @param host the address to listen on
 * @param tcpPort the legacy TCP port of the camera; 0 picks a free one
 * @param statusInterval how often the status line is logged; zero turns it off
 * @param httpPort the HTTP port (stream, snapshot, state, metrics, page); 0 picks a free one, {@link #HTTP_OFF}
 *     serves no HTTP (the CLI's {@code --http-port 0} means off and becomes this)
 * @param settingsReadOnly true when nobody may change the encode settings over HTTP ({@code --read-only-settings})
 * @param rtspPort the RTSP port ({@code rtsp://HOST:PORT/ID}); 0 picks a free one, {@link #RTSP_OFF} serves no RTSP
 *     (the CLI's {@code --rtsp-port 0} means off and becomes this)
 * @param onvif true to answer ONVIF's calls on the HTTP port and WS-Discovery probes (needs HTTP)
 */
public record ServerConfig(SourceSpec source, Size size, double fps, EncodeSettings encode, String host,
                           int tcpPort, Duration statusInterval, int httpPort, boolean settingsReadOnly, int rtspPort,
                           boolean onvif) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    /** The {@link #httpPort()} that serves no HTTP at all. */
    public static final int HTTP_OFF = -1;
    /** The {@link #rtspPort()} that serves no RTSP. */
    public static final int RTSP_OFF = -1;

    /** A config without ONVIF (as before it existed); add it with {@link #withOnvif}. */
    public ServerConfig(SourceSpec source, Size size, double fps, EncodeSettings encode, String host, int tcpPort,
                        Duration statusInterval, int httpPort, boolean settingsReadOnly, int rtspPort) {
        this(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly, rtspPort, false);
    }

    /** A config without RTSP (as before the RTSP transport existed); add it with {@link #withRtspPort}. */
    public ServerConfig(SourceSpec source, Size size, double fps, EncodeSettings encode, String host, int tcpPort,
                        Duration statusInterval, int httpPort, boolean settingsReadOnly) {
        this(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly, RTSP_OFF);
    }

    /** A config without HTTP (as before the HTTP transport existed); add it with {@link #withHttpPort}. */
    public ServerConfig(SourceSpec source, Size size, double fps, EncodeSettings encode, String host, int tcpPort,
                        Duration statusInterval) {
        this(source, size, fps, encode, host, tcpPort, statusInterval, HTTP_OFF);
    }

    /** A config whose settings may be changed over HTTP; turn that off with {@link #withSettingsReadOnly}. */
    public ServerConfig(SourceSpec source, Size size, double fps, EncodeSettings encode, String host, int tcpPort,
                        Duration statusInterval, int httpPort) {
        this(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, false);
    }

    /** The test pattern at 1280x720 and 30 fps on loopback and a free port, for tests and tools. */
    public static ServerConfig testPatternOnLoopback() {
        return new ServerConfig(SourceSpec.test(), new Size(1280, 720), 30, EncodeSettings.defaults(),
                "127.0.0.1", 0, Duration.ZERO, 0);
    }

    /** The one camera these flags describe, named {@link CameraConfig#FIRST_ID}. */
    public CameraConfig camera() {
        return new CameraConfig(CameraConfig.FIRST_ID, source, size, fps, encode, tcpPort);
    }

    public ServerConfig withSource(SourceSpec newSource) {
        return new ServerConfig(newSource, size, fps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly, rtspPort, onvif);
    }

    public ServerConfig withSize(Size newSize, double newFps) {
        return new ServerConfig(source, newSize, newFps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly, rtspPort, onvif);
    }

    public ServerConfig withHttpPort(int newHttpPort) {
        return new ServerConfig(source, size, fps, encode, host, tcpPort, statusInterval, newHttpPort, settingsReadOnly, rtspPort, onvif);
    }

    public ServerConfig withSettingsReadOnly(boolean readOnly) {
        return new ServerConfig(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, readOnly, rtspPort, onvif);
    }

    public ServerConfig withRtspPort(int newRtspPort) {
        return new ServerConfig(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly,
                newRtspPort, onvif);
    }

    public ServerConfig withOnvif(boolean on) {
        return new ServerConfig(source, size, fps, encode, host, tcpPort, statusInterval, httpPort, settingsReadOnly,
                rtspPort, on);
    }
}
