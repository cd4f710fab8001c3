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
import java.util.ArrayList;
import java.util.List;

/**
 * A queue consumer as it is written for Lambda: the typed SQS event in, a partial batch response out. Every record
 * it gets is appended to the file {@code SQS_RECORDS} names (one tab-separated line: batch size, message id, body,
 * receive count, event source, md5 of the body, queue ARN, a message attribute); a body starting with
 * {@code poison} is reported as failed, a body {@code throw} fails the whole batch.
 */
public class SqsRecorder implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            SQSEvent.MessageAttribute color = message.getMessageAttributes().get("color");
            lines.append(String.join(
                            "\t",
                            Integer.toString(event.getRecords().size()),
                            message.getMessageId(),
                            message.getBody(),
                            message.getAttributes().get("ApproximateReceiveCount"),
                            message.getEventSource(),
                            message.getMd5OfBody(),
                            message.getEventSourceArn(),
                            color == null ? "-" : color.getStringValue()))
                    .append('\n');
            if (message.getBody().startsWith("poison")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("SQS_RECORDS")),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (event.getRecords().stream().anyMatch(m -> m.getBody().equals("throw"))) {
            throw new IllegalStateException("the whole batch fails");
        }
        return new SQSBatchResponse(failures);
    }
}
