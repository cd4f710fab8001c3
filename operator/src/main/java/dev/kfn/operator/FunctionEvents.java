package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.UUID;

/** Kubernetes Events about a Function, as {@code kubectl describe fn} shows them. */
public class FunctionEvents {

    private final KubernetesClient client;
    private final String component;

    public FunctionEvents(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    public void record(Function fn, String type, String reason, String message, Instant now) {
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
                        .withType(type)
                        .withCount(1)
                        .withFirstTimestamp(now.toString())
                        .withLastTimestamp(now.toString())
                        .withNewSource()
                        .withComponent(component)
                        .endSource()
                        .build())
                .create();
    }
}
