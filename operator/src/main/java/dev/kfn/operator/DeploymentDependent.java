package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Keeps each function's Deployment as {@link FunctionDeployment} builds it, handing its replicas back untouched. */
public class DeploymentDependent extends FunctionDependent<Deployment> {

    private final PodSettings settings;

    public DeploymentDependent(PodSettings settings) {
        super(Deployment.class);
        this.settings = settings;
    }

    @Override
    protected Deployment desired(Function fn, Context<Function> context) {
        return FunctionDeployment.desired(
                fn,
                settings,
                getSecondaryResource(fn, context).map(live -> live.getSpec().getReplicas()));
    }
}
