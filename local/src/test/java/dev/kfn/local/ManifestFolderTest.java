package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Stream;
import dev.kfn.testsupport.FreePorts;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of manifests against the embedded API server: apply, change, delete, and what goes wrong on the way. */
class ManifestFolderTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private EmbeddedApiServer api;
    private ManifestFolder manifests;
    private KubernetesClient racing;
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private static String manifest(String name, String memory) {
        return """
            apiVersion: kfn.dev/v1alpha1
            kind: Function
            metadata:
              name: %s
            spec:
              runtime: java
              handler: example.Hello::handleRequest
              code:
                url: file:target/java-functions.jar
              memory: %s
            """.formatted(name, memory);
    }

    private Function get(String name) {
        return api.client()
                .resources(Function.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    @BeforeEach
    void start() throws Exception {
        api = new EmbeddedApiServer().start(FreePorts.next(), "default");
        Files.writeString(folder.resolve("hello.yaml"), manifest("hello", "256Mi"));
        Files.writeString(folder.resolve("notes.txt"), "not a manifest");
    }

    private void follow(KubernetesClient client) throws Exception {
        manifests = new ManifestFolder(folder, client, "default", problems::add);
        manifests.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (manifests != null) {
            manifests.close();
        }
        if (racing != null) {
            racing.close();
        }
        api.close();
    }

    @Test
    void appliesEveryManifestAndReadsRelativeCodeUrlsAgainstTheFolder() throws Exception {
        follow(api.client());
        Function hello = get("hello");
        assertThat(hello.getSpec().getMemory()).isEqualTo("256Mi");
        assertThat(hello.getSpec().getCode().getUrl())
                .isEqualTo(folder.resolve("target/java-functions.jar").toUri().toString());
        assertThat(problems).isEmpty();
    }

    @Test
    void followsChangedAddedAndDeletedFiles() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("hello.yaml"), manifest("hello", "512Mi"));
        await().atMost(WITHIN)
                .untilAsserted(
                        () -> assertThat(get("hello").getSpec().getMemory()).isEqualTo("512Mi"));

        Files.writeString(folder.resolve("second.yml"), manifest("second", "128Mi"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("second")).isNotNull());

        Files.delete(folder.resolve("hello.yaml"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("hello")).isNull());
        assertThat(get("second")).isNotNull();
    }

    @Test
    void appliesTheStreamsOfAManifestBesideItsFunctionAndDeletesThemWithTheFile() throws Exception {
        Files.copy(Path.of("../examples/clicks.yaml"), folder.resolve("clicks.yaml"));
        follow(api.client());
        Stream clicks = stream("clicks");
        assertThat(clicks).isNotNull();
        assertThat(clicks.getSpec().getPartitions()).isEqualTo(4);
        assertThat(get("click-counter")
                        .getSpec()
                        .getTriggers()
                        .get(0)
                        .getStream()
                        .getName())
                .isEqualTo("clicks");
        assertThat(problems).isEmpty();

        Files.writeString(
                folder.resolve("clicks.yaml"),
                Files.readString(folder.resolve("clicks.yaml")).replace("partitions: 4", "partitions: 2"));
        await().atMost(WITHIN)
                .untilAsserted(() ->
                        assertThat(stream("clicks").getSpec().getPartitions()).isEqualTo(2));

        Files.delete(folder.resolve("clicks.yaml"));
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(stream("clicks")).isNull();
            assertThat(get("click-counter")).isNull();
        });
    }

    private Stream stream(String name) {
        return api.client()
                .resources(Stream.class)
                .inNamespace("default")
                .withName(name)
                .get();
    }

    @Test
    void aFileThatNoLongerHoldsAFunctionDeletesIt() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("hello.yaml"), manifest("renamed", "256Mi"));
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(get("renamed")).isNotNull();
            assertThat(get("hello")).isNull();
        });
    }

    @Test
    void aStatusWrittenBetweenItsReadAndItsWriteIsReadAgainAndTheFolderStillFollowed() throws Exception {
        List<Integer> updates = new CopyOnWriteArrayList<>();
        AtomicBoolean raced = new AtomicBoolean();
        // the operator's status write lands just before the folder's update, whose resourceVersion is then stale
        Interceptor statusWriter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (isUpdateOfHello(request) && raced.compareAndSet(false, true)) {
                    api.client()
                            .resources(Function.class)
                            .inNamespace("default")
                            .withName("hello")
                            .editStatus(fn -> {
                                fn.setStatus(new FunctionStatus().markReadyFromParts());
                                return fn;
                            });
                }
            }

            @Override
            public void after(
                    HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (isUpdateOfHello(request)) {
                    updates.add(response.code());
                }
            }
        };
        racing = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl(api.url())
                        .build())
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("status-writer", statusWriter))
                .build();
        follow(racing);

        Files.writeString(folder.resolve("hello.yaml"), manifest("hello", "512Mi"));
        await().atMost(WITHIN)
                .untilAsserted(
                        () -> assertThat(get("hello").getSpec().getMemory()).isEqualTo("512Mi"));
        assertThat(updates).containsExactly(409, 200);
        assertThat(get("hello").getStatus().isReady()).isTrue();

        Files.delete(folder.resolve("hello.yaml"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("hello")).isNull());
    }

    private static boolean isUpdateOfHello(HttpRequest request) {
        return request.method().equals("PUT") && request.uri().getPath().endsWith("/functions/hello");
    }

    @Test
    void aManifestThatDoesNotParseIsReportedWithItsLineAndChangesNothing() throws Exception {
        follow(api.client());
        Files.writeString(
                folder.resolve("hello.yaml"), manifest("hello", "512Mi").replace("  handler:", "    handler:"));

        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(problems)
                        .contains("hello.yaml: not applied: line 7: mapping values are not allowed here"));
        assertThat(get("hello").getSpec().getMemory()).isEqualTo("256Mi");

        Files.delete(folder.resolve("hello.yaml"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("hello")).isNull());
    }

    @Test
    void aFieldOfTheWrongTypeIsReportedWithItsPathAndLine() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("bad.yaml"), manifest("bad", "[256, 512]"));

        await().atMost(WITHIN)
                .untilAsserted(
                        () -> assertThat(problems)
                                .anySatisfy(
                                        problem -> assertThat(problem)
                                                .startsWith(
                                                        "bad.yaml: not applied: line 10: spec.memory: Cannot deserialize value of type `java.lang.String`")));
        assertThat(get("bad")).isNull();
    }

    @Test
    void aDocumentThatIsNoKubernetesObjectIsReported() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("list.yaml"), "- just\n- a list\n");

        await().atMost(WITHIN)
                .untilAsserted(
                        () -> assertThat(problems)
                                .contains(
                                        "list.yaml: not applied: line 1: not a Kubernetes object: a document needs apiVersion, kind and metadata"));
    }

    @Test
    void aTimeoutOutOfRangeIsReportedWithItsReason() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("bad.yaml"), manifest("bad", "256Mi") + "  timeout: \"9999999999999999h\"\n");

        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(problems)
                        .anySatisfy(problem -> assertThat(problem)
                                .startsWith("bad.yaml: Function bad not applied: spec.timeout: ")
                                .contains("9999999999999999h")));
        assertThat(get("bad")).isNull();
    }

    @Test
    void aNullEnvEntryIsRefusedAndItsFileCanStillBeDeleted() throws Exception {
        follow(api.client());
        Files.writeString(folder.resolve("nulls.yaml"), manifest("nulls", "256Mi") + "  env: [null]\n");
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(problems)
                        .anySatisfy(problem ->
                                assertThat(problem).startsWith("nulls.yaml: Function nulls not applied: spec.env")));
        assertThat(get("nulls")).isNull();

        // the folder is still followed once the file is gone
        Files.delete(folder.resolve("nulls.yaml"));
        Files.writeString(folder.resolve("second.yaml"), manifest("second", "128Mi"));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("second")).isNotNull());
    }
}
