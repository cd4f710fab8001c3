package dev.kfn.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.kfn.contract.StreamTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartitionPollerTest {

    @Test
    void readsTheOffsetAndWhatTheGatewayStamped() {
        StreamRecord record = PartitionPoller.received(
                new Envelope(7, false, "", "kfn.stream.shop.clicks.0"),
                new AMQP.BasicProperties.Builder()
                        .headers(Map.of(
                                StreamTopology.OFFSET_HEADER, 12L,
                                StreamTopology.PARTITION_KEY_HEADER, "user-1",
                                StreamTopology.ARRIVAL_HEADER, 1_700_000_000_123L))
                        .build(),
                new byte[] {1},
                Instant.EPOCH);
        assertThat(record.offset()).isEqualTo(12);
        assertThat(record.partitionKey()).isEqualTo("user-1");
        assertThat(record.arrival()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
        assertThat(record.deliveryTag()).isEqualTo(7);
    }

    @Test
    void aRecordPublishedToTheExchangeIsKeyedByItsRoutingKey() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        StreamRecord plain = PartitionPoller.received(
                new Envelope(1, false, "kfn.stream.shop.clicks", "user-9"),
                new AMQP.BasicProperties.Builder()
                        .headers(Map.of(StreamTopology.OFFSET_HEADER, 3L))
                        .build(),
                new byte[0],
                now);
        assertThat(plain.partitionKey()).isEqualTo("user-9");
        assertThat(plain.arrival()).isEqualTo(now);
        StreamRecord stamped = PartitionPoller.received(
                new Envelope(1, false, "kfn.stream.shop.clicks", "user-9"),
                new AMQP.BasicProperties.Builder()
                        .headers(Map.of(StreamTopology.OFFSET_HEADER, 3L))
                        .timestamp(Date.from(Instant.parse("2026-12-01T09:00:00Z")))
                        .build(),
                new byte[0],
                now);
        assertThat(stamped.arrival()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void aKeyAlwaysHasTheSameLane() {
        assertThat(PartitionPoller.lane("user-1", 1)).isZero();
        assertThat(PartitionPoller.lane("user-1", 4)).isEqualTo(PartitionPoller.lane("user-1", 4));
        assertThat(PartitionPoller.lane("user-1", 4)).isEqualTo(Math.floorMod("user-1".hashCode(), 4));
        assertThat(java.util.stream.IntStream.range(0, 100)
                        .map(i -> PartitionPoller.lane("user-" + i, 4))
                        .distinct()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void backsOffDoublingUpToFiveSeconds() {
        assertThat(PartitionPoller.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(PartitionPoller.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(PartitionPoller.backoff(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(PartitionPoller.backoff(10_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aRecordPutInTheMillisecondOfAFinerStartTimeIsNotSkipped() {
        Instant start = Instant.parse("2026-12-01T10:00:00.123456Z");
        Optional<Instant> since = Optional.of(start);
        assertThat(PartitionPoller.arrivedBefore(Instant.parse("2026-12-01T10:00:00.123Z"), since))
                .isFalse();
        assertThat(PartitionPoller.arrivedBefore(Instant.parse("2026-12-01T10:00:00.122Z"), since))
                .isTrue();
        assertThat(PartitionPoller.arrivedBefore(Instant.EPOCH, Optional.empty()))
                .isFalse();
    }
}
