package dev.kfn.operator;

import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.FunctionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The destinations a Function's spec declares, in the contract's terms, each with the field that declares it: the
 * host is told them, the function's broker identity is allowed exactly them, and a problem with one names its field.
 */
public final class FunctionDestinations {

    /** One declared destination; {@code field} names it as a status message does, e.g. spec.async.onSuccess.queue. */
    public record Declared(String field, DestinationAddress address) {}

    private FunctionDestinations() {}

    /** A valid spec's destinations (FunctionValidation has checked their form). */
    public static List<Declared> of(Function fn) {
        String namespace = fn.getMetadata().getNamespace();
        List<Declared> declared = new ArrayList<>();
        declared("spec.async.onSuccess", fn.getSpec().getAsync().getOnSuccess(), namespace)
                .ifPresent(declared::add);
        declared("spec.async.onFailure", fn.getSpec().getAsync().getOnFailure(), namespace)
                .ifPresent(declared::add);
        return List.copyOf(declared);
    }

    public static List<DestinationAddress> addresses(Function fn) {
        return of(fn).stream().map(Declared::address).toList();
    }

    /** A destination in the text form the host reads; a bare function name means the function's own namespace. */
    public static Optional<Declared> declared(String field, Destination destination, String namespace) {
        if (destination == null) {
            return Optional.empty();
        }
        if (destination.getFunction() != null) {
            return Optional.of(new Declared(
                    field + ".function",
                    new DestinationAddress.ToFunction(function(destination.getFunction(), namespace))));
        }
        if (destination.getQueue() != null) {
            return Optional.of(new Declared(field + ".queue", new DestinationAddress.ToQueue(destination.getQueue())));
        }
        return Optional.of(
                new Declared(field + ".topic", new DestinationAddress.ToTopic(namespace, destination.getTopic())));
    }

    private static FunctionId function(String target, String namespace) {
        if (!target.contains("/")) {
            return new FunctionId(namespace, target);
        }
        return FunctionId.parse(target)
                .orElseThrow(() -> new IllegalArgumentException(
                        "a destination function is <name> or <namespace>/<name>, got " + target));
    }
}
