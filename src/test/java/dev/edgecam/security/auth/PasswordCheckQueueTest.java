package dev.edgecam.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue of slow password checks, with checks that wait on a latch in place of PBKDF2. */
@Timeout(30)
class PasswordCheckQueueTest {

    private static final InetAddress A = InetAddress.getLoopbackAddress();
    private final PasswordCheckQueue queue = new PasswordCheckQueue(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger ran = new AtomicInteger();

    @AfterEach
    void close() {
        release.countDown();
        queue.close();
    }

    private Supplier<Boolean> blockedCheck() {
        return () -> {
            ran.incrementAndGet();
            try {
                return release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }

    @Test
    void checksForTheSameCredentialsShareOneComputationAndDoNotCountAgainstTheAddress() {
        CompletableFuture<PasswordCheckQueue.Verdict> first = queue.submit("same", A, () -> true, blockedCheck());
        for (int i = 0; i < 5; i++) {
            assertThat(queue.submit("same", A, () -> true, blockedCheck())).isSameAs(first);
        }
        assertThat(queue.submit("other", A, () -> true, blockedCheck()).isDone()).as("the address's second place").isFalse();
        assertThat(queue.submit("third", A, () -> true, blockedCheck()).getNow(null))
                .isEqualTo(PasswordCheckQueue.Verdict.ADDRESS_BUSY);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(first::isDone);
        assertThat(first.join()).isEqualTo(PasswordCheckQueue.Verdict.MATCH);
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 2);
        // Places are given back when checks end.
        CompletableFuture<PasswordCheckQueue.Verdict> again = queue.submit("fourth", A, () -> true, blockedCheck());
        await().atMost(Duration.ofSeconds(10)).until(again::isDone);
        assertThat(again.join()).isEqualTo(PasswordCheckQueue.Verdict.MATCH);
    }

    @Test
    void aCheckWhoseAskerLeftWhileItWaitedIsNotRun() throws Exception {
        CompletableFuture<PasswordCheckQueue.Verdict> running = queue.submit("running", A, () -> true, blockedCheck());
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 1);
        AtomicBoolean open = new AtomicBoolean(true);
        CompletableFuture<PasswordCheckQueue.Verdict> waiting = queue.submit("waiting", InetAddress.getByName("::1"),
                open::get, blockedCheck());
        open.set(false); // its connection closes while the single checker is busy
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        assertThat(waiting.join()).isEqualTo(PasswordCheckQueue.Verdict.ABANDONED);
        assertThat(running.join()).isEqualTo(PasswordCheckQueue.Verdict.MATCH);
        assertThat(ran.get()).as("only the check someone waited for was computed").isEqualTo(1);
    }

    @Test
    void twoCheckersWhereThereAreTwoCoresOrMore() {
        assertThat(PasswordCheckQueue.checkerThreads(1)).isEqualTo(1);
        assertThat(PasswordCheckQueue.checkerThreads(2)).isEqualTo(2);
        assertThat(PasswordCheckQueue.checkerThreads(8)).isEqualTo(2);
    }
}
