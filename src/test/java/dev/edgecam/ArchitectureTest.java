package dev.edgecam;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The package rules of docs/design.md, checked on the compiled main classes: dependencies point one way along the
 * pipeline, the client side shares only the shared packages with the server side, and only {@code cli} knows
 * {@code cli}. A rule that fails names the class and the dependency that broke it; fix the dependency, or change
 * the rule here and in docs/design.md together when the design changes.
 *
 * <p>{@code record} (recording on the device) takes frames from the hubs and is owned by a camera, so it sits between
 * {@code hub} and {@code camera}, as {@code publish} (pushing to media servers) does; {@code camera} (the camera unit) sits between {@code record} and {@code transport}. {@code config} (the config file) is read only by {@code cli} and {@code server}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArchitectureTest {

    private static final String ROOT = "dev.edgecam";
    /** The pipeline's stages in flow order: a stage may use the ones before it, never the ones after it. */
    static final List<String> PIPELINE = List.of("source", "encode", "hub", "publish", "record", "events", "motion", "camera", "transport", "server");
    /** What the server side and the client side both use; none of it knows a pipeline stage or a client. */
    static final List<String> SHARED = List.of("frame", "wire", "media", "security", "discovery");
    /** The client side: the library behind the client commands, and the load generator. */
    static final List<String> CLIENT_SIDE = List.of("client", "bench");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theClientSideNeverReachesIntoTheServerSide() {
        check(noClasses().that().resideInAnyPackage(packages(CLIENT_SIDE))
                .should().dependOnClassesThat().resideInAnyPackage(packages(PIPELINE))
                .because("the client shares only the wire formats, media and security with the server (DESIGN.md)"));
    }

    @Test
    void theServerSideNeverUsesTheClientsTypes() {
        check(noClasses().that().resideInAnyPackage(packages(PIPELINE))
                .should().dependOnClassesThat().resideInAnyPackage(packages(CLIENT_SIDE))
                .because("what both sides need belongs in a shared package (media/ for the container writers)"));
    }

    @Test
    void onlyTheCommandsKnowTheCommandLine() {
        check(noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
                .because("cli is the edge that reads flags and wires the rest; nothing below it may call back up"));
    }

    @Test
    void sharedPackagesKnowNoPipelineStageNorClient() {
        check(noClasses().that().resideInAnyPackage(packages(SHARED))
                .should().dependOnClassesThat().resideInAnyPackage(packages(concat(PIPELINE, CLIENT_SIDE, "cli", "config")))
                .because("frame, wire, media, security and discovery are used by both sides, so they can depend on "
                        + "neither"));
    }

    @Test
    void theSecurityPackagesHoldNoNettyHandlers() {
        check(noClasses().that().resideInAPackage(ROOT + ".security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty.channel..", "io.netty.handler..")
                .because("the Netty handlers of the security gate live in transport.security; security.* is the "
                        + "logic they call, which passwd and the client use without a transport"));
    }

    @Test
    void onvifIsPlainJavaBehindTheHttpTransport() {
        check(noClasses().that().resideInAnyPackage(ROOT + ".wire.onvif..", ROOT + ".transport.onvif..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty.channel..", "io.netty.handler..")
                .because("ONVIF's messages (wire.onvif) and services (transport.onvif) hold no Netty handler and are "
                        + "tested without a server; transport.http's OnvifEndpoint hands them the requests"));
    }

    @Test
    void passwdNeedsNoServer() {
        check(noClasses().that().haveFullyQualifiedName(ROOT + ".cli.PasswdCommand")
                .should().dependOnClassesThat().resideInAnyPackage(packages(PIPELINE))
                .because("writing a users file needs users and password hashes (security.auth), not a transport"));
    }

    @Test
    void thePipelineNeverPointsBackwards() {
        for (int stage = 0; stage < PIPELINE.size() - 1; stage++) {
            check(noClasses().that().resideInAPackage(ROOT + "." + PIPELINE.get(stage) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packages(PIPELINE.subList(stage + 1, PIPELINE.size())))
                    .because("dependencies point one way: " + String.join(" -> ", PIPELINE)));
        }
    }

    @Test
    void theConfigFileIsReadOnlyByTheCommandsAndTheServer() {
        check(noClasses().that().resideOutsideOfPackages(ROOT + ".config..", ROOT + ".cli..", ROOT + ".server..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".config..")
                .because("the config file is turned into each stage's own config record at the edge (STYLE.md: "
                        + "config apart from state)"));
    }

    /** Checks a rule; a rule over a package that does not exist yet (camera, config) passes. */
    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(classes);
    }

    private static String[] packages(List<String> names) {
        return names.stream().map(name -> ROOT + "." + name + "..").toArray(String[]::new);
    }

    private static List<String> concat(List<String> first, List<String> second, String... more) {
        return java.util.stream.Stream.of(first, second, Arrays.asList(more)).flatMap(List::stream).toList();
    }
}
