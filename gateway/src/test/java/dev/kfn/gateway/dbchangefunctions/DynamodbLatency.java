package dev.kfn.gateway.dbchangefunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Records when each change reached the handler: one line per record, the key {@code id} and the epoch microseconds
 * of its arrival, appended to the file {@code DDB_ARRIVALS} names.
 */
public class DynamodbLatency implements RequestHandler<DynamodbEvent, Void> {

    @Override
    public Void handleRequest(DynamodbEvent event, Context context) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        StringBuilder lines = new StringBuilder();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            lines.append(record.getDynamodb().getKeys().get("id").getN())
                    .append('\t')
                    .append(micros)
                    .append('\n');
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("DDB_ARRIVALS")),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
