package dev.kfn.gateway.objectstorefunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An object-store handler as it is written for Lambda: the typed S3Event in. Every record it gets is appended to
 * the file {@code S3_RECORDS} names (one tab-separated line: records in the event, event source, event name,
 * bucket, key as sent, key decoded, size, region, sequencer, bucket ARN).
 */
public class S3Recorder implements RequestHandler<S3Event, String> {

    @Override
    public String handleRequest(S3Event event, Context context) {
        StringBuilder lines = new StringBuilder();
        for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
            S3EventNotification.S3Entity s3 = record.getS3();
            lines.append(String.join(
                            "\t",
                            Integer.toString(event.getRecords().size()),
                            record.getEventSource(),
                            record.getEventName(),
                            s3.getBucket().getName(),
                            s3.getObject().getKey(),
                            s3.getObject().getUrlDecodedKey(),
                            String.valueOf(s3.getObject().getSizeAsLong()),
                            record.getAwsRegion(),
                            s3.getObject().getSequencer(),
                            s3.getBucket().getArn()))
                    .append('\n');
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("S3_RECORDS")),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "ok";
    }
}
