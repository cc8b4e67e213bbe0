package dev.edgecam.cli;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Locale;
import java.util.jar.Manifest;

/**
 * Stops a jar whose native libraries (FFmpeg, OpenCV through JavaCPP) are for another machine, in one line that
 * says how to rebuild it, before anything loads them: otherwise the first native call dies with an
 * {@code UnsatisfiedLinkError} stack trace. The build records its platform in the jar's manifest (see pom.xml),
 * so the check costs one manifest read.
 */
final class PlatformCheck {

    /** The manifest attribute with the JavaCPP platform the jar was built for, such as {@code linux-arm64}. */
    static final String MANIFEST_ATTRIBUTE = "Edgecam-Native-Platform";

    private PlatformCheck() {
    }

    /** Why this process cannot run, or null when it can (or when it runs from classes, not a jar: tests, an IDE). */
    static String problem() {
        return problem(builtFor(), hostPlatform(System.getProperty("os.name"), System.getProperty("os.arch")));
    }

    /**
     * Why a jar built for {@code builtFor} cannot run on {@code host}, or null when it can.
     *
     * @param builtFor the recorded platform; null when unknown (not a built jar), which passes
     */
    static String problem(String builtFor, String host) {
        if (builtFor == null || builtFor.isBlank() || builtFor.equals(host)) {
            return null;
        }
        return "edgecam: this jar carries native libraries for " + builtFor + ", but this machine is " + host
                + "; rebuild it for this machine with: mvn -DskipTests -Djavacpp.platform=" + host + " package";
    }

    /**
     * The JavaCPP platform name of a machine, as {@code -Djavacpp.platform} takes it: the OS and the CPU as
     * JavaCPP's Loader names them ({@code amd64} is {@code x86_64}, {@code aarch64} is {@code arm64}).
     */
    static String hostPlatform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String platformOs = os.startsWith("linux") ? "linux"
                : os.startsWith("mac") ? "macosx"
                : os.startsWith("windows") ? "windows"
                : os.replaceAll("[^a-z0-9]", "");
        String platformArch = switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i486", "i586", "i686", "x86" -> "x86";
            default -> arch.startsWith("arm") ? "armhf" : arch;
        };
        return platformOs + "-" + platformArch;
    }

    /** The platform recorded in {@code manifest}, or null when it has none. */
    static String recordedIn(Manifest manifest) {
        return manifest == null ? null : manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
    }

    /** The platform the jar holding this class was built for; null when the class is not in a jar. */
    private static String builtFor() {
        URL self = PlatformCheck.class.getResource(PlatformCheck.class.getSimpleName() + ".class");
        if (self == null || !"jar".equals(self.getProtocol())) {
            return null;
        }
        try {
            URLConnection connection = self.openConnection();
            return connection instanceof JarURLConnection jar ? recordedIn(jar.getManifest()) : null;
        } catch (IOException e) {
            return null; // an unreadable manifest is no reason to refuse: the natives will say what is wrong
        }
    }
}
