package dev.kfn.gateway;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.SpecDuration;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides from the cached Function alone whether a call may be published, and with which limits. Only a
 * function that can never run is refused as not ready: one still starting or scaled to zero takes the call,
 * because its first message is what starts an instance.
 */
public final class FunctionAdmission {

    /** Per-function auth policy ({@code none}, {@code apiKey}, {@code jwt}) for Functions written before {@code spec.auth}; the spec wins. */
    public static final String AUTH_ANNOTATION = "kfn.dev/auth";

    private FunctionAdmission() {}

    /**
     * What the gateway needs of an admitted function. {@code noReadyInstance}: as far as the cached status
     * says, nothing runs it now, so a publish must also wake the autoscaler.
     */
    public record Admitted(
            FunctionId function, Duration timeout, Optional<String> authPolicy, boolean noReadyInstance) {}

    /** @throws InvokeException 404 when there is no such function or version, 502 when it can never run */
    public static Admitted admit(FunctionRef ref, Optional<Function> found, String region) {
        if (found.isEmpty() || !ref.latest()) {
            throw LambdaError.notFound("Function not found: " + ref.arn(region)).exception();
        }
        Function fn = found.get();
        Optional<Condition> invalid = Optional.ofNullable(fn.getStatus()).flatMap(FunctionStatus::invalidSpec);
        if (invalid.isPresent()) {
            throw LambdaError.notReady("The function cannot run until its spec is fixed: "
                            + invalid.get().getMessage())
                    .exception();
        }
        Duration timeout;
        try {
            timeout = SpecDuration.parse(fn.getSpec().getTimeout());
        } catch (IllegalArgumentException e) {
            throw LambdaError.notReady(
                            "The function cannot run until its spec is fixed: spec.timeout " + e.getMessage())
                    .exception();
        }
        Optional<String> policy = authPolicy(fn);
        boolean noReadyInstance = Optional.ofNullable(fn.getStatus())
                        .map(FunctionStatus::getReadyReplicas)
                        .orElse(0)
                == 0;
        return new Admitted(ref.function(), timeout, policy, noReadyInstance);
    }

    /** The function's own auth policy, if it names one: {@code spec.auth}, else the older annotation. */
    public static Optional<String> authPolicy(Function fn) {
        return Optional.ofNullable(fn.getSpec().getAuth())
                .or(() -> Optional.ofNullable(fn.getMetadata().getAnnotations())
                        .map(annotations -> annotations.get(AUTH_ANNOTATION)));
    }
}
