package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.Stream;
import dev.kfn.api.StreamSpec;
import dev.kfn.contract.StreamTopology;
import dev.kfn.gateway.streamfunctions.KinesisRecorder;
import dev.kfn.testsupport.TaskRoots;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.joda.time.DateTime;

/** Streams for the gateway's stream tests: made in the mock API, and read by {@link KinesisRecorder} hosts. */
final class TestStreams {

    private final KubernetesClient client;
    private final Gateway gateway;
    private final String namespace;

    TestStreams(KubernetesClient client, Gateway gateway, String namespace) {
        this.client = client;
        this.gateway = gateway;
        this.namespace = namespace;
    }

    /** A Stream of the namespace, once the gateway's informer has it (a put is no longer NotFound). */
    StreamTopology create(String name, int partitions, Consumer<StreamSpec> change) {
        Stream stream = new Stream();
        stream.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        StreamSpec spec = new StreamSpec();
        spec.setPartitions(partitions);
        change.accept(spec);
        stream.setSpec(spec);
        client.resource(stream).create();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<byte[]> empty = gateway.post("/streams/" + namespace + "/" + name, Map.of(), new byte[0]);
            assertThat(empty.statusCode())
                    .as(new String(empty.body(), StandardCharsets.UTF_8))
                    .isEqualTo(400);
        });
        return new StreamTopology(
                namespace,
                name,
                partitions,
                Optional.empty(),
                bytes(spec.getMaxBytes()),
                bytes(spec.getSegmentBytes()));
    }

    private static OptionalLong bytes(Long bytes) {
        return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
    }

    /** A key that Kinesis's rule puts in {@code partition}. */
    static String keyIn(StreamTopology stream, int partition) {
        return IntStream.range(0, 10_000)
                .mapToObj(i -> "key-" + i)
                .filter(k -> stream.partitionOf(k) == partition)
                .findFirst()
                .orElseThrow();
    }

    /** The recorder's task root; joda-time: Lambda's event serializers load it for every event type. */
    static Path recorder() {
        return TaskRoots.java(
                KinesisRecorder.class,
                KinesisEvent.class,
                DateTime.class,
                ObjectMapper.class,
                JsonFactory.class,
                JsonAutoDetect.class);
    }
}
