package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Name and age: what a CRD without printer columns prints, and here every built-in kind without a printer of its own. */
final class NameAgeColumns implements TableColumns {

    @Override
    public List<Column> columns() {
        return List.of(NAME, AGE);
    }

    @Override
    public List<JsonNode> cells(JsonNode object, Instant now) {
        return List.of(TableColumns.name(object), TableColumns.age(object, now));
    }
}
