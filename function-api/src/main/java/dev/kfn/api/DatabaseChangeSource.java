package dev.kfn.api;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.QueueNames;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A databaseChange trigger read and checked, with Lambda's rules for DynamoDB Streams: what the gateway's poller
 * runs and the operator reports on. Pure.
 *
 * @param schema the table's schema, as written (an unquoted PostgreSQL identifier, folded to lower case)
 * @param maximumRetryAttempts empty: retried until it succeeds
 */
public record DatabaseChangeSource(
        FunctionId function,
        int trigger,
        String connection,
        String schema,
        String table,
        String startingPosition,
        int batchSize,
        OptionalInt maximumRetryAttempts,
        boolean bisectBatchOnFunctionError,
        boolean reportBatchItemFailures,
        Optional<String> onFailureQueue) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private static final Pattern CONNECTION_NAME = Pattern.compile(DatabaseConnection.NAME_PATTERN);

    /** @throws IllegalArgumentException naming the field of {@code spec.triggers[index].databaseChange} that is wrong */
    public static DatabaseChangeSource read(FunctionId function, int index, DatabaseChangeTrigger trigger) {
        String field = "spec.triggers[" + index + "].databaseChange";
        String connection =
                trigger.getConnection() == null ? null : trigger.getConnection().getName();
        if (connection == null || !CONNECTION_NAME.matcher(connection).matches() || connection.length() > 200) {
            throw new IllegalArgumentException(field + ".connection.name: name a connection of the Secret "
                    + DatabaseConnection.SECRET + " of namespace " + function.namespace() + " (its keys <name>."
                    + DatabaseConnection.JDBC_URL + ", <name>." + DatabaseConnection.USERNAME + ", <name>."
                    + DatabaseConnection.PASSWORD + ")");
        }
        String qualified = trigger.getTable();
        String[] parts = qualified == null ? new String[0] : qualified.split("\\.", -1);
        if (parts.length != 2
                || !IDENTIFIER.matcher(parts[0]).matches()
                || !IDENTIFIER.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException(
                    field + ".table: " + qualified + " is not a schema-qualified table such as public.orders");
        }
        String position = trigger.getStartingPosition() == null ? "LATEST" : trigger.getStartingPosition();
        if (!position.equals("LATEST") && !position.equals("TRIM_HORIZON")) {
            throw new IllegalArgumentException(
                    field + ".startingPosition: " + position + " is not LATEST or TRIM_HORIZON");
        }
        int batchSize = trigger.getBatchSize() == null ? 100 : trigger.getBatchSize();
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException(field + ".batchSize: " + batchSize + " is outside 1 to 10000");
        }
        int retries = trigger.getMaximumRetryAttempts() == null ? -1 : trigger.getMaximumRetryAttempts();
        if (retries < -1 || retries > 10_000) {
            throw new IllegalArgumentException(
                    field + ".maximumRetryAttempts: " + retries + " is outside -1 (forever) to 10000");
        }
        String onFailure = trigger.getOnFailureQueue();
        if (onFailure != null) {
            String owned = function.namespace() + ".";
            if (onFailure.startsWith(QueueNames.PREFIX)
                    || !onFailure.startsWith(owned)
                    || onFailure.length() == owned.length()) {
                throw new IllegalArgumentException(field + ".onFailureQueue: " + onFailure + " is not a queue of"
                        + " namespace " + function.namespace() + "; its queues are named " + owned + "<name>");
            }
        }
        return new DatabaseChangeSource(
                function,
                index,
                connection,
                parts[0].toLowerCase(java.util.Locale.ROOT),
                parts[1].toLowerCase(java.util.Locale.ROOT),
                position,
                batchSize,
                retries < 0 ? OptionalInt.empty() : OptionalInt.of(retries),
                Boolean.TRUE.equals(trigger.getBisectBatchOnFunctionError()),
                Boolean.TRUE.equals(trigger.getReportBatchItemFailures()),
                Optional.ofNullable(onFailure));
    }

    /** {@code schema.table}, as PostgreSQL names it. */
    public String qualifiedTable() {
        return schema + "." + table;
    }
}
