package dev.kfn.operator.clusterevent;

import dev.kfn.testsupport.EventSampleAssert;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterEventPayloadTest {

    /** {@code kfn events clusterEvent} prints what this builder writes for a Pod created in namespace shop. */
    @Test
    void theSampleEventIsThisBuildersOutput() {
        GenericKubernetesResource pod = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"web-1","namespace":"shop","uid":"6f1c2b9e-3d4a-4c7b-9e21-0a5b8f3c2d11",
                             "resourceVersion":"48213","labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"web","image":"nginx:1.27"}]},
                 "status":{"phase":"Pending"}}""", GenericKubernetesResource.class);
        byte[] built = ClusterEventPayload.of(
                new WatchKey("v1", "Pod", "shop", Optional.of("app=web")),
                "ADDED",
                pod,
                Optional.empty(),
                "/api/v1/namespaces/shop/pods/web-1",
                "us-east-1",
                Instant.parse("2026-12-02T09:30:00Z"));
        EventSampleAssert.isTheSample(built, "clusterEvent");
    }
}
