package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes orders off a queue in batches, as a Lambda SQS consumer does: every record of the batch is handled, and
 * those that could not be are named in {@code batchItemFailures}, so only they come back (after the visibility
 * timeout) and, after maxReceiveCount receives, end in the dead-letter queue.
 */
public class OrderIntake implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            String body = String.valueOf(record.get("body"));
            Map<String, Object> attributes = (Map<String, Object>) record.get("attributes");
            if (body.isBlank()) {
                failures.add(Map.of("itemIdentifier", record.get("messageId")));
            } else {
                context.getLogger()
                        .log("order " + body + " (received " + attributes.get("ApproximateReceiveCount") + " times)");
            }
        }
        return Map.of("batchItemFailures", failures);
    }
}
