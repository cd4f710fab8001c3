package dev.kfn.gateway.topicfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * For the topic benchmark: a message is the publisher's wall-clock time in microseconds; the handler appends
 * {@code <message>\t<its own time in microseconds>} to {@code SNS_RECORDS}, so the difference is publish → handler
 * (one machine, one clock).
 */
public class SnsLatency implements RequestHandler<SNSEvent, Void> {

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        String line = event.getRecords().get(0).getSNS().getMessage() + "\t" + now + "\n";
        try {
            Files.writeString(
                    Path.of(System.getenv("SNS_RECORDS")),
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }
}
