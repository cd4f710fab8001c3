package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.runtime.code.ArchiveServer;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import dev.kfn.testsupport.TestTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code code.url} that cannot become the task root is the function's init error, answered to the caller in
 * Lambda's shape, never a hang or a crash; the instance stays up and not ready, and the next invocation fetches
 * again.
 */
class CodeUrlIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestTopology topology;
    private Messages messages;
    private FunctionId shout;
    private Path archive;

    @BeforeEach
    void topology() throws Exception {
        topology = new TestTopology("rt-code");
        messages = new Messages(topology.channel());
        shout = topology.function("shout");
        archive = TaskRoots.zip(TestHosts.taskRoot());
    }

    @AfterEach
    void close() throws Exception {
        messages.close();
        topology.close();
    }

    private HostProcess host(ArchiveServer server) throws Exception {
        return TestHosts.java(shout, "dev.kfn.testfunctions.Plain::shout")
                .env(HostEnvironment.CODE_URL, server.url())
                .env(
                        "KFN_TASK_ROOT",
                        Files.createTempDirectory(Path.of("target"), "fetched-task-")
                                .toAbsolutePath());
    }

    /** The host is up and consuming, but not ready: it waits for a fetch that works. */
    private static void awaitConsuming(HostProcess host) throws Exception {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> host.log().contains("Consuming kfn."));
    }

    private JsonNode initError(String payload) throws Exception {
        GetResponse reply = messages.reply(messages.call(shout, payload, WAIT), WAIT);
        assertThat(Messages.header(reply, InvocationHeaders.FUNCTION_ERROR)).isEqualTo("Unhandled");
        return JSON.readTree(reply.getBody());
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() throws Exception {
        try (ArchiveServer server = new ArchiveServer(archive);
                HostProcess host = host(server).start()) {
            awaitConsuming(host);
            JsonNode error = initError("\"hi\"");
            assertThat(error.path("errorType").asText()).isEqualTo("Runtime.CodeURLRefused");
            assertThat(error.path("errorMessage").asText()).contains(server.url(), "use https");
            assertThat(host.ready()).isFalse();
            assertThat(host.status(HostEnvironment.LIVENESS_PATH)).isEqualTo(200);
        }
    }

    @Test
    void anArchiveWithAnotherDigestIsTheInitErrorUntilTheRightOneIsServed() throws Exception {
        Path other = Files.createTempFile(Path.of("target"), "other-", ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new ZipEntry("dev/kfn/testfunctions/Plain.class"));
            zip.write(new byte[] {1, 2, 3});
        }
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
        try (ArchiveServer server = new ArchiveServer(other);
                HostProcess host = host(server)
                        .env(HostEnvironment.CODE_ALLOW_HTTP, true)
                        .env(HostEnvironment.CODE_SHA256, sha256)
                        .start()) {
            awaitConsuming(host);
            JsonNode error = initError("\"hi\"");
            assertThat(error.path("errorType").asText()).isEqualTo("Runtime.CodeDigestMismatch");
            assertThat(error.path("errorMessage").asText()).contains("code.sha256 is " + sha256);
            assertThat(host.ready()).isFalse();

            server.serve(archive, ArchiveServer.Mode.WHOLE);
            String id = messages.call(shout, "\"hi\"", WAIT);
            assertThat(Messages.body(messages.reply(id, WAIT))).isEqualTo("\"HI!\"");
            host.awaitReady();
        }
    }

    @Test
    void aServerThatStallsEndsAsAnInitErrorNotAHang() throws Exception {
        try (ArchiveServer server = new ArchiveServer(archive).mode(ArchiveServer.Mode.STALL);
                HostProcess host = host(server)
                        .env(HostEnvironment.CODE_ALLOW_HTTP, true)
                        .env("KFN_CODE_READ_TIMEOUT", "1s")
                        .start()) {
            awaitConsuming(host);
            JsonNode error = initError("\"hi\"");
            assertThat(error.path("errorType").asText()).isEqualTo("Runtime.CodeDownloadFailed");
            assertThat(error.path("errorMessage").asText()).contains("timed out");
            assertThat(host.alive()).isTrue();
        }
    }
}
