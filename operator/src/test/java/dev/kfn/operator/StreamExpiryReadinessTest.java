package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamSpec;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.StreamTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stream triggers whose records expired unread, in the operator against the mock API server: what a gateway's
 * reader reports in status.streams (as StreamStatusWriter patches it) turns TriggersReady and Ready False, reason
 * RecordsExpired, naming the trigger, the partition and what was lost, with a Warning Event; once the reader caught
 * up they are True again and the entry stays as the record of the expiry.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
class StreamExpiryReadinessTest extends OperatorIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String AT = "2026-12-02T10:00:00Z";

    private static Trigger stream(String name) {
        StreamTrigger stream = new StreamTrigger();
        stream.setName(name);
        Trigger trigger = new Trigger();
        trigger.setStream(stream);
        return trigger;
    }

    private static Trigger http() {
        HttpTrigger http = new HttpTrigger();
        http.setUrl(true);
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        return trigger;
    }

    @Test
    void recordsExpiredUnreadAreNamedUntilTheReaderCaughtUp() {
        FunctionId fn = id("counter");
        Stream clicks = new Stream();
        clicks.setMetadata(new ObjectMetaBuilder()
                .withName("clicks")
                .withNamespace(fn.namespace())
                .build());
        clicks.setSpec(new StreamSpec());
        client.resource(clicks).create();
        TestFunctions.create(
                client, TestFunctions.java(fn, spec -> spec.setTriggers(List.of(http(), stream("clicks")))));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(condition(fn, FunctionStatus.TRIGGERS_READY))
                        .isNotNull()
                        .extracting(Condition::getStatus, Condition::getMessage)
                        .containsExactly("True", "every trigger is served"));

        StreamStatus expired = new StreamStatus(1, "clicks", 2, 180L, 1L, 180L, AT, true);
        String problem = "spec.triggers[1].stream: records 1 to 180 (180) of Stream clicks shardId-000000000002"
                + " expired before they were read (the Stream's maxAge or maxBytes); catching up from 181";
        await().atMost(WITHIN).untilAsserted(() -> {
            reportAsTheGatewayDoes(fn, expired);
            Condition triggers = condition(fn, FunctionStatus.TRIGGERS_READY);
            assertThat(triggers.getStatus()).isEqualTo("False");
            assertThat(triggers.getReason()).isEqualTo(FunctionStatus.REASON_RECORDS_EXPIRED);
            assertThat(triggers.getMessage()).isEqualTo(problem);
            Condition ready = condition(fn, FunctionStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
        });
        await().atMost(WITHIN)
                .untilAsserted(() ->
                        assertThat(warnings(fn)).extracting(Event::getMessage).containsExactly(problem));

        StreamStatus caughtUp = new StreamStatus(1, "clicks", 2, 180L, 1L, 180L, AT, null);
        await().atMost(WITHIN).untilAsserted(() -> {
            reportAsTheGatewayDoes(fn, caughtUp);
            assertThat(condition(fn, FunctionStatus.TRIGGERS_READY))
                    .extracting(Condition::getStatus)
                    .isEqualTo("True");
        });
        assertThat(function(fn).getStatus().getStreams()).containsExactly(caughtUp);
        assertThat(warnings(fn)).hasSize(1);
    }

    /**
     * As the gateway's reader does: written again whenever the Function does not show it, since a reconcile that
     * read the Function before the write (the mock server has no server-side apply, so the reconciler carries the
     * member over) may put the older entry back.
     */
    private void reportAsTheGatewayDoes(FunctionId fn, StreamStatus entry) {
        List<StreamStatus> shown = Optional.ofNullable(function(fn).getStatus())
                .map(FunctionStatus::getStreams)
                .orElse(List.of());
        if (shown.equals(List.of(entry))) {
            return;
        }
        client.resources(Function.class)
                .inNamespace(fn.namespace())
                .withName(fn.name())
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/status/streams\",\"value\":"
                                + client.getKubernetesSerialization().asJson(List.of(entry)) + "}]");
    }

    private List<Event> warnings(FunctionId fn) {
        return client.v1().events().inNamespace(fn.namespace()).list().getItems().stream()
                .filter(e -> fn.name().equals(e.getInvolvedObject().getName())
                        && FunctionStatus.REASON_RECORDS_EXPIRED.equals(e.getReason()))
                .toList();
    }

    private Function function(FunctionId id) {
        return client.resources(Function.class)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
    }

    private Condition condition(FunctionId id, String type) {
        return Optional.ofNullable(function(id))
                .map(Function::getStatus)
                .flatMap(status -> status.condition(type))
                .orElse(null);
    }
}
