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
            new DestinationAddress.ToTopic("orders.done")
        }) {
            assertThat(DestinationAddress.parse(address.encode())).isEqualTo(address);
        }
        DestinationAddress function = DestinationAddress.parse("function:team-a/hello");
        assertThat(function.exchange()).isEqualTo("kfn.destination");
        assertThat(DestinationAddress.parse("queue:audit").exchange()).isEqualTo("kfn.destination");
        assertThat(function.routingKey()).isEqualTo("kfn.team-a.hello.async");
        assertThat(DestinationAddress.parse("topic:t").exchange()).isEqualTo("kfn.topic");
        assertThatThrownBy(() -> DestinationAddress.parse("function:hello"))
                .hasMessageContaining("function:<ns>/<name>");
        assertThatThrownBy(() -> DestinationAddress.parse("bucket:x"))
                .hasMessageContaining("Unknown destination kind bucket");
    }

    @Test
    void invokePathAndArn() {
        assertThat(InvokePath.of(hello)).isEqualTo("/functions/team-a/hello");
        assertThat(FunctionArn.of("us-east-1", hello).latest())
                .hasToString("arn:aws:lambda:us-east-1:team-a:function:hello:$LATEST");
    }
}
