package dev.kfn.runtime.health;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.runtime.Host;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Readiness only while the handler is initialised and invocations flow: provisioned instances are warm when ready. */
public final class HostHealth {

    private HostHealth() {}

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final Host host;

        Ready(Host host) {
            this.host = host;
        }

        /** A failed init is in the answer, so the operator can say why the instance is not ready. */
        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("handler initialised and consuming")
                    .status(host.ready());
            host.initFailure().ifPresent(error -> response.withData(HostEnvironment.INIT_ERROR_DATA, error));
            return response.build();
        }
    }

    /**
     * The process answers. A host that cannot go on (a java handler timed out, or its init never ended) exits rather than
     * report down; a lost broker only makes it not ready, as a restart would not bring the broker back.
     */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("host").up().build();
        }
    }
}
