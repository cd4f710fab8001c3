package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * An object kfn keeps for each Function, named as the function. Its informer watches only what kfn
 * manages, so the operator never caches every Deployment of a cluster.
 */
abstract class FunctionDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, Function> {

    FunctionDependent(Class<R> type) {
        super(type);
        configureWith(new KubernetesDependentResourceConfigBuilder<R>()
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(type)
                        .withLabelSelector(Labels.MANAGED_SELECTOR)
                        .build())
                .build());
    }

    /** Found by name, without building the desired object (which may itself read the live one). */
    @Override
    protected ResourceID targetSecondaryResourceID(Function fn, Context<Function> context) {
        return ResourceID.fromResource(fn);
    }
}
