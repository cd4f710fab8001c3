package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kfn.contract.Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRD in crds/ is what the model generates, and it carries Lambda's bounds for the API server to enforce. */
class FunctionCrdTest {

    private static final Path COMMITTED = Path.of("../crds/functions.kfn.dev-v1.yml");

    private final JsonNode crd = read(COMMITTED);
    private final JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");

    @ParameterizedTest
    @ValueSource(strings = {"functions.kfn.dev-v1.yml", "topics.kfn.dev-v1.yml", "streams.kfn.dev-v1.yml"})
    void crdsAndTheChartCarryEveryGeneratedCrd(String file) throws IOException {
        String generated =
                Files.readString(Path.of("target/classes/META-INF/fabric8").resolve(file));
        assertThat(Files.readString(Path.of("../crds").resolve(file)))
                .as("crds/%s is stale: copy it from target/classes/META-INF/fabric8", file)
                .isEqualTo(generated);
        assertThat(Files.readString(Path.of("../charts/kfn/files/crds").resolve(file)))
                .as("charts/kfn/files/crds/%s is stale: copy it from crds/", file)
                .isEqualTo(generated);
    }

    @Test
    void namesTheResourceFunctionWithShortNameFn() {
        assertThat(crd.at("/spec/group").asText()).isEqualTo("kfn.dev");
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo("Function");
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("fn");
        assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
        assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    }

    @Test
    void printsReadyReplicasAndAgeForKubectlGet() {
        assertThat(crd.at("/spec/versions/0/additionalPrinterColumns").findValuesAsText("name"))
                .contains("Ready", "Replicas", "Age");
    }

    @Test
    void boundsMemoryTimeoutAndStorageWithCelRules() {
        assertThat(spec.at("/memory/default").asText()).isEqualTo("128Mi");
        assertThat(spec.at("/memory/x-kubernetes-validations/0/rule").asText())
                .contains("quantity('128Mi')")
                .contains("quantity('10Gi')");
        assertThat(spec.at("/timeout/default").asText()).isEqualTo("3s");
        assertThat(spec.at("/timeout/x-kubernetes-validations/0/rule").asText())
                .contains("duration('1s')")
                .contains("duration('900s')");
        assertThat(spec.at("/ephemeralStorage/x-kubernetes-validations/0/rule").asText())
                .contains("quantity('512Mi')")
                .contains("quantity('10Gi')");
    }

    @Test
    void boundsConcurrencyAndRetries() {
        assertThat(spec.at("/concurrency/properties/perInstance/minimum").asInt())
                .isEqualTo(1);
        assertThat(spec.at("/concurrency/properties/perInstance/maximum").asInt())
                .isEqualTo(1000);
        assertThat(spec.at("/concurrency/x-kubernetes-validations/0/rule").asText())
                .contains("self.provisioned <= self.reserved");
        assertThat(spec.at("/async/properties/maxRetries/maximum").asInt()).isEqualTo(2);
    }

    @Test
    void requiresCodeAndRuntimeAndExactlyOneCodeSource() {
        assertThat(crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/required"))
                .extracting(JsonNode::asText)
                .contains("code", "runtime");
        assertThat(spec.at("/code/x-kubernetes-validations/0/rule").asText())
                .isEqualTo("has(self.image) != has(self.url)");
        assertThat(spec.at("/runtime/pattern").asText()).isEqualTo(Runtime.PATTERN);
    }

    @Test
    void describesEveryTriggerKind() {
        assertThat(spec.at("/triggers/items/properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "http",
                        "schedule",
                        "queue",
                        "topic",
                        "stream",
                        "objectStore",
                        "clusterEvent",
                        "websocket",
                        "databaseChange");
    }

    private static JsonNode read(Path path) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
