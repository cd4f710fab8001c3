package dev.kfn.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourceColumnsTest {

    private static CustomResourceColumnDefinition column(String name, String type, String path, int priority) {
        CustomResourceColumnDefinition column = new CustomResourceColumnDefinition();
        column.setName(name);
        column.setType(type);
        column.setJsonPath(path);
        column.setPriority(priority);
        return column;
    }

    @Test
    void typesEachCellByItsColumnAndLeavesWhatIsMissingNull() throws Exception {
        CustomResourceColumns columns = new CustomResourceColumns(List.of(
                column("Age", "date", ".metadata.creationTimestamp", 0),
                column("Replicas", "integer", ".status.replicas", 0),
                column("Endpoint", "string", ".status.endpoint", 1)));
        JsonNode fn = new ObjectMapper().readTree("""
            {"metadata": {"name": "hello", "creationTimestamp": "2026-01-01T00:00:00Z"}, "status": {"replicas": 3}}
            """);

        List<JsonNode> cells = columns.cells(fn, Instant.parse("2026-01-01T00:03:12Z"));

        assertThat(columns.columns())
                .extracting(TableColumns.Column::name)
                .containsExactly("Name", "Age", "Replicas", "Endpoint");
        assertThat(columns.columns()).extracting(TableColumns.Column::priority).containsExactly(0, 0, 0, 1);
        assertThat(cells.get(0).asText()).isEqualTo("hello");
        assertThat(cells.get(1).asText()).isEqualTo("3m12s");
        assertThat(cells.get(2).isIntegralNumber()).isTrue();
        assertThat(cells.get(2).asLong()).isEqualTo(3);
        assertThat(cells.get(3).isNull()).isTrue();
    }
}
