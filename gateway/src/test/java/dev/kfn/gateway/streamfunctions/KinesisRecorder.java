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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Kinesis consumer as it is written for Lambda: the typed Kinesis event in, a partial batch response out. Every
 * record of every call is appended to the file {@code KINESIS_RECORDS} names (one tab-separated line: call id, batch
 * size, shard id, sequence number, partition key, data, event source, event id, stream ARN, arrival in epoch ms).
 * While the file {@code KINESIS_POISON} names exists, a record whose data starts with {@code poison} fails: it throws
 * (the whole batch fails), or with {@code KINESIS_FAILURE=report} it is listed as a batch item failure.
 */
public class KinesisRecorder implements RequestHandler<KinesisEvent, StreamsEventResponse> {

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        String call = UUID.randomUUID().toString();
        String poisonFlag = System.getenv("KINESIS_POISON");
        boolean poisonous = poisonFlag != null && Files.exists(Path.of(poisonFlag));
        boolean report = "report".equals(System.getenv("KINESIS_FAILURE"));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        boolean thrown = false;
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            KinesisEvent.Record kinesis = record.getKinesis();
            byte[] bytes = new byte[kinesis.getData().remaining()];
            kinesis.getData().get(bytes);
            String data = new String(bytes, StandardCharsets.UTF_8);
            lines.append(String.join(
                            "\t",
                            call,
                            Integer.toString(event.getRecords().size()),
                            record.getEventID().substring(0, record.getEventID().indexOf(':')),
                            kinesis.getSequenceNumber(),
                            kinesis.getPartitionKey(),
                            data,
                            record.getEventSource(),
                            record.getEventID(),
                            record.getEventSourceARN(),
                            Long.toString(
                                    kinesis.getApproximateArrivalTimestamp().getTime())))
                    .append('\n');
            if (poisonous && data.startsWith("poison")) {
                if (report) {
                    failures.add(new StreamsEventResponse.BatchItemFailure(kinesis.getSequenceNumber()));
                } else {
                    thrown = true;
                }
            }
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("KINESIS_RECORDS")),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (thrown) {
            throw new IllegalStateException("a poison record fails the batch");
        }
        return new StreamsEventResponse(failures);
    }
}
