package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.contract.HostEnvironment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;

/**
 * Instances pull their work from the broker and nobody calls them, so nothing may connect to them
 * except a metrics scraper on the host's HTTP port. Egress stays open: functions call out.
 */
public final class FunctionNetworkPolicy {

    private FunctionNetworkPolicy() {}

    public static NetworkPolicy desired(Function fn) {
        return new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName(fn.getMetadata().getName())
                .withNamespace(fn.getMetadata().getNamespace())
                .withLabels(Labels.of(fn))
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .withMatchLabels(Labels.selector(fn))
                .endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewPort()
                .withProtocol("TCP")
                .withPort(new IntOrString(HostEnvironment.HTTP_PORT))
                .endPort()
                .endIngress()
                .endSpec()
                .build();
    }
}
