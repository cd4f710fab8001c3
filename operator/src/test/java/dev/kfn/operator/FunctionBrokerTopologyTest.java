package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.QueueDeclaration;
import dev.kfn.testsupport.TestFunctions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the operator asks of the broker for one Function, in the contract's terms. */
class FunctionBrokerTopologyTest {

    private final Function fn = TestFunctions.java(new FunctionId("shop", "hello"));
    private final FunctionTopology.Options quorum = FunctionTopology.Options.DEFAULTS;

    private QueueDeclaration queue(FunctionTopology topology, String name) {
        return topology.queues().stream()
                .filter(q -> q.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void declaresSyncAsyncDeadLetterAndOneRetryQueuePerAttempt() {
        assertThat(FunctionBrokerTopology.desired(fn, quorum, 10_000).queues())
                .extracting(QueueDeclaration::name)
                .containsExactly(
                        "kfn.shop.hello.dead-letter",
                        "kfn.shop.hello.sync",
                        "kfn.shop.hello.async",
                        "kfn.shop.hello.retry-1",
                        "kfn.shop.hello.retry-2");
    }

    @Test
    void deadLettersAsyncEventsAndLimitsTheirDeliveries() {
        QueueDeclaration async = queue(FunctionBrokerTopology.desired(fn, quorum, 10_000), "kfn.shop.hello.async");
        assertThat(async.arguments())
                .containsAllEntriesOf(Map.of(
                        "x-queue-type", "quorum",
                        "x-dead-letter-exchange", "kfn.dead-letter",
                        "x-dead-letter-routing-key", "kfn.shop.hello.dead-letter",
                        "x-delivery-limit", 10));
        assertThat(async.boundTo()).contains(Exchange.INVOKE);
    }

    @Test
    void classicAsyncQueuesGetNoDeliveryLimit() {
        FunctionTopology.Options classic = new FunctionTopology.Options(FunctionTopology.Options.CLASSIC, 10);
        QueueDeclaration async = queue(FunctionBrokerTopology.desired(fn, classic, 10_000), "kfn.shop.hello.async");
        assertThat(async.arguments()).doesNotContainKey("x-delivery-limit").containsEntry("x-queue-type", "classic");
    }

    @Test
    void retryQueuesExpireBackIntoTheAsyncQueue() {
        QueueDeclaration retry = queue(FunctionBrokerTopology.desired(fn, quorum, 10_000), "kfn.shop.hello.retry-2");
        assertThat(retry.arguments())
                .containsEntry("x-dead-letter-exchange", "kfn.invoke")
                .containsEntry("x-dead-letter-routing-key", "kfn.shop.hello.async");
        assertThat(retry.boundTo()).isEqualTo(Optional.empty());
    }

    @Test
    void boundsBothInvocationQueuesByTheOperatorsDefaultWhenMaxQueuedIsUnset() {
        assertThat(FunctionBrokerTopology.desired(fn, quorum, 10_000).lengthPolicy())
                .hasValueSatisfying(p -> assertThat(p.maxLength()).isEqualTo(10_000));
    }

    @Test
    void boundsBothInvocationQueuesByTheFunctionsOwnMaxQueued() {
        fn.getSpec().getConcurrency().setMaxQueued(100);
        FunctionTopology topology = FunctionBrokerTopology.desired(fn, quorum, 10_000);
        assertThat(topology.policyName()).isEqualTo("kfn.shop.hello");
        assertThat(topology.lengthPolicy()).hasValueSatisfying(p -> {
            assertThat(p.pattern()).isEqualTo("^kfn\\.shop\\.hello\\.(sync|async)$");
            assertThat(p.definition()).containsEntry("max-length", 100).containsEntry("overflow", "reject-publish");
        });
    }

    @Test
    void reportsTheQueuesCallersAndOperatorsLookFor() {
        var status = FunctionBrokerTopology.status(fn.id().queues());
        assertThat(status.getSync()).isEqualTo("kfn.shop.hello.sync");
        assertThat(status.getAsync()).isEqualTo("kfn.shop.hello.async");
        assertThat(status.getDeadLetter()).isEqualTo("kfn.shop.hello.dead-letter");
    }
}
