package dev.kfn.runtime.invoke;

import dev.kfn.api.FunctionArn;
import dev.kfn.api.HostEnvironment;
import dev.kfn.runtime.config.HostConfig;

import java.util.Map;

/** The names Lambda code sees for the function it runs in; the pod's Lambda variables win where the operator set them. */
public record FunctionIdentity(String namespace, String name, int memoryMib, String region, String logGroup, String logStream) {

    public static final String VERSION = "$LATEST";

    public static FunctionIdentity of(HostConfig config) {
        return of(config, System.getenv());
    }

    static FunctionIdentity of(HostConfig config, Map<String, String> env) {
        return new FunctionIdentity(config.functionNamespace(), config.functionName(), config.memoryMib(),
            env.getOrDefault(HostEnvironment.AWS_REGION, config.region()),
            env.getOrDefault(HostEnvironment.LAMBDA_LOG_GROUP_NAME, "/kfn/" + config.functionNamespace() + "/" + config.functionName()),
            env.getOrDefault(HostEnvironment.LAMBDA_LOG_STREAM_NAME, "kfn-" + ProcessHandle.current().pid()));
    }

    /** Lambda-shaped, with kfn's namespace in place of the account, as the gateway reads it. */
    public String arn() {
        return FunctionArn.of(region, namespace, name).toString();
    }
}
