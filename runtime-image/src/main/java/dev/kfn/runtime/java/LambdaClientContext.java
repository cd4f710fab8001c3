package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.runtime.invoke.ClientContextJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The caller's client context (Lambda's {@code X-Amz-Client-Context}: base64 JSON), as the Java runtime exposes it. */
record LambdaClientContext(Client getClient, Map<String, String> getCustom, Map<String, String> getEnvironment)
        implements ClientContext {

    record AppClient(
            String getInstallationId,
            String getAppTitle,
            String getAppVersionName,
            String getAppVersionCode,
            String getAppPackageName)
            implements Client {}

    /** Empty when absent or unreadable: a malformed context must not fail the invocation. */
    static Optional<ClientContext> parse(String base64) {
        return ClientContextJson.read(base64).map(json -> {
            JsonNode client = json.path("client");
            return new LambdaClientContext(
                    new AppClient(
                            text(client, "installation_id"),
                            text(client, "app_title"),
                            text(client, "app_version_name"),
                            text(client, "app_version_code"),
                            text(client, "app_package_name")),
                    strings(json.path("custom")),
                    strings(json.path("env")));
        });
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
