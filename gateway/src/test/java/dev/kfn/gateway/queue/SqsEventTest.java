package dev.kfn.gateway.queue;

import dev.kfn.api.QueueSource;
import dev.kfn.api.QueueTrigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.EventSampleAssert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqsEventTest {

    /** {@code kfn events queue} prints what this builder writes for this batch. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        QueueTrigger trigger = new QueueTrigger();
        trigger.setName("team-a.orders");
        QueueSource source = QueueSource.read(new FunctionId("team-a", "order-intake"), 0, trigger);
        QueueMessage message = new QueueMessage(
                1,
                "059f36b4-87a3-44ab-83d2-661975830a7d",
                "{\"order\":\"o-1\",\"amount\":3}".getBytes(StandardCharsets.UTF_8),
                1,
                1764583200000L,
                1764583200123L,
                "orders-service",
                Map.of("tenant", "acme"));
        EventSampleAssert.isTheSample(SqsEvent.of(List.of(message), source, "us-east-1"), "queue");
    }
}
