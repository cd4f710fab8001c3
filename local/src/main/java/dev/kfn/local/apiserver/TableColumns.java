package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** How one kind prints as rows of a {@code meta.k8s.io/v1} Table: its columns, and the cells of one object. */
interface TableColumns {

    /** A {@code TableColumnDefinition}; kubectl shows columns of priority 0 always and the others with {@code -o wide}. */
    record Column(String name, String type, String format, String description, int priority) {

        static Column of(String name, String type, int priority, String description) {
            return new Column(name, type, "", description, priority);
        }
    }

    Column NAME = new Column("Name", "string", "name", "Name must be unique within a namespace.", 0);
    Column AGE = Column.of(
            "Age",
            "string",
            0,
            "CreationTimestamp is a timestamp representing the server time when this object was created.");
    String NONE = "<none>";

    List<Column> columns();

    List<JsonNode> cells(JsonNode object, Instant now);

    /** The columns a real API server prints for the resource: its CRD's, the built-in printer's, or name and age. */
    static TableColumns of(ServedResource resource) {
        if (!resource.printerColumns().isEmpty()) {
            try {
                return new CustomResourceColumns(resource.printerColumns());
            } catch (IllegalArgumentException e) {
                // as the API server does with a column it cannot parse
                return new NameAgeColumns();
            }
        }
        if (resource.isCore() && resource.kind().equals("Pod")) {
            return new PodColumns();
        }
        if (resource.group().equals("apps") && resource.kind().equals("Deployment")) {
            return new DeploymentColumns();
        }
        return new NameAgeColumns();
    }

    static JsonNode name(JsonNode object) {
        return TextNode.valueOf(object.path("metadata").path("name").asText());
    }

    static JsonNode age(JsonNode object, Instant now) {
        return TextNode.valueOf(ageOf(object.path("metadata").path("creationTimestamp"), now));
    }

    /** A timestamp as an age: {@code <unknown>} when absent, {@code <invalid>} when not a time. */
    static String ageOf(JsonNode timestamp, Instant now) {
        if (!timestamp.isTextual() || timestamp.asText().isEmpty()) {
            return "<unknown>";
        }
        try {
            return HumanDuration.of(Duration.between(Instant.parse(timestamp.asText()), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    static JsonNode number(long value) {
        return JsonNodeFactory.instance.numberNode(value);
    }

    static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }
}
