package dev.kfn.operator.schedule;

import dev.kfn.api.Function;
import dev.kfn.api.ScheduleStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/**
 * The scheduler's one write: {@code status.schedules} alone, so it never races the reconciler's fields. A JSON
 * patch that sets the member, because a merge patch's array handling differs between API servers (Fabric8's mock
 * appends where Kubernetes replaces).
 */
final class ScheduleStatusWriter {

    private final KubernetesClient client;

    ScheduleStatusWriter(KubernetesClient client) {
        this.client = client;
    }

    /** An empty list removes the field. */
    void write(Function fn, List<ScheduleStatus> schedules) {
        String patch = schedules.isEmpty()
                ? "[{\"op\":\"remove\",\"path\":\"/status/schedules\"}]"
                : "[{\"op\":\"add\",\"path\":\"/status/schedules\",\"value\":"
                        + client.getKubernetesSerialization().asJson(schedules) + "}]";
        client.resources(Function.class)
                .inNamespace(fn.getMetadata().getNamespace())
                .withName(fn.getMetadata().getName())
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON), patch);
    }
}
