package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.testsupport.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of manifests against the embedded API server: apply, change, delete. */
class ManifestFolderTest {

    @TempDir
    Path folder;

    private EmbeddedApiServer api;
    private ManifestFolder manifests;

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
        return api.client().resources(Function.class).inNamespace("default").withName(name).get();
    }

    @BeforeEach
    void start() throws Exception {
        api = new EmbeddedApiServer().start(FreePorts.next(), "default", Map.of("username", "guest", "password", "guest"));
        Files.writeString(folder.resolve("hello.yaml"), manifest("hello", "256Mi"));
        Files.writeString(folder.resolve("notes.txt"), "not a manifest");
        manifests = new ManifestFolder(folder, api.client(), "default", fn -> { });
        manifests.start();
    }

    @AfterEach
    void stop() throws Exception {
        manifests.close();
        api.close();
    }

    @Test
    void appliesEveryManifestAndReadsRelativeCodeUrlsAgainstTheFolder() {
        Function hello = get("hello");
        assertThat(hello.getSpec().getMemory()).isEqualTo("256Mi");
        assertThat(hello.getSpec().getCode().getUrl()).isEqualTo(folder.resolve("target/java-functions.jar").toUri().toString());
    }

    @Test
    void followsChangedAddedAndDeletedFiles() throws Exception {
        Files.writeString(folder.resolve("hello.yaml"), manifest("hello", "512Mi"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("hello").getSpec().getMemory()).isEqualTo("512Mi"));

        Files.writeString(folder.resolve("second.yml"), manifest("second", "128Mi"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("second")).isNotNull());

        Files.delete(folder.resolve("hello.yaml"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("hello")).isNull());
        assertThat(get("second")).isNotNull();
    }

    @Test
    void aFileThatNoLongerHoldsAFunctionDeletesIt() throws Exception {
        Files.writeString(folder.resolve("hello.yaml"), manifest("renamed", "256Mi"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("renamed")).isNotNull();
            assertThat(get("hello")).isNull();
        });
    }
}
