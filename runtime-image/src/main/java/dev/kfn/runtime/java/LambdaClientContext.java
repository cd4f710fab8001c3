package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The caller's client context (Lambda's {@code X-Amz-Client-Context}: base64 JSON), as the Java runtime exposes it. */
record LambdaClientContext(Client getClient, Map<String, String> getCustom, Map<String, String> getEnvironment)
    implements ClientContext {

    private static final ObjectMapper JSON = new ObjectMapper();

    record AppClient(String getInstallationId, String getAppTitle, String getAppVersionName, String getAppVersionCode,
                     String getAppPackageName) implements Client {
    }

    /** Empty when absent or unreadable: a malformed context must not fail the invocation. */
    static Optional<ClientContext> parse(String base64) {
        try {
            JsonNode json = JSON.readTree(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
            JsonNode client = json.path("client");
            return Optional.of(new LambdaClientContext(
                new AppClient(text(client, "installation_id"), text(client, "app_title"), text(client, "app_version_name"),
                    text(client, "app_version_code"), text(client, "app_package_name")),
                strings(json.path("custom")), strings(json.path("env"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
