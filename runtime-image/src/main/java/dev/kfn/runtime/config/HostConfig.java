package dev.kfn.runtime.config;

import dev.kfn.contract.Runtime;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host's configuration, from the environment the operator writes ({@code KFN_X_Y} is {@code kfn.x-y};
 * see {@link dev.kfn.contract.HostEnvironment}). The last group has defaults and exists for tests and tuning. The broker
 * settings are every deployable's {@code kfn.broker.*} ({@link BrokerSettingsProducer}).
 */
@ConfigMapping(prefix = "kfn")
public interface HostConfig {

    String functionNamespace();

    String functionName();

    @WithDefault("java")
    @WithConverter(RuntimeConverter.class)
    Runtime runtime();

    /** A java handler ({@code pkg.Class} or {@code pkg.Class::method}), or the {@code _HANDLER} a bootstrap reads. */
    Optional<String> handler();

    /** A jar or zip fetched into the task root before init: https, a file of the image, or http where allowed. */
    Optional<String> codeUrl();

    /** The hex SHA-256 the archive must have ({@code code.sha256}). */
    Optional<String> codeSha256();

    /** Whether {@code http://} code URLs are fetched; only the operator sets it. */
    @WithDefault("false")
    boolean codeAllowHttp();

    @WithDefault("3000")
    long timeoutMillis();

    @WithDefault("1")
    int concurrency();

    @WithDefault("128")
    int memoryMib();

    @WithDefault("2")
    int maxRetries();

    @WithDefault("21600")
    long maxEventAgeSeconds();

    /**
     * Deliveries of one attempt that may be lost (the instance died or lost the broker while holding it) before the
     * attempt fails with {@code Runtime.ExitError}; below a quorum queue's {@code x-delivery-limit}.
     */
    @WithDefault("2")
    int maxUnfinishedDeliveries();

    Optional<String> onSuccess();

    Optional<String> onFailure();

    /** Where the code lives; Lambda's {@code LAMBDA_TASK_ROOT}. */
    @WithDefault("/var/task")
    String taskRoot();

    /** The bootstrap command of a {@code provided} function; empty means {@code <task root>/bootstrap}. */
    Optional<List<String>> bootstrapCommand();

    /** Delay before retry 1, 2, …; Lambda waits one minute, then two. */
    @WithDefault("60s,120s")
    List<Duration> retryDelays();

    /** Longest wait for in-flight invocations on SIGTERM; the pod's grace period must be longer. */
    @WithDefault("905s")
    Duration drainTimeout();

    /** First port of the Lambda Runtime API; bootstrap process {@code i} talks to {@code port + i}. */
    @WithDefault("9001")
    int runtimeApiPort();

    /** How long a java handler's init, or a bootstrap until its first {@code next} call, may take (Lambda: 10 s). */
    @WithDefault("10s")
    Duration initTimeout();

    /** Longest wait for the next bytes of a {@code code.url} archive. */
    @WithDefault("30s")
    Duration codeReadTimeout();

    /** Longest fetch of a {@code code.url} archive in all. */
    @WithDefault("300s")
    Duration codeFetchTimeout();

    @WithDefault("us-east-1")
    String region();
}
