package dev.kfn.operator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every informer of the operator is connected and synced. */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {

    private final OperatorLifecycle lifecycle;

    public OperatorReadiness(OperatorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kfn-operator")
                .status(lifecycle.healthy())
                .build();
    }
}
