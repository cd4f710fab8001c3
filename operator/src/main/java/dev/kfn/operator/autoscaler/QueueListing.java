package dev.kfn.operator.autoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.contract.QueueNames;
import dev.kfn.contract.broker.BrokerManagement;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Every queue of the vhost in one management API call. Cheap per queue, but its figures trail the
 * broker by up to a statistics interval (5 s by default), so it serves what may lag: unacknowledged
 * counts, and the safety net for functions at zero whose publisher sent no wake.
 */
public class QueueListing {

    private static final String COLUMNS = "name,messages_ready,messages_unacknowledged";

    /** One queue's figures; a figure the broker has not computed yet is absent, never zero. */
    public record Counts(OptionalLong ready, OptionalLong unacknowledged) {}

    public record Snapshot(Map<String, Counts> queues, Instant takenAt) {

        public static final Snapshot NONE = new Snapshot(Map.of(), Instant.EPOCH);

        public Counts counts(String queue) {
            return queues.getOrDefault(queue, new Counts(OptionalLong.empty(), OptionalLong.empty()));
        }
    }

    private final BrokerManagement management;

    public QueueListing(BrokerManagement management) {
        this.management = management;
    }

    public Snapshot read(Instant now) throws IOException {
        Map<String, Counts> queues = new HashMap<>();
        for (JsonNode queue : management.queues(COLUMNS)) {
            String name = queue.path("name").asText();
            if (name.startsWith(QueueNames.PREFIX)) {
                queues.put(name, new Counts(figure(queue, "messages_ready"), figure(queue, "messages_unacknowledged")));
            }
        }
        return new Snapshot(Map.copyOf(queues), now);
    }

    private static OptionalLong figure(JsonNode queue, String field) {
        JsonNode value = queue.get(field);
        return value == null || !value.isNumber() ? OptionalLong.empty() : OptionalLong.of(value.asLong());
    }
}
