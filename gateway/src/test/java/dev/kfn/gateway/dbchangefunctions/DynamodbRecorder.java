package dev.kfn.gateway.dbchangefunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A DynamoDB Streams consumer as it is written for Lambda: the typed event in, a partial batch response out. Every
 * record it gets is appended to the file {@code DDB_RECORDS} names, one tab-separated line: {@code ok} or
 * {@code failed}, batch size, event name, sequence number, keys, new image, old image, event source ARN, event
 * source (images as {@code name=TYPE:value}, sorted). While the file {@code DDB_FAIL} names exists, every batch
 * fails, as does every batch holding a record whose new {@code name} is {@code throw}; a record whose new
 * {@code name} starts with {@code poison} is reported as failed by its sequence number.
 */
public class DynamodbRecorder implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        boolean fail = Files.exists(Path.of(System.getenv("DDB_FAIL")));
        boolean throwing = event.getRecords().stream()
                .map(r -> r.getDynamodb().getNewImage())
                .anyMatch(image -> image != null
                        && image.get("name") != null
                        && "throw".equals(image.get("name").getS()));
        StringBuilder lines = new StringBuilder();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            AttributeValue name = record.getDynamodb().getNewImage() == null
                    ? null
                    : record.getDynamodb().getNewImage().get("name");
            if (name != null && name.getS() != null && name.getS().startsWith("poison")) {
                failures.add(new StreamsEventResponse.BatchItemFailure(
                        record.getDynamodb().getSequenceNumber()));
            }
            lines.append(String.join(
                            "\t",
                            fail || throwing ? "failed" : "ok",
                            Integer.toString(event.getRecords().size()),
                            record.getEventName(),
                            record.getDynamodb().getSequenceNumber(),
                            render(record.getDynamodb().getKeys()),
                            render(record.getDynamodb().getNewImage()),
                            render(record.getDynamodb().getOldImage()),
                            record.getEventSourceARN(),
                            record.getEventSource()))
                    .append('\n');
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("DDB_RECORDS")),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (fail) {
            throw new IllegalStateException("failing while " + System.getenv("DDB_FAIL") + " exists");
        }
        if (throwing) {
            throw new IllegalStateException("a record says throw");
        }
        StreamsEventResponse response = new StreamsEventResponse();
        response.setBatchItemFailures(failures);
        return response;
    }

    private static String render(Map<String, AttributeValue> image) {
        if (image == null) {
            return "-";
        }
        return new TreeMap<>(image)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + render(e.getValue()))
                        .collect(Collectors.joining(","));
    }

    private static String render(AttributeValue value) {
        if (value.getS() != null) {
            return "S:" + value.getS();
        }
        if (value.getN() != null) {
            return "N:" + value.getN();
        }
        if (value.getBOOL() != null) {
            return "BOOL:" + value.getBOOL();
        }
        if (value.getNULL() != null) {
            return "NULL:" + value.getNULL();
        }
        if (value.getB() != null) {
            return "B:" + Base64.getEncoder().encodeToString(value.getB().array());
        }
        if (value.getM() != null) {
            return "M:{" + render(value.getM()) + "}";
        }
        if (value.getL() != null) {
            return "L:[" + value.getL().stream().map(DynamodbRecorder::render).collect(Collectors.joining(",")) + "]";
        }
        return "?";
    }
}
