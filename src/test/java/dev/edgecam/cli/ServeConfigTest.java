package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgecam.config.ConfigKeys;
import dev.edgecam.testing.CommandRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code serve --config}: every flag has a key, and a bad file is one line and exit code 78 (EX_CONFIG) before anything starts. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServeConfigTest {

    /** Options that are about the command itself, not about what it serves. */
    private static final List<String> NOT_SETTINGS = List.of("--help", "--version", "--config");

    @TempDir
    Path dir;

    @Test
    void everyServeFlagHasAConfigKey() {
        List<String> flags = serveOptions().stream().map(OptionSpec::longestName)
                .filter(name -> !NOT_SETTINGS.contains(name)).toList();

        List<String> recordKeys = ConfigKeys.RECORD_KEYS.stream().map(key -> ConfigKeys.RECORD + "." + key).toList();
        List<String> motionKeys = ConfigKeys.MOTION_KEYS.stream().map(key -> ConfigKeys.MOTION + "." + key).toList();
        List<String> keys = List.of(ConfigKeys.SERVER, ConfigKeys.CAMERA, recordKeys, motionKeys).stream()
                .flatMap(List::stream).toList();
        assertThat(flags).as("serve's flags").isNotEmpty().allSatisfy(flag -> assertThat(keys)
                .as("the config keys (config/ConfigKeys, and the README's table) must have one for %s", flag)
                .contains(ConfigKeys.ofFlag(flag)));
        assertThat(flags.stream().map(ConfigKeys::ofFlag).toList()).as("every key but id, record and motion is a flag;"
                + " each key of record and motion is").containsExactlyInAnyOrderElementsOf(keys.stream()
                        .filter(key -> !List.of("id", ConfigKeys.RECORD, ConfigKeys.MOTION).contains(key)).toList());
    }

    @Test
    void aBadFileIsOneLineAndExitCode78() throws Exception {
        Path file = write("bad.yml", "http_port: 8080\ncameras:\n  - id: door\n    quality: high\n");
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--config", file.toString())).isEqualTo(ServeCommand.EXIT_BAD_CONFIG);

        assertThat(run.err()).isEqualTo("edgecam: " + file
                + ":4: cameras[0].quality: expected a whole number from 1 to 100, got \"high\"" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingMqttCaFileIsExitCode78InTheFileAndAUsageErrorAsAFlag() throws Exception {
        Path file = write("ca.yml", "cameras:\n  - mqtt: mqtts://127.0.0.1\n    mqtt_ca: missing-ca.pem\n");
        CommandRun run = new CommandRun();
        assertThat(run.execute("serve", "--config", file.toString())).isEqualTo(ServeCommand.EXIT_BAD_CONFIG);
        assertThat(run.err()).isEqualTo("edgecam: " + file + ":3: cameras[0].mqtt_ca: the CA file "
                + dir.resolve("missing-ca.pem") + " does not exist: give the path of the PEM file" + System.lineSeparator());

        CommandRun flag = new CommandRun();
        assertThat(flag.execute("serve", "--mqtt", "mqtts://127.0.0.1", "--mqtt-ca", "/nowhere/ca.pem")).isEqualTo(2);
        assertThat(flag.err()).contains("--mqtt-ca: the CA file /nowhere/ca.pem does not exist");
    }

    @Test
    void badH264FlagsAreRefusedNamingTheFlagAndTheForms() {
        CommandRun encoder = new CommandRun();
        assertThat(encoder.execute("serve", "--h264-encoder", "nvenc")).isEqualTo(2);
        assertThat(encoder.err()).contains("--h264-encoder").contains("use one of auto, openh264, libx264");

        CommandRun bitrate = new CommandRun();
        assertThat(bitrate.execute("serve", "--h264-bitrate", "fast")).isEqualTo(2);
        assertThat(bitrate.err()).contains("--h264-bitrate").contains("1500k, 2M or auto");

        CommandRun group = new CommandRun();
        assertThat(group.execute("serve", "--multicast", "239.255.1.1:5005")).isEqualTo(2);
        assertThat(group.err()).contains("--multicast").contains("must be even");

        CommandRun publish = new CommandRun();
        assertThat(publish.execute("serve", "--publish", "http://edgecam:secret@media/door")).isEqualTo(2);
        assertThat(publish.err()).contains("--publish").contains("rtsp://, rtmp:// and srt://")
                .doesNotContain("secret");

        CommandRun twice = new CommandRun();
        assertThat(twice.execute("serve", "--publish", "rtmp://media/live/door", "--publish",
                "rtmp://media/live/door")).isEqualTo(2);
        assertThat(twice.err()).contains("--publish: publish URL rtmp://media/live/door is given twice");

        CommandRun interval = new CommandRun();
        assertThat(interval.execute("serve", "--keyframe-interval", "0")).isEqualTo(2);
        assertThat(interval.err()).contains("--keyframe-interval").contains("0.1 to 60");
    }

    @Test
    void aMissingFileIsOneLineAndExitCode78() {
        Path file = dir.resolve("edgecam.yml");
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--config", file.toString())).isEqualTo(ServeCommand.EXIT_BAD_CONFIG);

        assertThat(run.err()).isEqualTo("edgecam: " + file + ": no such config file; check the path (see the README's "
                + "Config file section)" + System.lineSeparator());
    }

    @Test
    void aFlagBesideTheFileIsRefusedNamingItsKey() throws Exception {
        Path file = write("edgecam.yml", "cameras:\n  - source: test\n");
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--config", file.toString(), "--port", "7000")).isEqualTo(2);

        assertThat(run.err()).isEqualTo("edgecam: --port cannot be given with --config; set legacy_port in "
                + file + " instead" + System.lineSeparator());
    }

    @Test
    void anAuthFileTheFileNamesButThatIsMissingIsOneLine() throws Exception {
        Path file = write("edgecam.yml", "auth_file: users\ncameras:\n  - source: test\n");
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--config", file.toString())).isEqualTo(ServeCommand.EXIT_BAD_CONFIG);

        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("edgecam: cannot read auth file " + dir.resolve("users"))
                .contains("edgecam passwd USER"));
    }

    @Test
    void helpDescribesTheConfigFile() {
        CommandRun run = new CommandRun();

        assertThat(run.execute("serve", "--help")).isZero();

        assertThat(run.out()).contains("--config=FILE").contains("YAML").contains("http_port")
                .contains("--legacy-port");
    }

    private static List<OptionSpec> serveOptions() {
        CommandLine serve = Main.commandLine().getSubcommands().get("serve");
        return serve.getCommandSpec().options();
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
