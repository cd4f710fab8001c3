package dev.kfn.gateway.dbchange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PostgreSQL's {@code pgoutput} logical replication messages (protocol version 1), as the server sends them: the
 * five a change stream needs are read, every other kind is {@link Other}. Column values come in text form. Pure.
 */
public final class PgOutput {

    /** PostgreSQL counts commit times in microseconds from 2000-01-01. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private PgOutput() {}

    public sealed interface Message permits Begin, Commit, Relation, Change, Other {}

    /** @param finalLsn the transaction's commit position, known before its changes arrive */
    public record Begin(long finalLsn, Instant committedAt, int xid) implements Message {}

    /** @param endLsn just past the commit: what a slot confirms once the transaction is done with */
    public record Commit(long commitLsn, long endLsn, Instant committedAt) implements Message {}

    /** @param key whether the column is part of the replica identity */
    public record Column(String name, int typeOid, boolean key) {}

    public record Relation(int oid, String schema, String table, char replicaIdentity, List<Column> columns)
            implements Message {}

    /** A column's value: {@code null} text for SQL NULL, {@code unchanged} for a TOASTed value the server left out. */
    public record Value(String text, boolean unchanged) {
        static final Value NULL = new Value(null, false);
        static final Value UNCHANGED = new Value(null, true);
    }

    public enum Kind {
        INSERT,
        UPDATE,
        DELETE
    }

    /**
     * @param before the old row: all columns with {@code REPLICA IDENTITY FULL}, the key columns on a key change or a
     *     delete otherwise (others null), absent on inserts and most updates
     */
    public record Change(Kind kind, int relation, List<Value> before, List<Value> after) implements Message {}

    public record Other(char type) implements Message {}

    public static Message decode(ByteBuffer buffer) {
        char type = (char) buffer.get();
        return switch (type) {
            case 'B' -> new Begin(buffer.getLong(), time(buffer.getLong()), buffer.getInt());
            case 'C' -> {
                buffer.get(); // flags, unused
                yield new Commit(buffer.getLong(), buffer.getLong(), time(buffer.getLong()));
            }
            case 'R' -> relation(buffer);
            case 'I' -> {
                int oid = buffer.getInt();
                expect(buffer, 'N');
                yield new Change(Kind.INSERT, oid, List.of(), tuple(buffer));
            }
            case 'U' -> {
                int oid = buffer.getInt();
                char next = (char) buffer.get();
                List<Value> before = List.of();
                if (next == 'K' || next == 'O') {
                    before = tuple(buffer);
                    next = (char) buffer.get();
                }
                if (next != 'N') {
                    throw new IllegalArgumentException("pgoutput update without a new tuple: " + next);
                }
                yield new Change(Kind.UPDATE, oid, before, tuple(buffer));
            }
            case 'D' -> {
                int oid = buffer.getInt();
                buffer.get(); // 'K' or 'O'
                yield new Change(Kind.DELETE, oid, tuple(buffer), List.of());
            }
            default -> new Other(type);
        };
    }

    private static Relation relation(ByteBuffer buffer) {
        int oid = buffer.getInt();
        String schema = string(buffer);
        String table = string(buffer);
        char identity = (char) buffer.get();
        int count = buffer.getShort();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean key = (buffer.get() & 1) != 0;
            String name = string(buffer);
            int typeOid = buffer.getInt();
            buffer.getInt(); // type modifier, unused
            columns.add(new Column(name, typeOid, key));
        }
        return new Relation(oid, schema, table, identity, Collections.unmodifiableList(columns));
    }

    private static List<Value> tuple(ByteBuffer buffer) {
        int count = buffer.getShort();
        List<Value> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            switch (kind) {
                case 'n' -> values.add(Value.NULL);
                case 'u' -> values.add(Value.UNCHANGED);
                case 't', 'b' -> {
                    byte[] bytes = new byte[buffer.getInt()];
                    buffer.get(bytes);
                    values.add(new Value(new String(bytes, StandardCharsets.UTF_8), false));
                }
                default -> throw new IllegalArgumentException("pgoutput column of kind " + kind);
            }
        }
        return Collections.unmodifiableList(values);
    }

    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        while (buffer.get() != 0) {
            // to the terminating zero
        }
        byte[] bytes = new byte[buffer.position() - start - 1];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void expect(ByteBuffer buffer, char wanted) {
        char got = (char) buffer.get();
        if (got != wanted) {
            throw new IllegalArgumentException("pgoutput: expected " + wanted + ", got " + got);
        }
    }

    private static Instant time(long postgresMicros) {
        long micros = postgresMicros + POSTGRES_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
    }
}
