package dev.kfn.operator;

import dev.kfn.contract.broker.BrokerSettings;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Optional;

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
        int maxInstances,
        boolean allowHttpCode,
        Tmp tmp) {

    /**
     * Where /tmp lives: in memory up to {@code memoryMax} (a full tmpfs says "No space left on device" and the
     * instance lives on), above it on a volume of {@code storageClass} when one is set (a full filesystem says the
     * same), else on the node's disk with a size limit (past which the kubelet evicts the pod).
     */
    public record Tmp(Quantity memoryMax, Optional<String> storageClass) {}

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
                config.autoscaler().maxInstances(),
                config.code().allowHttp(),
                new Tmp(new Quantity(config.tmp().memoryMax()), config.tmp().storageClass()));
    }
}
