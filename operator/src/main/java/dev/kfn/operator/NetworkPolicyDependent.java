package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** Keeps each function's NetworkPolicy as {@link FunctionNetworkPolicy} builds it. */
public class NetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, Function> {

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
        configureWith(new KubernetesDependentResourceConfigBuilder<NetworkPolicy>()
            .withKubernetesDependentInformerConfig(InformerConfiguration.builder(NetworkPolicy.class)
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .build())
            .build());
    }

    /** Named as its function, so it is found without building the desired object (which reads the live one). */
    @Override
    protected ResourceID targetSecondaryResourceID(Function fn, Context<Function> context) {
        return ResourceID.fromResource(fn);
    }

    @Override
    protected NetworkPolicy desired(Function fn, Context<Function> context) {
        return FunctionNetworkPolicy.desired(fn);
    }
}
