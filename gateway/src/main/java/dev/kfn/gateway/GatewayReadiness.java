package dev.kfn.gateway;

import dev.kfn.gateway.broker.BrokerLink;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to take calls once the functions are known and there is a usable broker session; otherwise calls would
 * fail. Not a liveness check: a gateway without a broker reconnects by itself, and restarting it would not help.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final FunctionCatalog catalog;
    private final BrokerLink broker;

    public GatewayReadiness(FunctionCatalog catalog, BrokerLink broker) {
        this.catalog = catalog;
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<String> brokerProblem = broker.problem();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kfn-gateway")
                .status(catalog.synced() && brokerProblem.isEmpty())
                .withData("functions-synced", catalog.synced())
                .withData("broker-connected", brokerProblem.isEmpty());
        brokerProblem.ifPresent(problem -> response.withData("broker", problem));
        return response.build();
    }
}
