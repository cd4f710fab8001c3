package dev.kfn.gateway.topic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kfn.api.topic.MessageAttribute;
import dev.kfn.contract.TopicArn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The event one subscription's function receives, as SNS invokes Lambda: one record, capitalised keys. kfn does not
 * sign its notifications: {@code Signature} and {@code SigningCertUrl} are empty, and there is no unsubscribe link,
 * since a subscription is the Function's trigger. Pure.
 */
public final class SnsNotification {

    public static final String EVENT_SOURCE = "aws:sns";
    public static final String EVENT_VERSION = "1.0";
    public static final String SIGNATURE_VERSION = "1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SnsNotification() {}

    /** One published message as every subscription gets it; only the subscription ARN differs between copies. */
    public record Published(String messageId, TopicArn topic, PublishRequest request, Instant timestamp) {}

    public static byte[] event(Published published, String subscriptionArn) {
        PublishRequest request = published.request();
        ObjectNode sns = JSON.createObjectNode();
        sns.put("Type", "Notification");
        sns.put("MessageId", published.messageId());
        sns.put("TopicArn", published.topic().toString());
        sns.put("Subject", request.subject().orElse(null));
        sns.put("Message", request.message());
        sns.put(
                "Timestamp",
                DateTimeFormatter.ISO_INSTANT.format(published.timestamp().truncatedTo(ChronoUnit.MILLIS)));
        sns.put("SignatureVersion", SIGNATURE_VERSION);
        sns.put("Signature", "");
        sns.put("SigningCertUrl", "");
        sns.put("UnsubscribeUrl", "");
        ObjectNode attributes = sns.putObject("MessageAttributes");
        for (Map.Entry<String, MessageAttribute> attribute :
                request.attributes().entrySet()) {
            attributes
                    .putObject(attribute.getKey())
                    .put("Type", attribute.getValue().type())
                    .put("Value", attribute.getValue().value());
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("EventSource", EVENT_SOURCE);
        record.put("EventVersion", EVENT_VERSION);
        record.put("EventSubscriptionArn", subscriptionArn);
        record.set("Sns", sns);
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        records.add(record);
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
