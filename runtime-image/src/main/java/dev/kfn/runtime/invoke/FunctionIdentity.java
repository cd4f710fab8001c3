package dev.kfn.runtime.invoke;

import dev.kfn.runtime.config.HostConfig;

/** The names Lambda code sees for the function it runs in. */
public record FunctionIdentity(String namespace, String name, int memoryMib, String region) {

    public static final String VERSION = "$LATEST";

    public static FunctionIdentity of(HostConfig config) {
        return new FunctionIdentity(config.functionNamespace(), config.functionName(), config.memoryMib(), config.region());
    }

    /** Lambda-shaped, with kfn's namespace in place of the account. */
    public String arn() {
        return "arn:aws:lambda:" + region + ":" + namespace + ":function:" + name;
    }

    public String logGroup() {
        return "/aws/lambda/" + name;
    }
}
