package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An object or a list as a {@code meta.k8s.io/v1} Table, what kubectl asks for ({@code Accept:
 * application/json;as=Table;v=v1;g=meta.k8s.io}) and prints columns from. Each row carries the object's metadata
 * unless the request says otherwise ({@code includeObject=None|Object}), as the API server does.
 */
final class TableConversion {

    static final String MEDIA_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private TableConversion() {}

    /** Whether an Accept header asks for a Table. */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    static ObjectNode of(JsonNode body, TableColumns columns, String includeObject, Instant now) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode table = json.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        JsonNode source = body.path("metadata");
        if (source.hasNonNull("resourceVersion")) {
            metadata.put("resourceVersion", source.path("resourceVersion").asText());
        }
        if (source.hasNonNull("continue")) {
            metadata.put("continue", source.path("continue").asText());
        }
        var definitions = table.putArray("columnDefinitions");
        for (TableColumns.Column column : columns.columns()) {
            definitions
                    .addObject()
                    .put("name", column.name())
                    .put("type", column.type())
                    .put("format", column.format())
                    .put("description", column.description())
                    .put("priority", column.priority());
        }
        var rows = table.putArray("rows");
        List<JsonNode> objects = new ArrayList<>();
        if (body.has("items")) {
            body.path("items").forEach(objects::add);
        } else {
            objects.add(body);
        }
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            row.putArray("cells").addAll(columns.cells(object, now));
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> {}
                case "Object" -> row.set("object", object);
                default ->
                    row.set(
                            "object",
                            json.objectNode()
                                    .put("kind", "PartialObjectMetadata")
                                    .put("apiVersion", "meta.k8s.io/v1")
                                    .set("metadata", object.path("metadata")));
            }
        }
        return table;
    }
}
