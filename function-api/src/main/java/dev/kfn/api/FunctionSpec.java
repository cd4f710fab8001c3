package dev.kfn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.kfn.contract.Runtime;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Function is. Fields carry their defaults as initial values, because kfn applies defaults
 * itself as well as through the CRD schema (an API server without schema defaulting must behave the same).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.runtime != 'java' || has(self.handler)",
        message = "spec.handler is required for runtime java (pkg.Class::method)",
        fieldPath = ".handler")
public class FunctionSpec {

    @Required
    @JsonPropertyDescription("Where the function's code comes from: exactly one of image or url.")
    private Code code;

    @Required
    @Pattern(Runtime.PATTERN)
    @JsonPropertyDescription(
            "java: a Java handler loaded in-process; provided: a bootstrap behind the Lambda Runtime API.")
    private String runtime;

    @Pattern(Bounds.HANDLER_PATTERN)
    @JsonPropertyDescription(
            "For java: pkg.Class::method or pkg.Class (RequestHandler); for provided: passed as _HANDLER.")
    private String handler;

    @JsonPropertyDescription("Overrides the container's entrypoint (for provided: the bootstrap command).")
    private List<String> command;

    @JsonPropertyDescription("Arguments to the command.")
    private List<String> args;

    @Default(Bounds.MEMORY_DEFAULT)
    @Pattern(Bounds.QUANTITY_PATTERN)
    @ValidationRule(
            value = "quantity(self).compareTo(quantity('" + Bounds.MEMORY_MIN + "')) >= 0"
                    + " && quantity(self).compareTo(quantity('" + Bounds.MEMORY_MAX + "')) <= 0",
            message = "memory must be between " + Bounds.MEMORY_MIN + " and " + Bounds.MEMORY_MAX)
    @JsonPropertyDescription("Memory for each instance (requests = limits); CPU is derived from it. 128Mi to 10Gi.")
    private String memory = Bounds.MEMORY_DEFAULT;

    @Default(Bounds.TIMEOUT_DEFAULT)
    @Pattern(Bounds.DURATION_PATTERN)
    @ValidationRule(
            value = "duration(self) >= duration('" + Bounds.TIMEOUT_MIN + "')" + " && duration(self) <= duration('"
                    + Bounds.TIMEOUT_MAX + "')",
            message = "timeout must be between " + Bounds.TIMEOUT_MIN + " and " + Bounds.TIMEOUT_MAX)
    @JsonPropertyDescription("Hard limit on one invocation, as a duration with a unit: 3s, 30s, 15m. 1s to 900s.")
    private String timeout = Bounds.TIMEOUT_DEFAULT;

    @Default(Bounds.EPHEMERAL_STORAGE_DEFAULT)
    @Pattern(Bounds.QUANTITY_PATTERN)
    @ValidationRule(
            value = "quantity(self).compareTo(quantity('" + Bounds.EPHEMERAL_STORAGE_MIN + "')) >= 0"
                    + " && quantity(self).compareTo(quantity('" + Bounds.EPHEMERAL_STORAGE_MAX + "')) <= 0",
            message = "ephemeralStorage must be between " + Bounds.EPHEMERAL_STORAGE_MIN + " and "
                    + Bounds.EPHEMERAL_STORAGE_MAX)
    @JsonPropertyDescription("Size of the writable /tmp. 512Mi to 10Gi.")
    private String ephemeralStorage = Bounds.EPHEMERAL_STORAGE_DEFAULT;

    private Concurrency concurrency = new Concurrency();

    private Scaling scaling = new Scaling();

    private AsyncInvocation async = new AsyncInvocation();

    @JsonPropertyDescription("Environment of the function; Secrets and ConfigMaps through valueFrom.")
    private List<EnvVar> env = new ArrayList<>();

    @Pattern(Bounds.AUTH_PATTERN)
    @JsonPropertyDescription("Who may invoke it through the gateway when the gateway's auth is on: none, apiKey or jwt;"
            + " unset means the gateway's default policy.")
    private String auth;

    @JsonPropertyDescription("The ServiceAccount the function's pods run as.")
    private String serviceAccountName;

    @JsonPropertyDescription("Event sources that invoke the function.")
    private List<Trigger> triggers = new ArrayList<>();

    public Code getCode() {
        return code;
    }

    public void setCode(Code code) {
        this.code = code;
    }

    public String getRuntime() {
        return runtime;
    }

    public void setRuntime(String runtime) {
        this.runtime = runtime;
    }

    public String getHandler() {
        return handler;
    }

    public void setHandler(String handler) {
        this.handler = handler;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getEphemeralStorage() {
        return ephemeralStorage;
    }

    public void setEphemeralStorage(String ephemeralStorage) {
        this.ephemeralStorage = ephemeralStorage;
    }

    public Concurrency getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(Concurrency concurrency) {
        this.concurrency = concurrency == null ? new Concurrency() : concurrency;
    }

    public Scaling getScaling() {
        return scaling;
    }

    public void setScaling(Scaling scaling) {
        this.scaling = scaling == null ? new Scaling() : scaling;
    }

    public AsyncInvocation getAsync() {
        return async;
    }

    public void setAsync(AsyncInvocation async) {
        this.async = async == null ? new AsyncInvocation() : async;
    }

    public List<EnvVar> getEnv() {
        return env;
    }

    public void setEnv(List<EnvVar> env) {
        this.env = env == null ? new ArrayList<>() : env;
    }

    public String getAuth() {
        return auth;
    }

    public void setAuth(String auth) {
        this.auth = auth;
    }

    public String getServiceAccountName() {
        return serviceAccountName;
    }

    public void setServiceAccountName(String serviceAccountName) {
        this.serviceAccountName = serviceAccountName;
    }

    public List<Trigger> getTriggers() {
        return triggers;
    }

    public void setTriggers(List<Trigger> triggers) {
        this.triggers = triggers == null ? new ArrayList<>() : triggers;
    }
}
