package dev.kfn.operator;

import dev.kfn.api.DatabaseChangeSource;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.ObjectStoreSource;
import dev.kfn.api.QueueSource;
import dev.kfn.api.StreamSource;
import dev.kfn.api.Trigger;
import dev.kfn.api.topic.TopicSubscription;
import dev.kfn.contract.FunctionId;
import dev.kfn.operator.clusterevent.ClusterEventFilter;
import dev.kfn.operator.clusterevent.WatchKey;
import dev.kfn.operator.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a function's triggers cannot fire, each named by its place in the spec: a kind kfn does not serve yet,
 * or a served kind set up wrongly (an HTTP route or WebSocket path that does not parse or that another Function
 * serves). The rest
 * fire regardless, and nothing else of the function waits for them. Pure.
 */
public record TriggerCheck(List<String> problems, boolean unsupported, List<String> expired) {

    /**
     * @param routeProblems what the function's namespace decides: the HTTP routes and WebSocket APIs the gateway does
     *     not serve, from {@link RouteNeighbours#problems}, and the topics it subscribes to that do not exist, from
     *     {@link TopicSubscribers#missing}, and the Streams it reads that do not exist, from {@link StreamReaders#missing}
     */
    public static TriggerCheck of(FunctionId function, List<Trigger> triggers, List<String> routeProblems) {
        List<String> problems = new ArrayList<>();
        boolean unsupported = false;
        for (int i = 0; i < triggers.size(); i++) {
            String field = "spec.triggers[" + i + "]";
            Trigger trigger = triggers.get(i);
            // a trigger of no kind or of several is an invalid spec, reported by FunctionValidation
            String kind = trigger.kind().orElse(null);
            if (kind == null) {
                continue;
            }
            try {
                switch (kind) {
                    // routes are checked across the namespace, by RouteNeighbours
                    case "http" -> {}
                    // paths and route names are checked across the namespace too, by RouteNeighbours
                    case "websocket" -> {}
                    case "schedule" -> Schedule.read(trigger.getSchedule(), field + ".schedule");
                    case "queue" -> QueueSource.read(function, i, trigger.getQueue());
                    case "objectStore" -> ObjectStoreSource.read(i, trigger.getObjectStore());
                    case "clusterEvent" ->
                        ClusterEventFilter.read(
                                WatchKey.of(function, trigger.getClusterEvent()),
                                trigger.getClusterEvent(),
                                field + ".clusterEvent");
                    // whether the Topic exists is checked across the namespace, by TopicSubscribers
                    case "topic" -> TopicSubscription.read(i, trigger.getTopic());
                    // whether the database, the table and the Secret are there is checked by DatabaseChangeAccess
                    case "databaseChange" -> DatabaseChangeSource.read(function, i, trigger.getDatabaseChange());
                    // whether the Stream exists is checked across the namespace, by StreamReaders
                    case "stream" -> StreamSource.read(function, i, trigger.getStream());
                    default -> {
                        problems.add(field + ": " + kind + " triggers are not supported yet");
                        unsupported = true;
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        problems.addAll(routeProblems);
        return new TriggerCheck(List.copyOf(problems), unsupported, List.of());
    }

    /**
     * With the stream triggers whose records expired unread, from {@link StreamReports#problems}: they read on, so
     * they are named after the triggers that cannot fire and give the reason only when there are none.
     */
    public TriggerCheck withExpired(List<String> expired) {
        return new TriggerCheck(problems, unsupported, List.copyOf(expired));
    }

    /** Unsupported wins the reason: no change to the trigger fixes it, only a newer kfn. */
    public FunctionStatus report(FunctionStatus status) {
        if (problems.isEmpty() && expired.isEmpty()) {
            return status.markTriggersReady();
        }
        List<String> all = new ArrayList<>(problems);
        all.addAll(expired);
        return status.markTriggersFailed(
                unsupported
                        ? FunctionStatus.REASON_UNSUPPORTED_TRIGGER
                        : problems.isEmpty()
                                ? FunctionStatus.REASON_RECORDS_EXPIRED
                                : FunctionStatus.REASON_INVALID_TRIGGER,
                all);
    }
}
