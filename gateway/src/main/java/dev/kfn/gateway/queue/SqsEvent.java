package dev.kfn.gateway.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.QueueSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A batch as Lambda's SQS event ({@code SQSEvent}): field names and formats exactly as SQS writes them. Pure. */
public final class SqsEvent {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvent() {}

    /** {@code arn:aws:sqs:<region>:<namespace>:<queue>}: kfn's ARNs put the namespace where AWS puts the account. */
    public static String queueArn(String region, QueueSource source) {
        return "arn:aws:sqs:" + region + ":" + source.function().namespace() + ":" + source.queue();
    }

    public static byte[] of(List<QueueMessage> batch, QueueSource source, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (QueueMessage message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", receiptHandle(message));
            String body = new String(message.body(), StandardCharsets.UTF_8);
            record.put("body", body);
            ObjectNode attributes = record.putObject("attributes");
            attributes.put("ApproximateReceiveCount", Integer.toString(message.receiveCount()));
            attributes.put("SentTimestamp", Long.toString(message.sentAt()));
            attributes.put("SenderId", message.senderId());
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(message.firstReceivedAt()));
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            message.attributes().forEach((name, value) -> {
                ObjectNode attribute = messageAttributes.putObject(name);
                attribute.put("stringValue", value);
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
                attribute.put("dataType", "String");
            });
            record.put("md5OfBody", md5(body));
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn(region, source));
            record.put("awsRegion", region);
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opaque to the function, as in SQS; unique per delivery. */
    private static String receiptHandle(QueueMessage message) {
        return message.messageId() + "#" + message.receiveCount();
    }

    private static String md5(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
