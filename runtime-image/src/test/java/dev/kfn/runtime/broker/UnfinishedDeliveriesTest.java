package dev.kfn.runtime.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnfinishedDeliveriesTest {

    @Test
    void aFirstDeliveryHasNothingBehindIt() {
        UnfinishedDeliveries first = UnfinishedDeliveries.of(false, Map.of());
        assertThat(first.count()).isZero();
        assertThat(first.needsCarrying()).isFalse();
    }

    @Test
    void aClassicRedeliveryCountsOneMoreThanItCarriesAndMustCarryIt() {
        UnfinishedDeliveries again = UnfinishedDeliveries.of(true, Map.of(UnfinishedDeliveries.HEADER, 1));
        assertThat(again.count()).isEqualTo(2);
        assertThat(again.needsCarrying()).isTrue();
        AMQP.BasicProperties carried = again.carriedOn(new AMQP.BasicProperties.Builder()
                .messageId("m")
                .headers(Map.of("k", "v"))
                .build());
        assertThat(carried.getHeaders())
                .containsEntry(UnfinishedDeliveries.HEADER, 2)
                .containsEntry("k", "v");
        assertThat(carried.getMessageId()).isEqualTo("m");
    }

    @Test
    void aCarriedCountDeliveredAfreshIsKeptAsItIs() {
        UnfinishedDeliveries carried = UnfinishedDeliveries.of(false, Map.of(UnfinishedDeliveries.HEADER, 1));
        assertThat(carried.count()).isEqualTo(1);
        assertThat(carried.needsCarrying()).isFalse();
    }

    @Test
    void aQuorumQueueCountsReturnsItself() {
        UnfinishedDeliveries quorum =
                UnfinishedDeliveries.of(true, Map.of("x-delivery-count", 2L, UnfinishedDeliveries.HEADER, 1));
        assertThat(quorum.count()).isEqualTo(3);
        assertThat(quorum.needsCarrying()).isFalse();
    }

    @Test
    void aNegativeOrHugeCountIsClamped() {
        assertThat(UnfinishedDeliveries.of(false, Map.of(UnfinishedDeliveries.HEADER, -7))
                        .count())
                .isZero();
        assertThat(UnfinishedDeliveries.of(false, Map.of(UnfinishedDeliveries.HEADER, Long.MAX_VALUE))
                        .count())
                .isEqualTo(Integer.MAX_VALUE);
    }
}
