package dev.kfn.runtime.config;

import dev.kfn.contract.broker.BrokerSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** The broker settings every kfn deployable reads: {@code kfn.broker.*}, from {@code KFN_BROKER_*} in a pod. */
public final class BrokerSettingsProducer {

    @Produces
    @Singleton
    BrokerSettings brokerSettings() {
        return BrokerSettings.fromConfig(key -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    }
}
