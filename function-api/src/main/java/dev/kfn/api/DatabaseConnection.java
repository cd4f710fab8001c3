package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * How kfn reaches a database: a connection of the namespace's Secret {@value #SECRET}, so no credential is in the
 * manifest and the gateway reads that one Secret by name, never any other (as with {@code kfn-api-keys}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseConnection {

    /** The Secret of a namespace that holds its database connections. */
    public static final String SECRET = "kfn-databases";

    /** A connection's keys in {@value #SECRET}: {@code <name>.jdbcUrl}, {@code <name>.username}, ... */
    public static final String JDBC_URL = "jdbcUrl";

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";

    public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    @Required
    @Pattern(NAME_PATTERN)
    @JsonPropertyDescription("A connection of the namespace's Secret kfn-databases: its keys <name>.jdbcUrl"
            + " (jdbc:postgresql://host:5432/db), <name>.username and <name>.password (optional).")
    private String name;

    public static String key(String connection, String key) {
        return connection + "." + key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
