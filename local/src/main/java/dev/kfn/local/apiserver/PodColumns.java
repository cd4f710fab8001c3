package dev.kfn.local.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The columns the API server's pod printer gives: ready containers, status (or why not running), restarts, age, and wide: IP and node. */
final class PodColumns implements TableColumns {

    private static final List<Column> COLUMNS = List.of(
            NAME,
            Column.of("Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", 0, "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", 0, "The number of times the containers in this pod have been restarted."),
            AGE,
            Column.of("IP", "string", 1, "The IP address assigned to the pod."),
            Column.of("Node", "string", 1, "The name of the node the pod is scheduled to."),
            Column.of("Nominated Node", "string", 1, "The node the scheduler nominated for this pod."),
            Column.of("Readiness Gates", "string", 1, "The readiness gates of this pod."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<JsonNode> cells(JsonNode pod, Instant now) {
        JsonNode status = pod.path("status");
        int containers = pod.path("spec").path("containers").size();
        int ready = 0;
        long restarts = 0;
        String reason = status.path("reason").asText(status.path("phase").asText(""));
        for (JsonNode container : status.path("containerStatuses")) {
            restarts += container.path("restartCount").asLong();
            JsonNode state = container.path("state");
            if (state.path("waiting").hasNonNull("reason")) {
                reason = state.path("waiting").path("reason").asText();
            } else if (state.has("terminated")) {
                JsonNode terminated = state.path("terminated");
                reason = terminated.hasNonNull("reason")
                        ? terminated.path("reason").asText()
                        : "ExitCode:" + terminated.path("exitCode").asInt();
            } else if (container.path("ready").asBoolean() && state.has("running")) {
                ready++;
            }
        }
        if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
            reason = "Terminating";
        }
        int gates = pod.path("spec").path("readinessGates").size();
        return List.of(
                TableColumns.name(pod),
                TableColumns.text(ready + "/" + containers),
                TableColumns.text(reason),
                TableColumns.text(Long.toString(restarts)),
                TableColumns.age(pod, now),
                TableColumns.text(status.path("podIP").asText(NONE)),
                TableColumns.text(pod.path("spec").path("nodeName").asText(NONE)),
                TableColumns.text(status.path("nominatedNodeName").asText(NONE)),
                TableColumns.text(gates == 0 ? NONE : "0/" + gates));
    }
}
