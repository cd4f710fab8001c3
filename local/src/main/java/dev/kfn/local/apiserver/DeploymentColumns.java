package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The columns the API server's deployment printer gives: ready of desired, up to date, available, age, and wide: containers, images, selector. */
final class DeploymentColumns implements TableColumns {

    private static final List<Column> COLUMNS = List.of(
            NAME,
            Column.of("Ready", "string", 0, "Number of the pod with ready state"),
            Column.of(
                    "Up-to-date",
                    "string",
                    0,
                    "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            Column.of(
                    "Available",
                    "string",
                    0,
                    "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            AGE,
            Column.of("Containers", "string", 1, "Names of each container in the template."),
            Column.of("Images", "string", 1, "Images referenced by each container in the template."),
            Column.of(
                    "Selector",
                    "string",
                    1,
                    "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<JsonNode> cells(JsonNode deployment, Instant now) {
        JsonNode spec = deployment.path("spec");
        JsonNode status = deployment.path("status");
        JsonNode containers = spec.path("template").path("spec").path("containers");
        return List.of(
                TableColumns.name(deployment),
                TableColumns.text(status.path("readyReplicas").asLong() + "/"
                        + spec.path("replicas").asLong(1)),
                TableColumns.number(status.path("updatedReplicas").asLong()),
                TableColumns.number(status.path("availableReplicas").asLong()),
                TableColumns.age(deployment, now),
                TableColumns.text(joined(containers, "name")),
                TableColumns.text(joined(containers, "image")),
                TableColumns.text(selector(spec.path("selector"))));
    }

    private static String joined(JsonNode containers, String field) {
        return StreamSupport.stream(containers.spliterator(), false)
                .map(c -> c.path(field).asText())
                .collect(Collectors.joining(","));
    }

    private static String selector(JsonNode selector) {
        List<String> terms = new ArrayList<>();
        selector.path("matchLabels")
                .fields()
                .forEachRemaining(label ->
                        terms.add(label.getKey() + "=" + label.getValue().asText()));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String values = StreamSupport.stream(expression.path("values").spliterator(), false)
                    .map(JsonNode::asText)
                    .collect(Collectors.joining(","));
            String operator = expression.path("operator").asText();
            String key = expression.path("key").asText();
            terms.add(
                    switch (operator) {
                        case "Exists" -> key;
                        case "DoesNotExist" -> "!" + key;
                        default -> key + " " + operator.toLowerCase() + " (" + values + ")";
                    });
        }
        return terms.isEmpty() ? NONE : String.join(",", terms);
    }
}
