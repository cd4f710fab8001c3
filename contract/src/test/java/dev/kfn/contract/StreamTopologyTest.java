package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StreamTopologyTest {

    private final StreamTopology clicks = new StreamTopology(
            "shop", "clicks", 4, Optional.of("3600s"), OptionalLong.of(1_000_000), OptionalLong.of(100_000));

    @Test
    void namesArePrefixedAndPerPartition() {
        assertThat(clicks.exchange()).isEqualTo("kfn.stream.shop.clicks");
        assertThat(clicks.partition(3)).isEqualTo("kfn.stream.shop.clicks.3");
        assertThat(StreamTopology.shardId(3)).isEqualTo("shardId-000000000003");
        FunctionId fn = new FunctionId("shop", "counter");
        assertThat(clicks.checkpoint(fn, 0, 2)).isEqualTo("kfn.stream-checkpoint.shop.counter.0.clicks.2");
        assertThat(clicks.lease(fn, 0, 2)).isEqualTo("kfn.stream-lease.shop.counter.0.clicks.2");
    }

    @Test
    void partitionsAreStreamQueuesWithTheirRetention() {
        assertThat(clicks.partitionArguments())
                .containsEntry("x-queue-type", "stream")
                .containsEntry("x-max-age", "3600s")
                .containsEntry("x-max-length-bytes", 1_000_000L)
                .containsEntry("x-stream-max-segment-size-bytes", 100_000L);
    }

    @Test
    void partitionsKeysByKinesisHashKeyRanges() {
        // MD5("a") = 0cc175b9…: the first quarter of the hash-key space; MD5("b") = 92eb5ffe…: the third
        assertThat(clicks.partitionOf("a")).isZero();
        assertThat(clicks.partitionOf("b")).isEqualTo(2);
        assertThat(new StreamTopology("shop", "one", 1, Optional.empty(), OptionalLong.empty(), OptionalLong.empty())
                        .partitionOf("b"))
                .isZero();
        long used = IntStream.range(0, 1000)
                .map(i -> clicks.partitionOf("key-" + i))
                .distinct()
                .count();
        assertThat(used).isEqualTo(4);
    }
}
