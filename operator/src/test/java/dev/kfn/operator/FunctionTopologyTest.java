package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionTopologyTest {

    private final Function fn = TestFunctions.java("shop", "hello");
    private final QueueSettings quorum = new QueueSettings("quorum", 10);

    private FunctionTopology.Queue queue(FunctionTopology topology, String name) {
        return topology.queues().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void declaresSyncAsyncDeadLetterAndOneRetryQueuePerAttempt() {
        assertThat(FunctionTopology.desired(fn, quorum).queues()).extracting(FunctionTopology.Queue::name).containsExactly(
            "kfn.shop.hello.dead-letter", "kfn.shop.hello.sync", "kfn.shop.hello.async",
            "kfn.shop.hello.retry-1", "kfn.shop.hello.retry-2");
    }

    @Test
    void deadLettersAsyncEventsAndLimitsTheirDeliveries() {
        FunctionTopology.Queue async = queue(FunctionTopology.desired(fn, quorum), "kfn.shop.hello.async");
        assertThat(async.arguments()).containsAllEntriesOf(Map.of(
            "x-queue-type", "quorum",
            "x-dead-letter-exchange", "kfn.dead-letter",
            "x-dead-letter-routing-key", "kfn.shop.hello.dead-letter",
            "x-delivery-limit", 10));
        assertThat(async.boundTo()).contains("kfn.invoke");
    }

    @Test
    void classicAsyncQueuesGetNoDeliveryLimit() {
        FunctionTopology.Queue async = queue(FunctionTopology.desired(fn, new QueueSettings("classic", 10)), "kfn.shop.hello.async");
        assertThat(async.arguments()).doesNotContainKey("x-delivery-limit").containsEntry("x-queue-type", "classic");
    }

    @Test
    void retryQueuesExpireBackIntoTheAsyncQueue() {
        FunctionTopology.Queue retry = queue(FunctionTopology.desired(fn, quorum), "kfn.shop.hello.retry-2");
        assertThat(retry.arguments()).containsEntry("x-dead-letter-exchange", "kfn.invoke")
            .containsEntry("x-dead-letter-routing-key", "kfn.shop.hello.async");
        assertThat(retry.boundTo()).isEmpty();
    }

    @Test
    void boundsBothInvocationQueuesByPolicyOnlyWhenMaxQueuedIsSet() {
        assertThat(FunctionTopology.desired(fn, quorum).lengthPolicy()).isEmpty();
        fn.getSpec().getConcurrency().setMaxQueued(100);
        FunctionTopology topology = FunctionTopology.desired(fn, quorum);
        assertThat(topology.policyName()).isEqualTo("kfn.shop.hello");
        assertThat(topology.lengthPolicy()).hasValueSatisfying(p -> {
            assertThat(p.pattern()).isEqualTo("^kfn\\.shop\\.hello\\.(sync|async)$");
            assertThat(p.definition()).containsEntry("max-length", 100).containsEntry("overflow", "reject-publish");
        });
    }
}
