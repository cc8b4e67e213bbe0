package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./edgecam} launcher builds the jar for the machine it runs on, and again when that changes. It runs
 * for real (bash) from a copy of the project's script, with {@code uname}, {@code mvn} and {@code java} replaced
 * by stand-ins on the PATH that say which machine this is and note how they were called.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LauncherScriptTest {

    @TempDir
    Path project;
    private Path bin;

    @BeforeEach
    void fakeProject() throws IOException {
        Files.copy(Path.of("edgecam"), project.resolve("edgecam"), StandardCopyOption.COPY_ATTRIBUTES);
        // ./edgecam builds, then runs the launcher the Debian package installs (the JVM options live there).
        Path launcher = Path.of("src/deb/files/usr/bin/edgecam");
        Files.createDirectories(project.resolve(launcher).getParent());
        Files.copy(launcher, project.resolve(launcher), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("src/main"));
        bin = Files.createDirectories(project.resolve("fake-bin"));
        script("uname", "[ \"$1\" = -m ] && echo \"$FAKE_MACHINE\" || echo Linux");
        // mvn: notes its arguments and makes the jar, as 'package' does.
        script("mvn", "echo \"$*\" >> \"$FAKE_LOG/mvn.log\"; mkdir -p target; echo jar > target/edgecam.jar");
        script("java", "echo \"$*\" >> \"$FAKE_LOG/java.log\"");
    }

    @Test
    void buildsForTheMachineOnceAndPrintsNothingWhenTheJarFits() throws Exception {
        Run first = launch("aarch64", "serve");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stderr().lines().toList()).singleElement().asString()
                .startsWith("edgecam: building target/edgecam.jar for linux-arm64");
        assertThat(log("mvn")).containsExactly("-q -DskipTests -Djavacpp.platform=linux-arm64 package");
        assertThat(log("java")).singleElement().asString().endsWith("-jar " + project.resolve("target/edgecam.jar") + " serve");

        Run second = launch("aarch64", "serve");
        assertThat(second.exitCode()).isZero();
        assertThat(second.stderr()).as("a good build prints nothing").isEmpty();
        assertThat(log("mvn")).as("not built again").hasSize(1);
        assertThat(log("java")).hasSize(2);
    }

    @Test
    void rebuildsWhenTheMachineDiffersFromTheOneTheJarWasBuiltFor() throws Exception {
        launch("x86_64", "--version");
        Run onTheBoard = launch("aarch64", "--version");

        assertThat(onTheBoard.exitCode()).as(onTheBoard.stderr()).isZero();
        assertThat(log("mvn")).containsExactly("-q -DskipTests -Djavacpp.platform=linux-x86_64 package",
                "-q -DskipTests -Djavacpp.platform=linux-arm64 package");
    }

    @Test
    void aJarBuiltByHandIsRebuiltOnceForThisMachine() throws Exception {
        launch("aarch64", "--version");
        // Someone ran 'mvn package -Djavacpp.platform=linux-x86_64' for another board after the launcher's build.
        Path jar = project.resolve("target/edgecam.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        launch("aarch64", "--version");

        assertThat(log("mvn")).hasSize(2);
    }

    @Test
    void aMachineWithoutVideoLibrariesIsOneLineAndNoBuild() throws Exception {
        Run armv7 = launch("armv7l", "serve");

        assertThat(armv7.exitCode()).isEqualTo(1);
        assertThat(armv7.stderr().lines().toList()).containsExactly("edgecam: no video libraries exist for this machine "
                + "(armv7l): edgecam runs on x86_64 and on 64-bit ARM (aarch64; on a Raspberry Pi, a 64-bit OS)");
        assertThat(project.resolve("mvn.log")).doesNotExist();
        assertThat(project.resolve("java.log")).doesNotExist();
    }

    private record Run(int exitCode, String stderr) {
    }

    private Run launch(String machine, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", project.resolve("edgecam").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("FAKE_MACHINE", machine);
        env.put("FAKE_LOG", project.toString());
        env.remove("EDGECAM_JAVA_OPTS");
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        return new Run(process.exitValue(), stderr);
    }

    private List<String> log(String tool) throws IOException {
        Path file = project.resolve(tool + ".log");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
