package dev.kfn.gateway.topic;

import dev.kfn.api.topic.MessageAttribute;
import dev.kfn.contract.TopicArn;
import dev.kfn.testsupport.EventSampleAssert;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnsNotificationTest {

    /** {@code kfn events topic} prints what one subscriber gets of this publish. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        PublishRequest request = new PublishRequest(
                "shop",
                "orders",
                "{\"order\":\"o-1\",\"amount\":3}",
                Optional.of("order placed"),
                Map.of("store", new MessageAttribute(MessageAttribute.STRING, "berlin")));
        SnsNotification.Published published = new SnsNotification.Published(
                "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                new TopicArn("us-east-1", "shop", "orders"),
                request,
                Instant.parse("2026-12-02T09:30:00.123Z"));
        EventSampleAssert.isTheSample(
                SnsNotification.event(published, "arn:aws:sns:us-east-1:shop:orders:order-intake"), "topic");
    }
}
