package dev.kfn.gateway;

import dev.kfn.gateway.broker.BrokerLink;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready to take calls once the functions are known and the broker is connected; otherwise calls would fail. */
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
        return HealthCheckResponse.named("kfn-gateway")
            .status(catalog.synced() && broker.connected())
            .withData("functions-synced", catalog.synced())
            .withData("broker-connected", broker.connected())
            .build();
    }
}
