package dev.kfn.operator;

import dev.kfn.contract.broker.BrokerSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** How the operator reaches the broker: the {@code kfn.broker.*} keys every kfn deployable reads the same way. */
public class OperatorBrokerSettings {

    @Produces
    @Singleton
    BrokerSettings brokerSettings() {
        return BrokerSettings.fromConfig(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }
}
