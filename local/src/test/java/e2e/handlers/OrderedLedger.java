package e2e.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The ordered sources' recording handler: each batch of a Kinesis or DynamoDB Streams event appends one line per
 * record — source, sequence number, what the record carries — to a file of its process in RECORDS_DIR, in one write
 * before it answers, so a process killed a moment later leaves whole batches behind. BATCH_DELAY_MS then holds the
 * answer, which widens the window in which a batch is in flight.
 */
public class OrderedLedger implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> record : (List<Map<String, Object>>) event.get("Records")) {
            if (record.get("kinesis") instanceof Map<?, ?> kinesis) {
                String data =
                        new String(Base64.getDecoder().decode((String) kinesis.get("data")), StandardCharsets.UTF_8);
                lines.append("kinesis\t")
                        .append(kinesis.get("sequenceNumber"))
                        .append('\t')
                        .append(data);
            } else {
                Map<String, Object> change = (Map<String, Object>) record.get("dynamodb");
                Map<String, Object> keys = (Map<String, Object>) change.get("Keys");
                lines.append("dynamodb\t")
                        .append(change.get("SequenceNumber"))
                        .append('\t')
                        .append(record.get("eventName"))
                        .append(' ')
                        .append(((Map<String, Object>) keys.get("id")).get("N"));
            }
            lines.append('\n');
        }
        long pid = ProcessHandle.current().pid();
        append(Path.of(System.getenv("RECORDS_DIR")).resolve(pid + ".records"), lines.toString());
        hold();
        return Map.of();
    }

    private static void append(Path file, String lines) {
        try {
            Files.write(
                    file,
                    lines.getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void hold() {
        String delay = System.getenv("BATCH_DELAY_MS");
        if (delay == null) {
            return;
        }
        try {
            Thread.sleep(Long.parseLong(delay));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
