package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A CRD's {@code additionalPrinterColumns} after the name, evaluated as the API server's table convertor does: the
 * first value the JSONPath reaches, typed by the column ({@code date} as an age), null when it reaches nothing.
 */
final class CustomResourceColumns implements TableColumns {

    private final List<Column> columns = new ArrayList<>();
    private final List<CustomResourceColumnDefinition> definitions;
    private final List<JsonPathColumn> paths = new ArrayList<>();

    CustomResourceColumns(List<CustomResourceColumnDefinition> definitions) {
        this.definitions = definitions;
        columns.add(NAME);
        for (CustomResourceColumnDefinition definition : definitions) {
            paths.add(JsonPathColumn.parse(definition.getJsonPath()));
            String description = definition.getDescription() == null
                            || definition.getDescription().isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + definition.getJsonPath()
                    : definition.getDescription();
            columns.add(new Column(
                    definition.getName(),
                    definition.getType(),
                    definition.getFormat() == null ? "" : definition.getFormat(),
                    description,
                    definition.getPriority() == null ? 0 : definition.getPriority()));
        }
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public List<JsonNode> cells(JsonNode object, Instant now) {
        List<JsonNode> cells = new ArrayList<>();
        cells.add(TableColumns.name(object));
        for (int i = 0; i < definitions.size(); i++) {
            List<JsonNode> found = paths.get(i).find(object);
            cells.add(
                    found.isEmpty()
                            ? NullNode.getInstance()
                            : typed(definitions.get(i).getType(), found.get(0), now));
        }
        return cells;
    }

    private static JsonNode typed(String type, JsonNode value, Instant now) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (type) {
            case "integer" -> value.isNumber() ? json.numberNode(value.asLong()) : NullNode.getInstance();
            case "number" -> value.isNumber() ? json.numberNode(value.asDouble()) : NullNode.getInstance();
            case "boolean" -> value.isBoolean() ? value : NullNode.getInstance();
            case "date" -> value.isTextual() ? json.textNode(TableColumns.ageOf(value, now)) : NullNode.getInstance();
            default -> json.textNode(value.isValueNode() ? value.asText() : value.toString());
        };
    }
}
