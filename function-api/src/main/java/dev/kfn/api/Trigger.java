package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One event source of a function; exactly one kind is set. Each delivers Lambda's own event shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "[has(self.http), has(self.schedule), has(self.queue), has(self.topic), has(self.stream),"
                        + " has(self.objectStore), has(self.clusterEvent), has(self.websocket), has(self.databaseChange)].filter(x, x).size() == 1",
        message = "a trigger needs exactly one of http, schedule, queue, topic, stream, objectStore, clusterEvent"
                + ", websocket or databaseChange")
public class Trigger {

    @JsonPropertyDescription("An HTTP route on the gateway (API Gateway HTTP API payload 2.0).")
    private HttpTrigger http;

    @JsonPropertyDescription("An EventBridge Scheduler schedule: rate, cron or at (EventBridge Scheduled Event).")
    private ScheduleTrigger schedule;

    @JsonPropertyDescription("A broker queue consumed in batches (SQS event).")
    private QueueTrigger queue;

    @JsonPropertyDescription("A kfn topic subscription (SNS event).")
    private TopicTrigger topic;

    @JsonPropertyDescription("A stream read in order from a position (Kinesis-style event).")
    private StreamTrigger stream;

    @JsonPropertyDescription("Object-store notifications (S3 event).")
    private ObjectStoreTrigger objectStore;

    @JsonPropertyDescription("Kubernetes resource changes (EventBridge-style event).")
    private ClusterEventTrigger clusterEvent;

    @JsonPropertyDescription("A WebSocket API on the gateway (API Gateway WebSocket event).")
    private WebSocketTrigger websocket;

    @JsonPropertyDescription("Row changes of a PostgreSQL table (DynamoDB Streams event).")
    private DatabaseChangeTrigger databaseChange;

    /** The kind that is set, named as in the spec ({@code queue}, {@code objectStore}); empty unless exactly one is. */
    @JsonIgnore
    public Optional<String> kind() {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("http", http);
        kinds.put("schedule", schedule);
        kinds.put("queue", queue);
        kinds.put("topic", topic);
        kinds.put("stream", stream);
        kinds.put("objectStore", objectStore);
        kinds.put("clusterEvent", clusterEvent);
        kinds.put("websocket", websocket);
        kinds.put("databaseChange", databaseChange);
        var set = kinds.entrySet().stream()
                .filter(e -> Objects.nonNull(e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        return set.size() == 1 ? Optional.of(set.get(0)) : Optional.empty();
    }

    public HttpTrigger getHttp() {
        return http;
    }

    public void setHttp(HttpTrigger http) {
        this.http = http;
    }

    public ScheduleTrigger getSchedule() {
        return schedule;
    }

    public void setSchedule(ScheduleTrigger schedule) {
        this.schedule = schedule;
    }

    public QueueTrigger getQueue() {
        return queue;
    }

    public void setQueue(QueueTrigger queue) {
        this.queue = queue;
    }

    public TopicTrigger getTopic() {
        return topic;
    }

    public void setTopic(TopicTrigger topic) {
        this.topic = topic;
    }

    public StreamTrigger getStream() {
        return stream;
    }

    public void setStream(StreamTrigger stream) {
        this.stream = stream;
    }

    public ObjectStoreTrigger getObjectStore() {
        return objectStore;
    }

    public void setObjectStore(ObjectStoreTrigger objectStore) {
        this.objectStore = objectStore;
    }

    public ClusterEventTrigger getClusterEvent() {
        return clusterEvent;
    }

    public void setClusterEvent(ClusterEventTrigger clusterEvent) {
        this.clusterEvent = clusterEvent;
    }

    public WebSocketTrigger getWebsocket() {
        return websocket;
    }

    public void setWebsocket(WebSocketTrigger websocket) {
        this.websocket = websocket;
    }

    public DatabaseChangeTrigger getDatabaseChange() {
        return databaseChange;
    }

    public void setDatabaseChange(DatabaseChangeTrigger databaseChange) {
        this.databaseChange = databaseChange;
    }
}
