package dev.kfn.gateway.objectstore;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.Invoker;
import dev.kfn.gateway.LambdaError;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Delivers object events to the Functions of a namespace whose triggers take them: one asynchronous invocation
 * per event and Function, through the Function's async queue, so its retries, dead-letter queue, destinations and
 * concurrency apply as to any event; a Function with no instance is woken by the publish.
 */
@ApplicationScoped
public class ObjectEventDelivery {

    private static final Logger LOG = Logger.getLogger(ObjectEventDelivery.class);

    private static final InvocationMessage.Context JSON =
            new InvocationMessage.Context(Optional.of("application/json"), Optional.empty(), Optional.empty());

    private final FunctionCatalog catalog;
    private final Invoker invoker;
    private final String region;

    public ObjectEventDelivery(FunctionCatalog catalog, Invoker invoker, GatewayConfig config) {
        this.catalog = catalog;
        this.invoker = invoker;
        this.region = config.region();
    }

    /**
     * Completes with the number of invocations once the broker holds every one of them; fails (with the
     * {@link dev.kfn.gateway.InvokeException} of the first that could not be queued) otherwise, and the sender
     * should send again.
     */
    public CompletableFuture<Integer> deliver(String namespace, List<ObjectEvent> events) {
        if (!catalog.synced()) {
            // before the first list every Function looks absent: a notification taken now would reach none
            return CompletableFuture.failedFuture(LambdaError.serviceUnavailable(
                            "The gateway has not read the Functions yet; send the notification again")
                    .exception());
        }
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (ObjectEvent event : events) {
            byte[] payload = event.payload();
            for (FunctionId target : ObjectEventTargets.of(namespace, catalog.all(), event)) {
                FunctionAdmission.Admitted fn;
                try {
                    fn = FunctionAdmission.admit(
                            new FunctionRef(target, Optional.empty()), catalog.find(target), region);
                } catch (InvokeException e) {
                    // gone since the lookup, or a spec it can never run with: held back, it would hold the others
                    LOG.warnf(
                            "Object event for %s not delivered: %s",
                            target, e.error().message());
                    continue;
                }
                try {
                    queued.add(invoker.enqueue(fn, payload, JSON));
                } catch (RuntimeException e) {
                    queued.add(CompletableFuture.failedFuture(e));
                }
            }
        }
        return CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).thenApply(all -> queued.size());
    }
}
