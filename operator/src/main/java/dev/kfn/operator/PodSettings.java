package dev.kfn.operator;

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

    public static PodSettings from(KfnConfig config) {
        KfnConfig.Broker broker = config.broker();
        return new PodSettings(
            config.runtimeImage(),
            config.mebibytesPerVcpu(),
            config.maxCpuMillicores(),
            config.minCpuLimitMillicores(),
            config.providedHostMemoryMib(),
            config.drainMargin(),
            config.region(),
            broker.hostForFunctions().orElse(broker.host()),
            broker.portForFunctions().orElse(broker.port()),
            broker.vhost(),
            broker.credentialsSecret());
    }
}
