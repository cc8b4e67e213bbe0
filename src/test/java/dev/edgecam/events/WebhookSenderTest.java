package dev.edgecam.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgecam.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Webhooks against a real receiver on loopback that fails, hangs, or never answers well. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebhookSenderTest {

    private static final Duration BACKOFF = Duration.ofMillis(100);

    @Test
    void aFailingReceiverGetsTheEventAgainWithGrowingPausesUntilItAccepts() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> n <= 2 ? 500 : 200);
             WebhookSender sender = WebhookSender.start("door", List.of(receiver.url()), Duration.ofSeconds(2), BACKOFF)) {
            EventLog log = new EventLog("door");
            log.subscribe(sender::accept);
            Event event = log.publish(EventLog.CAMERA_OFFLINE, "unplugged");

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 3);
            String expected = "{\"id\":" + event.id() + ",\"time\":\"" + event.time() + "\",\"camera\":\"door\","
                    + "\"type\":\"camera_offline\",\"detail\":\"unplugged\"}";
            assertThat(receiver.bodies()).containsOnly(expected);
            List<Long> at = receiver.arrivalMillis();
            assertThat(at.get(1) - at.get(0)).isGreaterThanOrEqualTo(BACKOFF.toMillis());
            assertThat(at.get(2) - at.get(1)).isGreaterThanOrEqualTo(2 * BACKOFF.toMillis());
            Thread.sleep(500);
            assertThat(receiver.bodies()).as("accepted: not sent again").hasSize(3);
        }
    }

    @Test
    void aHangingReceiverTimesOutAndIsTriedAgain() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> n == 1 ? WebhookReceiver.HANG : 200);
             WebhookSender sender = WebhookSender.start("door", List.of(receiver.url()), Duration.ofMillis(300), BACKOFF)) {
            sender.accept(new EventLog("door").publish(EventLog.RECORDING_FAILED, "disk full"));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == 2);
            List<Long> at = receiver.arrivalMillis();
            assertThat(at.get(1) - at.get(0)).as("the second try came after the timeout, not after the hang")
                    .isBetween(300L, 2500L);
        }
    }

    @Test
    void aReceiverThatNeverAcceptsIsGivenUpAfterTheAttemptsAndTheNextEventStillGoes() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(n -> n <= WebhookSender.ATTEMPTS ? 503 : 204);
             WebhookSender sender = WebhookSender.start("door", List.of(receiver.url()), Duration.ofSeconds(2),
                     Duration.ofMillis(20))) {
            EventLog log = new EventLog("door");
            log.subscribe(sender::accept);
            log.publish(EventLog.CAMERA_OFFLINE, "first");
            log.publish(EventLog.CAMERA_ONLINE, "second");

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.bodies().size() == WebhookSender.ATTEMPTS + 1);
            assertThat(receiver.bodies().subList(0, WebhookSender.ATTEMPTS)).allMatch(b -> b.contains("\"first\""));
            assertThat(receiver.bodies().get(WebhookSender.ATTEMPTS)).contains("\"camera_online\"", "\"second\"");
            Thread.sleep(300);
            assertThat(receiver.bodies()).hasSize(WebhookSender.ATTEMPTS + 1);
        }
    }
}
