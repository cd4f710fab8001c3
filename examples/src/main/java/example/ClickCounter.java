package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Counts clicks off a stream, as a Lambda Kinesis consumer does: records of one partition in order, each record's
 * data in base64. A record it cannot read (empty data) is named by its sequence number in {@code batchItemFailures},
 * so the partition resumes from it rather than from the batch's start.
 */
public class ClickCounter implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            Map<String, Object> kinesis = (Map<String, Object>) record.get("kinesis");
            String data = new String(Base64.getDecoder().decode((String) kinesis.get("data")), StandardCharsets.UTF_8);
            if (data.isBlank()) {
                failures.add(Map.of("itemIdentifier", kinesis.get("sequenceNumber")));
                break;
            }
            context.getLogger()
                    .log("click " + data + " by " + kinesis.get("partitionKey") + " (" + record.get("eventID") + ")");
        }
        return Map.of("batchItemFailures", failures);
    }
}
