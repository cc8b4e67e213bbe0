package dev.edgecam.testing;

import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.frame.Size;
import dev.edgecam.server.ServerConfig;
import dev.edgecam.source.SourceSpec;
import java.time.Duration;

/** Server configurations that keep tests cheap on a shared 2-core machine. */
public final class TestServers {

    private TestServers() {
    }

    /** The test pattern at 320x240 and 10 fps, listening on {@code host} at free ports, no status lines. */
    public static ServerConfig smallTestPattern(String host) {
        return new ServerConfig(SourceSpec.test(), new Size(320, 240), 10, EncodeSettings.defaults(), host, 0,
                Duration.ZERO);
    }
}
