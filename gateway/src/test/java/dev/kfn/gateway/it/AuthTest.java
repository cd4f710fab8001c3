package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-function auth with the gateway's auth switched on (test profile: functions without a policy stay open).
 * DryRun checks the caller exactly as a real call does and runs nothing, so no instance is needed.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthTest {

    private static final String KEY = "k-" + UUID.randomUUID();
    private static final String UNREAD_KEY = "u-" + UUID.randomUUID();

    @Inject
    KubernetesClient client;

    private final String namespace = "gw-" + UUID.randomUUID().toString().substring(0, 8);
    private final String otherNamespace = "gw-" + UUID.randomUUID().toString().substring(0, 8);
    private Gateway gateway;

    @BeforeAll
    void createFunctionsAndKeys() {
        gateway = new Gateway();
        create(new FunctionId(namespace, "open"), Map.of());
        create(new FunctionId(namespace, "keyed"), Map.of("kfn.dev/auth", "apiKey"));
        create(new FunctionId(namespace, "tokened"), Map.of("kfn.dev/auth", "jwt"));
        create(new FunctionId(otherNamespace, "keyed"), Map.of("kfn.dev/auth", "apiKey"));
        putApiKeys(namespace, Map.of("ci", KEY));
        // a Secret of any other name is not read, whatever it holds or is labelled
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("caller")
                        .withNamespace(namespace)
                        .addToLabels("kfn.dev/api-key", "true")
                        .endMetadata()
                        .addToData("key", encoded(UNREAD_KEY))
                        .build())
                .create();
        awaitStatus(namespace, KEY, 204);
    }

    @AfterAll
    void deleteThem() {
        TestFunctions.deleteAll(client, namespace, Duration.ofSeconds(10));
        TestFunctions.deleteAll(client, otherNamespace, Duration.ofSeconds(10));
        client.secrets().inNamespace(namespace).delete();
        client.secrets().inNamespace(otherNamespace).delete();
    }

    /** The policy here is the annotation kfn.dev/auth, as Functions written before spec.auth carry it. */
    private void create(FunctionId id, Map<String, String> annotations) {
        TestFunctions.create(client, TestFunctions.java(id, annotations, spec -> {}));
    }

    private HttpResponse<byte[]> dryRun(String ns, String name, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-Amz-Invocation-Type", "DryRun");
        return gateway.post(Gateway.invokePath(new FunctionId(ns, name)), all, new byte[0]);
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains(type);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain(KEY);
    }

    @Test
    void unauthenticatedLargeBodyIsRefusedBeforeAByteOfItIsSent() throws Exception {
        try (Socket socket = new Socket(gateway.base().getHost(), gateway.base().getPort())) {
            // guards the read only: a gateway waiting for the body would never answer
            socket.setSoTimeout((int) Gateway.CALL_LIMIT.toMillis());
            String path = Gateway.invokePath(new FunctionId(namespace, "keyed"));
            socket.getOutputStream()
                    .write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 7000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 401");
        }
    }

    /** The read API shows a caller exactly the functions it may invoke, so one team never learns another's names. */
    @Test
    void listFunctionsShowsOnlyWhatTheCallerMayInvoke() {
        assertThat(listed(Map.of())).containsExactly(namespace + "/open");
        assertThat(listed(Map.of("X-Api-Key", KEY))).containsExactly(namespace + "/keyed", namespace + "/open");
        HttpResponse<byte[]> other =
                gateway.send(gateway.request("/2015-03-31/functions/" + otherNamespace + "%2Fkeyed/configuration")
                        .header("X-Api-Key", KEY));
        assertError(other, 403, "AccessDeniedException");
    }

    private List<String> listed(Map<String, String> headers) {
        HttpRequest.Builder request = gateway.request("/2015-03-31/functions/?MaxItems=10000");
        headers.forEach(request::header);
        HttpResponse<byte[]> response = gateway.send(request);
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        Gateway.json(response.body()).path("Functions").forEach(fn -> {
            String arn = fn.path("FunctionArn").asText();
            String ns = arn.split(":")[4];
            if (ns.equals(namespace) || ns.equals(otherNamespace)) {
                names.add(ns + "/" + fn.path("FunctionName").asText());
            }
        });
        return names;
    }

    @Test
    void functionWithoutPolicyNeedsNoCredentials() {
        assertThat(dryRun(namespace, "open", Map.of()).statusCode()).isEqualTo(204);
    }

    @Test
    void apiKeyFromASecretOpensTheFunctionsOfItsNamespaceOnly() {
        assertThat(dryRun(namespace, "keyed", Map.of("X-Api-Key", KEY)).statusCode())
                .isEqualTo(204);
        assertError(dryRun(namespace, "keyed", Map.of()), 401, "UnauthorizedException");
        assertError(dryRun(namespace, "keyed", Map.of("X-Api-Key", KEY + "x")), 401, "UnauthorizedException");
        assertError(dryRun(otherNamespace, "keyed", Map.of("X-Api-Key", KEY)), 403, "AccessDeniedException");
    }

    @Test
    void keysAreRotatedByEditingTheEntriesOfKfnApiKeysAndRevokedWithIt() {
        String old = "old-" + UUID.randomUUID();
        String next = "new-" + UUID.randomUUID();
        putApiKeys(otherNamespace, Map.of("ci", old));
        awaitStatus(otherNamespace, old, 204);

        putApiKeys(otherNamespace, Map.of("ci", old, "ci-next", next));
        awaitStatus(otherNamespace, next, 204);
        assertThat(dryRun(otherNamespace, "keyed", Map.of("X-Api-Key", old)).statusCode())
                .isEqualTo(204);

        putApiKeys(otherNamespace, Map.of("ci-next", next));
        awaitStatus(otherNamespace, old, 401);
        assertThat(dryRun(otherNamespace, "keyed", Map.of("X-Api-Key", next)).statusCode())
                .isEqualTo(204);

        client.secrets().inNamespace(otherNamespace).withName("kfn-api-keys").delete();
        awaitStatus(otherNamespace, next, 401);
    }

    @Test
    void aSecretOfAnotherNameIsNeverRead() {
        assertError(dryRun(namespace, "keyed", Map.of("X-Api-Key", UNREAD_KEY)), 401, "UnauthorizedException");
    }

    /** Polls for as long as the Secret informer may take on a loaded machine to see an edit. */
    private void awaitStatus(String ns, String key, int status) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> dryRun(ns, "keyed", Map.of("X-Api-Key", key)).statusCode() == status);
    }

    /** Creates or replaces the namespace's kfn-api-keys, one data entry per key. */
    private void putApiKeys(String ns, Map<String, String> keys) {
        Map<String, String> data = new HashMap<>();
        keys.forEach((entry, key) -> data.put(entry, encoded(key)));
        client.secrets()
                .inNamespace(ns)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kfn-api-keys")
                        .withNamespace(ns)
                        .endMetadata()
                        .withData(data)
                        .build())
                .createOr(existing -> existing.update());
    }

    private static String encoded(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokenWithAnInvokeGroupOpensTheFunction() {
        String namespaceToken = Jwt.issuer("https://kfn.dev")
                .subject("ci")
                .groups(Set.of("kfn:invoke:" + namespace))
                .sign();
        String functionToken = Jwt.issuer("https://kfn.dev")
                .subject("ci")
                .groups(Set.of("kfn:invoke:" + namespace + "/tokened"))
                .sign();
        String otherToken = Jwt.issuer("https://kfn.dev")
                .subject("ci")
                .groups(Set.of("kfn:invoke:" + otherNamespace))
                .sign();

        assertThat(dryRun(namespace, "tokened", Map.of("Authorization", "Bearer " + namespaceToken))
                        .statusCode())
                .isEqualTo(204);
        assertThat(dryRun(namespace, "tokened", Map.of("Authorization", "Bearer " + functionToken))
                        .statusCode())
                .isEqualTo(204);
        assertError(
                dryRun(namespace, "tokened", Map.of("Authorization", "Bearer " + otherToken)),
                403,
                "AccessDeniedException");
        assertError(dryRun(namespace, "tokened", Map.of()), 401, "UnauthorizedException");
    }

    @Test
    void tokenFromAnotherIssuerOrKeyIsRefused() throws Exception {
        var foreignKey = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate();
        String forged =
                Jwt.issuer("https://kfn.dev").groups(Set.of("kfn:invoke:*")).sign(foreignKey);
        String wrongIssuer = Jwt.issuer("https://elsewhere.example")
                .groups(Set.of("kfn:invoke:*"))
                .sign();

        assertError(
                dryRun(namespace, "tokened", Map.of("Authorization", "Bearer " + forged)),
                401,
                "UnauthorizedException");
        assertError(
                dryRun(namespace, "tokened", Map.of("Authorization", "Bearer " + wrongIssuer)),
                401,
                "UnauthorizedException");
        assertError(
                dryRun(namespace, "tokened", Map.of("Authorization", "AWS4-HMAC-SHA256 Credential=x")),
                401,
                "UnauthorizedException");
    }
}
