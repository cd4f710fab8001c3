package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions whose queues wait for the broker, reconciled again the moment a connection to it opens, so the
 * broker's return is seen at once rather than at the end of each function's back-off.
 */
public class BrokerReachableEventSource extends SimpleInboundEventSource<Function> {

    private final Set<FunctionId> waiting = ConcurrentHashMap.newKeySet();

    public BrokerReachableEventSource() {
        super("broker-reachable");
    }

    /** Called before the broker is tried, so a broker that comes back during the attempt still wakes the function. */
    public void waitFor(FunctionId function) {
        waiting.add(function);
    }

    public void done(FunctionId function) {
        waiting.remove(function);
    }

    public void brokerReachable() {
        for (FunctionId function : List.copyOf(waiting)) {
            waiting.remove(function);
            propagateEvent(new ResourceID(function.name(), function.namespace()));
        }
    }
}
