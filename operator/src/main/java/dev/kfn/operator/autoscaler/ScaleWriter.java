package dev.kfn.operator.autoscaler;

import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import dev.kfn.operator.FunctionEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The autoscaler's writes to Kubernetes: the Deployment's scale, an Event, and its part of the Function's status. */
public class ScaleWriter {

    private static final String COMPONENT = "kfn-autoscaler";

    private final KubernetesClient client;
    private final FunctionEvents events;

    public ScaleWriter(KubernetesClient client) {
        this.client = client;
        this.events = new FunctionEvents(client, COMPONENT);
    }

    /** Through the scale subresource, so the replicas field is the only thing the autoscaler ever writes. */
    public void scale(Function fn, int replicas) {
        client.apps()
                .deployments()
                .inNamespace(fn.getMetadata().getNamespace())
                .withName(fn.getMetadata().getName())
                .scale(replicas);
    }

    public void event(Function fn, String reason, String message, Instant now) {
        events.record(fn, "Normal", reason, message, now);
    }

    /** A merge patch of {@code status.autoscaling} alone, so it never races the reconciler's fields. */
    public void status(Function fn, AutoscalingStatus autoscaling) {
        String body = client.getKubernetesSerialization().asJson(patch(autoscaling));
        client.resources(Function.class)
                .inNamespace(fn.getMetadata().getNamespace())
                .withName(fn.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    }

    /** The whole of {@code status.autoscaling}: a field the status leaves out is removed (a read error that cleared). */
    static Map<String, Object> patch(AutoscalingStatus autoscaling) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("queueDepth", autoscaling.getQueueDepth());
        fields.put("lastScaleTime", autoscaling.getLastScaleTime());
        fields.put("lastScaleReason", autoscaling.getLastScaleReason());
        fields.put("readError", autoscaling.getReadError());
        return Map.of("status", Map.of("autoscaling", fields));
    }
}
