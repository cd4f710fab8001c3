package dev.kfn.operator.clusterevent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceWatchTest {

    private static final WatchKey PODS = new WatchKey("v1", "Pod", "shop", Optional.empty());
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    private static GenericKubernetesResource pod(String uid, String resourceVersion) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withNewMetadata()
                .withName("web-" + uid)
                .withNamespace("shop")
                .withUid(uid)
                .withResourceVersion(resourceVersion)
                .endMetadata()
                .build();
    }

    private static ResourceWatch watch(GenericKubernetesResource... existing) {
        WatchedKind kind = new WatchedKind(
                PODS,
                new ResourceDefinitionContext.Builder()
                        .withVersion("v1")
                        .withKind("Pod")
                        .withPlural("pods")
                        .withNamespaced(true)
                        .build());
        return new ResourceWatch(kind, Optional.of("10"), List.of(existing));
    }

    @Test
    void anAddedThatRepeatsAListedObjectIsNoChange() {
        ResourceWatch watch = watch(pod("a", "7"));
        assertThat(watch.change("ADDED", pod("a", "7"), NOW)).isEmpty();
        assertThat(watch.change("ADDED", pod("b", "11"), NOW)).isPresent();
        assertThat(watch.change("ADDED", pod("b", "11"), NOW))
                .as("a reconnect repeating it")
                .isEmpty();
    }

    @Test
    void aModifiedCarriesTheObjectBeforeAndADeletedForgetsIt() {
        ResourceWatch watch = watch(pod("a", "7"));
        ResourceWatch.Change modified =
                watch.change("MODIFIED", pod("a", "12"), NOW).orElseThrow();
        assertThat(modified.before())
                .hasValueSatisfying(
                        b -> assertThat(b.getMetadata().getResourceVersion()).isEqualTo("7"));
        assertThat(watch.change("DELETED", pod("a", "13"), NOW)).isPresent();
        assertThat(watch.change("ADDED", pod("a", "12"), NOW))
                .as("known no more: a new ADDED is a change")
                .isPresent();
    }

    @Test
    void thePositionMovesOnlyWhenTheHeadChangeReachedEveryone() {
        ResourceWatch watch = watch();
        watch.change("ADDED", pod("a", "11"), NOW).ifPresent(watch.pending::addLast);
        watch.change("ADDED", pod("b", "12"), NOW).ifPresent(watch.pending::addLast);
        assertThat(watch.position()).contains("10");
        watch.delivered();
        assertThat(watch.position()).contains("11");
        assertThat(watch.pending).hasSize(1);
    }

    @Test
    void theSameChangeHasTheSameIdAndTheEnvelopeNamesTheObject() {
        GenericKubernetesResource pod = pod("a", "11");
        assertThat(ClusterEventPayload.id("ADDED", pod)).isEqualTo(ClusterEventPayload.id("ADDED", pod("a", "11")));
        assertThat(ClusterEventPayload.id("ADDED", pod)).isNotEqualTo(ClusterEventPayload.id("DELETED", pod));
        assertThat(watch().kind.path(pod)).isEqualTo("/api/v1/namespaces/shop/pods/web-a");
    }
}
