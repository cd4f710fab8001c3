package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageCollectorTest {

    private static final String NAMESPACE = "default";

    private EmbeddedApiServer api;
    private GarbageCollector collector;

    @BeforeAll
    void start() {
        api = new EmbeddedApiServer().start(FreePorts.next(), NAMESPACE);
        collector = new GarbageCollector(api.client()).start();
    }

    @AfterAll
    void stop() {
        collector.close();
        api.close();
    }

    private KubernetesClient client() {
        return api.client();
    }

    @Test
    void deletingAFunctionDeletesTheSecretItOwnsAndNothingElse() {
        Function fn = TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "owner")));
        Function other = TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "bystander")));
        secret("owner-broker", List.of(ownedBy(fn)));
        secret("bystander-broker", List.of(ownedBy(other)));
        secret("hand-made", List.of());

        client().resource(fn).delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> get("owner-broker") == null);
        assertThat(get("bystander-broker")).isNotNull();
        assertThat(get("hand-made")).isNotNull();
    }

    @Test
    void anOwnerMadeAgainUnderItsNameIsAnotherObject() {
        Function first = TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "again")));
        OwnerReference toFirst = ownedBy(first);
        client().resource(first).delete();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client().resources(Function.class)
                                .inNamespace(NAMESPACE)
                                .withName("again")
                                .get()
                        == null);
        TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "again")));
        secret("again-broker", List.of(toFirst));

        await().atMost(Duration.ofSeconds(10)).until(() -> get("again-broker") == null);
    }

    @Test
    void anObjectStaysWhileOneOfItsOwnersDoes() {
        Function gone = TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "gone")));
        Function stays = TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "stays")));
        secret("shared", List.of(ownedBy(gone), ownedBy(stays)));
        secret("gone-only", List.of(ownedBy(gone)));

        client().resource(gone).delete();

        // the sweep that takes gone-only has looked at shared too
        await().atMost(Duration.ofSeconds(10)).until(() -> get("gone-only") == null);
        assertThat(get("shared")).isNotNull();
    }

    private static OwnerReference ownedBy(Function fn) {
        return new OwnerReferenceBuilder()
                .withApiVersion(fn.getApiVersion())
                .withKind(fn.getKind())
                .withName(fn.getMetadata().getName())
                .withUid(fn.getMetadata().getUid())
                .withController(true)
                .build();
    }

    private void secret(String name, List<OwnerReference> owners) {
        client().secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withOwnerReferences(owners)
                        .endMetadata()
                        .withStringData(Map.of("password", "p"))
                        .build())
                .create();
    }

    private Secret get(String name) {
        return client().secrets().inNamespace(NAMESPACE).withName(name).get();
    }
}
