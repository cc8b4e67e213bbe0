package dev.edgecam.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real SIGHUP, sent to this test JVM by {@code kill}. That is safe only while a handler is installed (the JVM's
 * own handler would end the test run), so each signal is sent after {@code install} returned and before
 * {@code close}, and the test waits until it has arrived.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HangupSignalTest {

    @Test
    void eachSighupRunsTheAction() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        try (HangupSignal ignored = HangupSignal.install(reloads::incrementAndGet)) {
            sendSighup();
            await().until(() -> reloads.get() == 1);
            sendSighup();
            await().until(() -> reloads.get() == 2);
        }
    }

    @Test
    void anActionThatThrowsIsLoggedAndTheNextSighupStillRunsIt() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        try (HangupSignal ignored = HangupSignal.install(() -> {
            reloads.incrementAndGet();
            throw new IllegalStateException("watcher closed");
        })) {
            sendSighup();
            await().until(() -> reloads.get() == 1);
            sendSighup();
            await().until(() -> reloads.get() == 2);
        }
    }

    @Test
    void closingGivesSighupBackToTheHandlerBefore() throws Exception {
        AtomicInteger outer = new AtomicInteger();
        AtomicInteger inner = new AtomicInteger();
        try (HangupSignal first = HangupSignal.install(outer::incrementAndGet)) {
            HangupSignal second = HangupSignal.install(inner::incrementAndGet);
            second.close();
            second.close();

            sendSighup();
            await().until(() -> outer.get() == 1);
            assertThat(inner).hasValue(0);
        }
    }

    private static void sendSighup() throws Exception {
        // bash's own kill: no procps needed
        Process kill = new ProcessBuilder("bash", "-c", "kill -HUP " + ProcessHandle.current().pid())
                .redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as(new String(kill.getInputStream().readAllBytes())).isZero();
    }

    @Test
    void aHangupBeforeThereIsAnythingToReloadWaitsForItInsteadOfEndingTheJvm() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        try (HangupSignal early = HangupSignal.installEarly()) {
            sendSighup(); // the JVM would end here without a handler
            Thread.sleep(300);
            assertThat(reloads.get()).isZero();
            early.reloadWith(reloads::incrementAndGet);
            await().until(() -> reloads.get() == 1); // the remembered SIGHUP (or, on a slow machine, the late one)
            early.reloadWith(reloads::incrementAndGet);
            assertThat(reloads.get()).as("not twice").isEqualTo(1);
        }
    }
}
