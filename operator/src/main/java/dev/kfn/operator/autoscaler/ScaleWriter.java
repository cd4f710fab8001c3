package dev.kfn.operator.autoscaler;

import dev.kfn.api.AutoscalingStatus;
import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The autoscaler's writes to Kubernetes: the Deployment's scale, an Event, and its part of the Function's status. */
public class ScaleWriter {

    private static final String COMPONENT = "kfn-autoscaler";

    private final KubernetesClient client;

    public ScaleWriter(KubernetesClient client) {
        this.client = client;
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
        client.v1()
                .events()
                .inNamespace(fn.getMetadata().getNamespace())
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(fn.getMetadata().getName() + "."
                                + UUID.randomUUID().toString().substring(0, 13))
                        .withNamespace(fn.getMetadata().getNamespace())
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(fn.getApiVersion())
                        .withKind(fn.getKind())
                        .withName(fn.getMetadata().getName())
                        .withNamespace(fn.getMetadata().getNamespace())
                        .withUid(fn.getMetadata().getUid())
                        .endInvolvedObject()
                        .withReason(reason)
                        .withMessage(message)
                        .withType("Normal")
                        .withCount(1)
                        .withFirstTimestamp(now.toString())
                        .withLastTimestamp(now.toString())
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .build())
                .create();
    }

    /** A merge patch of {@code status.autoscaling} alone, so it never races the reconciler's fields. */
    public void status(Function fn, AutoscalingStatus autoscaling) {
        String body = client.getKubernetesSerialization().asJson(Map.of("status", Map.of("autoscaling", autoscaling)));
        client.resources(Function.class)
                .inNamespace(fn.getMetadata().getNamespace())
                .withName(fn.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    }
}
