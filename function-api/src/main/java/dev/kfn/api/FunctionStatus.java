package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What kfn observed of a Function. Conditions have fixed types ({@link #READY}, {@link #QUEUE_READY},
 * {@link #DEPLOYMENT_READY}, {@link #INSTANCES_READY}, {@link #TRIGGERS_READY}) so that {@code kubectl wait --for=condition=Ready}, Argo CD and Flux read them;
 * the reconciler tells its story through the {@code mark…} methods and {@link #stamp} keeps each
 * condition's {@code lastTransitionTime} unless its status changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionStatus {

    public static final String READY = "Ready";
    public static final String QUEUE_READY = "QueueReady";
    public static final String DEPLOYMENT_READY = "DeploymentReady";
    public static final String TRIGGERS_READY = "TriggersReady";
    public static final String INSTANCES_READY = "InstancesReady";

    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_DESTINATION_NOT_FOUND = "DestinationNotFound";
    /** A trigger kind kfn does not serve yet. */
    public static final String REASON_UNSUPPORTED_TRIGGER = "UnsupportedTrigger";
    /** A trigger kfn serves, set up so that it cannot be served (a cron that does not parse, an unknown time zone). */
    public static final String REASON_INVALID_TRIGGER = "InvalidTrigger";
    /** An instance started and its handler failed its init; calls get that error until the code is fixed. */
    public static final String REASON_INIT_ERROR = "InitError";
    /** An instance's container keeps exiting and the kubelet backs off restarting it. */
    public static final String REASON_CRASH_LOOP = "CrashLoop";
    /** A stream trigger's reader found records its Stream's retention dropped before it read them. */
    public static final String REASON_RECORDS_EXPIRED = "RecordsExpired";

    private Long observedGeneration;
    private List<Condition> conditions = new ArrayList<>();
    private Integer replicas;
    private Integer readyReplicas;
    private Integer desiredReplicas;
    private FunctionQueues queue;
    private String endpoint;
    private String url;
    private AutoscalingStatus autoscaling;
    private List<ScheduleStatus> schedules;
    private List<DatabaseChangeStatus> databaseChanges;
    private List<StreamStatus> streams;

    public FunctionStatus markInvalidSpec(List<String> problems) {
        return condition(READY, false, REASON_INVALID_SPEC, String.join("; ", problems));
    }

    public FunctionStatus markQueueReady(FunctionQueues queues) {
        this.queue = queues;
        return condition(
                QUEUE_READY,
                true,
                "Declared",
                "queues " + queues.getSync() + ", " + queues.getAsync() + " and " + queues.getDeadLetter()
                        + " are declared");
    }

    public FunctionStatus markQueueFailed(String message) {
        return condition(QUEUE_READY, false, "BrokerError", message);
    }

    /** The broker took the queues, but a queue the spec sends to does not exist; each problem names its field. */
    public FunctionStatus markDestinationsMissing(List<String> problems) {
        return condition(QUEUE_READY, false, REASON_DESTINATION_NOT_FOUND, String.join("; ", problems));
    }

    public FunctionStatus markDeploymentReady(String reason, String message) {
        return condition(DEPLOYMENT_READY, true, reason, message);
    }

    public FunctionStatus markDeploymentNotReady(String reason, String message) {
        return condition(DEPLOYMENT_READY, false, reason, message);
    }

    public FunctionStatus markTriggersReady() {
        return condition(TRIGGERS_READY, true, "Served", "every trigger is served");
    }

    /**
     * Some triggers cannot fire; the others, and invocations through the gateway, go on. The reason is
     * {@link #REASON_UNSUPPORTED_TRIGGER} or {@link #REASON_INVALID_TRIGGER}; each problem names its trigger.
     */
    public FunctionStatus markTriggersFailed(String reason, List<String> problems) {
        return condition(TRIGGERS_READY, false, reason, String.join("; ", problems));
    }

    /** No instance reports a failed init (also when none runs: a function at zero has not tried yet). */
    public FunctionStatus markInstancesReady() {
        return condition(INSTANCES_READY, true, "NoInitErrors", "no instance reports a failed init");
    }

    /** Instances report that the handler failed its init; each failure names its instance and the error. */
    /** Instances that cannot serve, each described; {@code reason} says why ({@link #REASON_INIT_ERROR}, …). */
    public FunctionStatus markInstancesFailing(String reason, List<String> failures) {
        return condition(INSTANCES_READY, false, reason, String.join("; ", failures));
    }

    /**
     * Ready follows the other conditions: the function can take invocations once its queues and Deployment are,
     * and every trigger it asks for fires.
     */
    public FunctionStatus markReadyFromParts() {
        Optional<Condition> notReady = conditions.stream()
                .filter(c -> !READY.equals(c.getType()) && !"True".equals(c.getStatus()))
                .findFirst();
        return notReady.map(c -> condition(READY, false, c.getReason(), c.getMessage()))
                .orElseGet(() -> condition(READY, true, "Ready", "the function takes invocations"));
    }

    /** Sets {@code observedGeneration} everywhere and keeps transition times of conditions whose status did not change. */
    public FunctionStatus stamp(FunctionStatus previous, long generation, Instant now) {
        this.observedGeneration = generation;
        for (Condition condition : conditions) {
            condition.setObservedGeneration(generation);
            String since = Optional.ofNullable(previous)
                    .flatMap(p -> p.condition(condition.getType()))
                    .filter(p -> p.getStatus().equals(condition.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .orElse(now.toString());
            condition.setLastTransitionTime(since);
        }
        return this;
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** The Ready condition when it says the spec is invalid: nothing runs such a Function until its spec is fixed. */
    public Optional<Condition> invalidSpec() {
        return condition(READY)
                .filter(ready -> "False".equals(ready.getStatus()) && REASON_INVALID_SPEC.equals(ready.getReason()));
    }

    @JsonIgnore
    public boolean isReady() {
        return condition(READY).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    private FunctionStatus condition(String type, boolean status, String reason, String message) {
        conditions.removeIf(c -> type.equals(c.getType()));
        conditions.add(new ConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withReason(reason)
                .withMessage(message)
                .build());
        conditions.sort((a, b) -> Integer.compare(order(a.getType()), order(b.getType())));
        return this;
    }

    private static int order(String type) {
        // a failed init is why the Deployment is not ready: Ready names it first
        return List.of(READY, QUEUE_READY, INSTANCES_READY, DEPLOYMENT_READY, TRIGGERS_READY)
                .indexOf(type);
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public FunctionQueues getQueue() {
        return queue;
    }

    public void setQueue(FunctionQueues queue) {
        this.queue = queue;
    }

    public AutoscalingStatus getAutoscaling() {
        return autoscaling;
    }

    public void setAutoscaling(AutoscalingStatus autoscaling) {
        this.autoscaling = autoscaling;
    }

    /** Written by the operator's scheduler alone, one entry per schedule trigger. */
    public List<ScheduleStatus> getSchedules() {
        return schedules;
    }

    public void setSchedules(List<ScheduleStatus> schedules) {
        this.schedules = schedules;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** The function URL ({@code http: {url: true}}): the gateway's base URL and {@code FunctionUrlPath}. */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    /** Written by the gateways alone, one entry per databaseChange trigger: its slot's lag, or why it cannot be read. */
    public List<DatabaseChangeStatus> getDatabaseChanges() {
        return databaseChanges;
    }

    public void setDatabaseChanges(List<DatabaseChangeStatus> databaseChanges) {
        this.databaseChanges = databaseChanges;
    }

    /**
     * Written by the gateways alone, one entry per partition of a stream trigger whose records expired unread: how
     * many, the last run of them, and whether the reader is still catching up.
     */
    public List<StreamStatus> getStreams() {
        return streams;
    }

    public void setStreams(List<StreamStatus> streams) {
        this.streams = streams;
    }
}
