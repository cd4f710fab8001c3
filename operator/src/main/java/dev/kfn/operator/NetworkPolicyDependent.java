package dev.kfn.operator;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Keeps each function's NetworkPolicy as {@link FunctionNetworkPolicy} builds it. */
public class NetworkPolicyDependent extends FunctionDependent<NetworkPolicy> {

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(Function fn, Context<Function> context) {
        return FunctionNetworkPolicy.desired(fn);
    }
}
