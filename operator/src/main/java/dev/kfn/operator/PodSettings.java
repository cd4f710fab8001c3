package dev.kfn.operator;

import dev.kfn.contract.broker.BrokerSettings;
import java.time.Duration;

/** The operator-wide settings that shape every function's pods; a value so the builders stay pure functions. */
public record PodSettings(
        String runtimeImage,
        int mebibytesPerVcpu,
        int maxCpuMillicores,
        int minCpuLimitMillicores,
        int providedHostMemoryMib,
        Duration drainMargin,
        String region,
        String brokerHost,
        int brokerPort,
        String brokerVhost,
        String brokerSecret) {

    /** The broker as function pods reach it: where the operator does, unless told otherwise. */
    public static PodSettings from(KfnConfig config, BrokerSettings brokerSettings) {
        KfnConfig.Broker broker = config.broker();
        return new PodSettings(
                config.runtimeImage(),
                config.mebibytesPerVcpu(),
                config.maxCpuMillicores(),
                config.minCpuLimitMillicores(),
                config.providedHostMemoryMib(),
                config.drainMargin(),
                config.region(),
                broker.hostForFunctions().orElse(brokerSettings.host()),
                broker.portForFunctions().orElse(brokerSettings.port()),
                brokerSettings.vhost(),
                broker.credentialsSecret());
    }
}
