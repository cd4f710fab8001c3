package dev.kfn.gateway;

import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionVersion;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which function a call names, as Lambda's {@code FunctionName} says it: {@code name}, {@code name:qualifier} or
 * an ARN; kfn adds {@code namespace/name} ({@link FunctionId}'s text form). A bare name lives in the gateway's
 * default namespace, and an ARN carries the namespace in its account field ({@link FunctionArn}), read by
 * {@link AccountNamespaces}.
 */
public record FunctionRef(FunctionId function, Optional<String> qualifier) {

    private static final Pattern QUALIFIER = Pattern.compile("^(\\$LATEST|[a-zA-Z0-9_-]{1,128})$");

    /** The parts as written, before they are checked. */
    private record Named(String namespace, String name, Optional<String> qualifier) {}

    /**
     * @param qualifierParam the {@code Qualifier} query parameter, if given
     * @throws InvokeException 400 when the name or qualifier is malformed or the two qualifiers disagree
     */
    public static FunctionRef parse(
            String functionName, Optional<String> qualifierParam, AccountNamespaces namespaces) {
        if (functionName == null || functionName.isEmpty()) {
            throw LambdaError.invalidParameter("FunctionName is required").exception();
        }
        Named named = FunctionArn.looksLikeArn(functionName)
                ? fromArn(functionName, namespaces)
                : fromName(functionName, namespaces.defaultNamespace());
        Optional<String> qualifier = agreedQualifier(named.qualifier(), qualifierParam.filter(q -> !q.isEmpty()));
        qualifier.filter(q -> !QUALIFIER.matcher(q).matches()).ifPresent(q -> {
            throw LambdaError.invalidParameter("Qualifier '" + q + "' is not a version or alias name")
                    .exception();
        });
        requireLabel("namespace", named.namespace());
        requireLabel("function name", named.name());
        return new FunctionRef(new FunctionId(named.namespace(), named.name()), qualifier);
    }

    private static Named fromArn(String text, AccountNamespaces namespaces) {
        FunctionArn arn = FunctionArn.parse(text)
                .orElseThrow(() -> LambdaError.invalidParameter(
                                "'" + text
                                        + "' is not a function ARN (arn:aws:lambda:<region>:<namespace>:function:<name>[:<qualifier>])")
                        .exception());
        return new Named(namespaces.namespaceOf(arn.namespace()), arn.name(), arn.qualifier());
    }

    private static Named fromName(String text, String defaultNamespace) {
        String namespace = defaultNamespace;
        String rest = text;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            namespace = text.substring(0, slash);
            rest = text.substring(slash + 1);
        }
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            return new Named(namespace, rest.substring(0, colon), Optional.of(rest.substring(colon + 1)));
        }
        return new Named(namespace, rest, Optional.empty());
    }

    private static Optional<String> agreedQualifier(Optional<String> inName, Optional<String> param) {
        if (inName.isPresent() && param.isPresent() && !inName.get().equals(param.get())) {
            throw LambdaError.invalidParameter(
                            "The derived qualifier from the function name does not match the specified qualifier.")
                    .exception();
        }
        return inName.or(() -> param);
    }

    private static void requireLabel(String what, String value) {
        if (!FunctionId.isLabel(value)) {
            throw LambdaError.invalidParameter(
                            "'" + value + "' is not a valid " + what
                                    + ": at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit")
                    .exception();
        }
    }

    /** True when the call asks for the version kfn runs; any other version or alias does not exist. */
    public boolean latest() {
        return qualifier.map(FunctionVersion.LATEST::equals).orElse(true);
    }

    /** The ARN as the caller qualified it, for messages that name what was asked for. */
    public FunctionArn arn(String region) {
        return new FunctionArn(region, function.namespace(), function.name(), qualifier);
    }
}
