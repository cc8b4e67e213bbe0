package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A jar built for another machine stops in one line naming the flag to rebuild, before any native library loads. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PlatformCheckTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource({
        "Linux,    amd64,   linux-x86_64",
        "Linux,    x86_64,  linux-x86_64",
        "Linux,    aarch64, linux-arm64",
        "Linux,    arm,     linux-armhf",
        "Mac OS X, aarch64, macosx-arm64",
    })
    void theHostPlatformIsNamedAsJavacppNamesIt(String osName, String osArch, String platform) {
        assertThat(PlatformCheck.hostPlatform(osName, osArch)).isEqualTo(platform);
    }

    @Test
    void aJarForAnotherPlatformIsOneLineWithTheBuildCommand() {
        assertThat(PlatformCheck.problem("linux-x86_64", PlatformCheck.hostPlatform("Linux", "aarch64")))
                .isEqualTo("edgecam: this jar carries native libraries for linux-x86_64, but this machine is linux-arm64; "
                        + "rebuild it for this machine with: mvn -DskipTests -Djavacpp.platform=linux-arm64 package");
    }

    @Test
    void theRightPlatformOrNoRecordedOnePasses() {
        assertThat(PlatformCheck.problem("linux-arm64", "linux-arm64")).isNull();
        assertThat(PlatformCheck.problem(null, "linux-arm64")).as("classes, not a built jar").isNull();
        assertThat(PlatformCheck.recordedIn(new Manifest())).isNull();
    }

    @Test
    void aJarBuiltForAnotherPlatformRefusesToStartWithExitOne() throws Exception {
        String host = PlatformCheck.hostPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        String other = host.equals("linux-arm64") ? "linux-x86_64" : "linux-arm64";

        Run wrong = runJarBuiltFor(other, "--version");
        assertThat(wrong.exitCode()).as(wrong.stderr()).isEqualTo(1);
        assertThat(wrong.stderr().lines().toList()).containsExactly(PlatformCheck.problem(other, host));
        assertThat(wrong.stdout()).isEmpty();

        Run right = runJarBuiltFor(host, "--version");
        assertThat(right.exitCode()).as(right.stderr()).isZero();
        assertThat(right.stderr()).isEmpty();
        assertThat(right.stdout()).contains("edgecam");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    /** Runs edgecam from a jar of the compiled classes whose manifest records {@code platform}, as the build does. */
    private Run runJarBuiltFor(String platform, String... args) throws Exception {
        Path jar = dir.resolve(platform + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(PlatformCheck.MANIFEST_ATTRIBUTE, platform);
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        // The jar first, so Main and PlatformCheck load from it; the dependencies after it.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path stdout = dir.resolve(platform + ".out");
        Path stderr = dir.resolve(platform + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
