package dev.kfn.api;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * One connection of a namespace's {@value DatabaseConnection#SECRET} Secret, as the gateway reads it to stream a
 * table's changes. Pure.
 */
public record DatabaseCredentials(String jdbcUrl, Optional<String> username, Optional<String> password) {

    /** @throws IllegalArgumentException saying what the Secret lacks */
    public static DatabaseCredentials from(String namespace, String connection, Secret secret) {
        if (secret == null) {
            throw new IllegalArgumentException("Secret " + DatabaseConnection.SECRET + " not found in namespace "
                    + namespace + "; put the connection there as " + key(connection, DatabaseConnection.JDBC_URL)
                    + ", " + key(connection, DatabaseConnection.USERNAME) + " and "
                    + key(connection, DatabaseConnection.PASSWORD));
        }
        Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
        String urlKey = key(connection, DatabaseConnection.JDBC_URL);
        String url = value(data, urlKey)
                .orElseThrow(() ->
                        new IllegalArgumentException("Secret " + DatabaseConnection.SECRET + " has no key " + urlKey));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Secret " + DatabaseConnection.SECRET + ": " + urlKey
                    + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database)");
        }
        return new DatabaseCredentials(
                url,
                value(data, key(connection, DatabaseConnection.USERNAME)),
                value(data, key(connection, DatabaseConnection.PASSWORD)));
    }

    private static String key(String connection, String key) {
        return DatabaseConnection.key(connection, key);
    }

    private static Optional<String> value(Map<String, String> data, String key) {
        return Optional.ofNullable(data.get(key))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
                .filter(v -> !v.isEmpty());
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "DatabaseCredentials[" + jdbcUrl + ", " + username.orElse("-") + "]";
    }
}
