package dev.kfn.gateway.streamfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A stream consumer that does nothing with its records: it appends one line per batch (its size and the time it
 * ran, in epoch milliseconds) to the file {@code KINESIS_BATCHES} names, so a benchmark can count what went through.
 */
public class KinesisCounter implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        try {
            Files.writeString(
                    Path.of(System.getenv("KINESIS_BATCHES")),
                    event.getRecords().size() + "\t" + System.currentTimeMillis() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StreamsEventResponse(List.of());
    }
}
