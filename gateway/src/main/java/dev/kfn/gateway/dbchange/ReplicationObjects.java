package dev.kfn.gateway.dbchange;

import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.DatabaseCredentials;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;

/**
 * What a databaseChange trigger keeps in the database: one publication of its table and one logical replication
 * slot ({@code pgoutput}), both named {@link dev.kfn.contract.ReplicationSlot#name}. Made when its poller first
 * starts, so the slot's first position is where the trigger's changes begin; dropped when the trigger goes.
 */
final class ReplicationObjects {

    /** SQLSTATE of an object made meanwhile by another gateway replica. */
    private static final String DUPLICATE_OBJECT = "42710";

    private ReplicationObjects() {}

    static Connection connect(DatabaseCredentials credentials, boolean replication) throws SQLException {
        Properties properties = new Properties();
        credentials.username().ifPresent(user -> PGProperty.USER.set(properties, user));
        credentials.password().ifPresent(password -> PGProperty.PASSWORD.set(properties, password));
        PGProperty.CONNECT_TIMEOUT.set(properties, 5);
        PGProperty.TCP_KEEP_ALIVE.set(properties, true);
        PGProperty.APPLICATION_NAME.set(properties, "kfn-gateway");
        if (replication) {
            PGProperty.REPLICATION.set(properties, "database");
            PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
            PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        } else {
            PGProperty.SOCKET_TIMEOUT.set(properties, 30);
        }
        return DriverManager.getConnection(credentials.jdbcUrl(), properties);
    }

    /**
     * The table's primary key columns in key order, which become the records' {@code Keys}.
     *
     * @throws SQLException when the table does not exist
     */
    static List<String> primaryKey(Connection admin, DatabaseChangeSource source) throws SQLException {
        try (PreparedStatement exists = admin.prepareStatement("select to_regclass(?)")) {
            exists.setString(1, source.qualifiedTable());
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw new SQLException("table " + source.qualifiedTable() + " does not exist", "42P01");
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement columns = admin.prepareStatement("select a.attname from pg_index i join pg_attribute a"
                + " on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                + " where i.indrelid = to_regclass(?) and i.indisprimary"
                + " order by array_position(i.indkey::int2[], a.attnum)")) {
            columns.setString(1, source.qualifiedTable());
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    static void ensurePublication(Connection admin, DatabaseChangeSource source, String name) throws SQLException {
        if (exists(admin, "select 1 from pg_publication where pubname = ?", name)) {
            return;
        }
        try (Statement create = admin.createStatement()) {
            create.execute("create publication " + quote(name) + " for table " + quote(source.schema()) + "."
                    + quote(source.table()));
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    static void ensureSlot(Connection admin, Connection replication, String name) throws SQLException {
        if (exists(admin, "select 1 from pg_replication_slots where slot_name = ?", name)) {
            return;
        }
        try {
            replication
                    .unwrap(PGConnection.class)
                    .getReplicationAPI()
                    .createReplicationSlot()
                    .logical()
                    .withSlotName(name)
                    .withOutputPlugin("pgoutput")
                    .make();
        } catch (SQLException e) {
            if (!DUPLICATE_OBJECT.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** @return whether both are gone; false while a reader still holds the slot */
    static boolean drop(Connection admin, String name) throws SQLException {
        try (PreparedStatement slot = admin.prepareStatement(
                "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = ? and not"
                        + " active")) {
            slot.setString(1, name);
            slot.execute();
        }
        try (Statement publication = admin.createStatement()) {
            publication.execute("drop publication if exists " + quote(name));
        }
        return !exists(admin, "select 1 from pg_replication_slots where slot_name = ?", name);
    }

    private static boolean exists(Connection admin, String query, String name) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A PostgreSQL identifier, quoted; the names are checked already, this keeps SQL text out of them regardless. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
