package dev.kfn.runtime.invoke;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationAddressTest {

    @Test
    void functionIsAnEventOnItsAsyncQueue() {
        assertThat(DestinationAddress.parse("function:shop/audit"))
            .isEqualTo(new DestinationAddress("kfn.invoke", "kfn.shop.audit.async", true));
    }

    @Test
    void queueGoesThroughTheDefaultExchange() {
        assertThat(DestinationAddress.parse("queue:failed-orders")).isEqualTo(new DestinationAddress("", "failed-orders", false));
    }

    @Test
    void topicGoesToTheTopicExchange() {
        assertThat(DestinationAddress.parse("topic:orders")).isEqualTo(new DestinationAddress("kfn.topic", "orders", false));
    }

    @Test
    void rejectsMalformedDestinations() {
        assertThatThrownBy(() -> DestinationAddress.parse("function:audit")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DestinationAddress.parse("bucket:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DestinationAddress.parse("queue:")).isInstanceOf(IllegalArgumentException.class);
    }
}
