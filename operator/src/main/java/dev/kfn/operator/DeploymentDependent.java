package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** Keeps each function's Deployment as {@link FunctionDeployment} builds it, handing its replicas back untouched. */
public class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, Function> {

    private final PodSettings settings;

    public DeploymentDependent(PodSettings settings) {
        super(Deployment.class);
        this.settings = settings;
        configureWith(new KubernetesDependentResourceConfigBuilder<Deployment>()
            .withKubernetesDependentInformerConfig(InformerConfiguration.builder(Deployment.class)
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
    protected Deployment desired(Function fn, Context<Function> context) {
        return FunctionDeployment.desired(fn, settings,
            getSecondaryResource(fn, context).map(live -> live.getSpec().getReplicas()));
    }
}
