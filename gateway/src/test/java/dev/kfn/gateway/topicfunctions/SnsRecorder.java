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

/**
 * A topic subscriber as it is written for Lambda: the typed SNS event in. Every record it gets is appended to the
 * file {@code SNS_RECORDS} names, one tab-separated line: records in the event, event source, event version,
 * subscription ARN, type, message id, topic ARN, subject, message, timestamp, signature version, and the
 * {@code color} attribute as type:value.
 */
public class SnsRecorder implements RequestHandler<SNSEvent, Void> {

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        StringBuilder lines = new StringBuilder();
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            SNSEvent.MessageAttribute color = sns.getMessageAttributes().get("color");
            lines.append(String.join(
                            "\t",
                            Integer.toString(event.getRecords().size()),
                            record.getEventSource(),
                            record.getEventVersion(),
                            record.getEventSubscriptionArn(),
                            sns.getType(),
                            sns.getMessageId(),
                            sns.getTopicArn(),
                            String.valueOf(sns.getSubject()),
                            sns.getMessage(),
                            sns.getTimestamp().toString(),
                            sns.getSignatureVersion(),
                            color == null ? "-" : color.getType() + ":" + color.getValue()))
                    .append('\n');
        }
        try {
            Files.writeString(
                    Path.of(System.getenv("SNS_RECORDS")),
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
