package dev.kfn.gateway.queuefunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A queue consumer that does nothing with its messages: it appends one line per batch (its size and the time it
 * ran, in epoch milliseconds) to the file {@code SQS_BATCHES} names, so a benchmark can count what went through.
 */
public class SqsCounter implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        try {
            Files.writeString(
                    Path.of(System.getenv("SQS_BATCHES")),
                    event.getRecords().size() + "\t" + System.currentTimeMillis() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SQSBatchResponse(List.of());
    }
}
