package dev.kfn.runtime.invoke;

import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.runtime.config.HostConfig;
import java.util.Map;

/**
 * The function as this instance runs it, with the names Lambda code sees; the pod's Lambda variables win where the
 * operator set them.
 */
public record FunctionInstance(FunctionId id, int memoryMib, String region, String logGroup, String logStream) {

    public static FunctionInstance of(HostConfig config) {
        return of(
                new FunctionId(config.functionNamespace(), config.functionName()),
                config.memoryMib(),
                config.region(),
                System.getenv());
    }

    static FunctionInstance of(FunctionId id, int memoryMib, String defaultRegion, Map<String, String> env) {
        return new FunctionInstance(
                id,
                memoryMib,
                env.getOrDefault(HostEnvironment.AWS_REGION, defaultRegion),
                env.getOrDefault(HostEnvironment.LAMBDA_LOG_GROUP_NAME, id.logGroup()),
                env.getOrDefault(
                        HostEnvironment.LAMBDA_LOG_STREAM_NAME,
                        "kfn-" + ProcessHandle.current().pid()));
    }

    public String name() {
        return id.name();
    }

    /** Lambda-shaped, with kfn's namespace in place of the account, as the gateway reads it. */
    public FunctionArn arn() {
        return FunctionArn.of(region, id);
    }
}
