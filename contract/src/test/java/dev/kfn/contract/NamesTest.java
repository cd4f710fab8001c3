package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesTest {

    private final FunctionId hello = new FunctionId("team-a", "hello");

    @Test
    void functionIdRoundTripsAsText() {
        assertThat(hello).hasToString("team-a/hello");
        assertThat(FunctionId.parse("team-a/hello")).contains(hello);
        assertThat(FunctionId.parse("team-a")).isEmpty();
        assertThat(FunctionId.parse("a/b/c")).isEmpty();
        assertThat(FunctionId.parse("/b")).isEmpty();
    }

    @Test
    void queuesAreNamedAfterTheFunction() {
        assertThat(hello.queues().all())
                .containsExactly(
                        "kfn.team-a.hello.dead-letter",
                        "kfn.team-a.hello.sync",
                        "kfn.team-a.hello.async",
                        "kfn.team-a.hello.retry-1",
                        "kfn.team-a.hello.retry-2");
        assertThat("kfn.team-a.hello.sync").matches(hello.queues().invocationQueuesPattern());
        assertThat("kfn.team-a.hello.retry-1").doesNotMatch(hello.queues().invocationQueuesPattern());
        assertThat("kfn.team-a.hellox.sync").doesNotMatch(hello.queues().invocationQueuesPattern());
    }

    @Test
    void wakeRoundTrips() {
        assertThat(WakeMessage.decode(WakeMessage.encode(hello))).contains(hello);
        assertThat(WakeMessage.decode("nonsense".getBytes())).isEmpty();
    }

    @Test
    void destinationsRoundTrip() {
        for (DestinationAddress address : new DestinationAddress[] {
            new DestinationAddress.ToFunction(hello),
            new DestinationAddress.ToQueue("audit"),
            new DestinationAddress.ToTopic("team-a", "orders.done")
        }) {
            assertThat(DestinationAddress.parse(address.encode(), "team-a")).isEqualTo(address);
        }
        DestinationAddress function = DestinationAddress.parse("function:team-a/hello", "team-a");
        assertThat(function.exchange()).isEqualTo("kfn.destination");
        assertThat(DestinationAddress.parse("queue:audit", "team-a").exchange()).isEqualTo("kfn.destination");
        assertThat(function.routingKey()).isEqualTo("kfn.team-a.hello.async");
        DestinationAddress topic = DestinationAddress.parse("topic:orders.done", "team-a");
        assertThat(topic.exchange()).isEqualTo("kfn.topic");
        assertThat(topic.routingKey()).isEqualTo("team-a.orders.done");
        assertThat(DestinationAddress.ToTopic.ofRoutingKey("team-a.orders.done"))
                .contains(new DestinationAddress.ToTopic("team-a", "orders.done"));
        assertThat(DestinationAddress.ToTopic.ofRoutingKey("orders")).isEmpty();
        assertThatThrownBy(() -> DestinationAddress.parse("function:hello", "team-a"))
                .hasMessageContaining("function:<ns>/<name>");
        assertThatThrownBy(() -> DestinationAddress.parse("bucket:x", "team-a"))
                .hasMessageContaining("Unknown destination kind bucket");
    }

    @Test
    void invokePathAndArn() {
        assertThat(InvokePath.of(hello)).isEqualTo("/functions/team-a/hello");
        assertThat(FunctionArn.of("us-east-1", hello).latest())
                .hasToString("arn:aws:lambda:us-east-1:team-a:function:hello:$LATEST");
    }

    @Test
    void replicationSlotsAreValidPostgresNamesThatKeepLookAlikesApart() {
        String slot = ReplicationSlot.name(hello, 2);
        assertThat(slot).startsWith("kfn_team_a_hello_2_").matches("[a-z0-9_]{1,63}");
        assertThat(ReplicationSlot.name(hello, 2)).isEqualTo(slot);
        assertThat(ReplicationSlot.name(new FunctionId("a-b", "c"), 0))
                .isNotEqualTo(ReplicationSlot.name(new FunctionId("a", "b-c"), 0));
        FunctionId longest = new FunctionId("n".repeat(63), "f".repeat(63));
        assertThat(ReplicationSlot.name(longest, 99)).matches("[a-z0-9_]{1,63}");
    }

    @Test
    void aFunctionsSeriesNameItsNamespaceByALabelNoTargetHas() {
        assertThat(MetricLabels.of(hello)).containsExactly("function_namespace", "team-a", "function", "hello");
    }
}
