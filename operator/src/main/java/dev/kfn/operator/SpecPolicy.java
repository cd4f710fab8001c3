package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.contract.DestinationAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What this operator allows beyond the CRD's own bounds, checked after {@code FunctionValidation}: a destination in
 * another namespace reaches into work that namespace's owners did not offer, and code fetched over plain HTTP can be
 * changed on the way. Both are refused unless the operator is configured to allow them.
 */
public record SpecPolicy(boolean allowOtherNamespaceDestinations, boolean allowHttpCode) {

    public static SpecPolicy from(KfnConfig config) {
        return new SpecPolicy(
                config.destinations().allowOtherNamespaces(), config.code().allowHttp());
    }

    /** Every refusal, each naming its field; empty when the spec is allowed. */
    public List<String> problems(Function fn) {
        List<String> problems = new ArrayList<>();
        String namespace = fn.getMetadata().getNamespace();
        for (FunctionDestinations.Declared d : FunctionDestinations.of(fn)) {
            if (d.address() instanceof DestinationAddress.ToFunction target
                    && !target.function().namespace().equals(namespace)
                    && !allowOtherNamespaceDestinations) {
                problems.add(d.field() + ": " + target.function() + " is in another namespace; a destination must be"
                        + " a function of namespace " + namespace + " (the operator allows others with"
                        + " kfn.destinations.allow-other-namespaces)");
            }
        }
        String url = fn.getSpec().getCode().getUrl();
        if (url != null && url.startsWith("http://") && !allowHttpCode) {
            problems.add("spec.code.url: " + url + " is plain HTTP; use https:// (the operator allows http:// with"
                    + " kfn.code.allow-http)");
        }
        return List.copyOf(problems);
    }
}
