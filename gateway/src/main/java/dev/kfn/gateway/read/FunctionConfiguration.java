package dev.kfn.gateway.read;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.SpecDuration;
import dev.kfn.contract.FunctionArn;
import dev.kfn.contract.FunctionVersion;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Function as Lambda's {@code FunctionConfiguration} describes one, for {@code ListFunctions}, {@code GetFunction}
 * and {@code GetFunctionConfiguration}: the fields the AWS SDKs and CLI read, taken from the spec and the status.
 * Environment values come from literal {@code env} entries only; one from a Secret or ConfigMap is never shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
public record FunctionConfiguration(
        String functionName,
        String functionArn,
        String runtime,
        String role,
        String handler,
        long codeSize,
        String description,
        int timeout,
        int memorySize,
        String lastModified,
        String codeSha256,
        String version,
        Environment environment,
        String revisionId,
        String state,
        String stateReason,
        String stateReasonCode,
        String lastUpdateStatus,
        String packageType,
        List<String> architectures,
        EphemeralStorage ephemeralStorage) {

    /** Lambda's ISO 8601 form, {@code 2026-12-02T05:07:55.000+0000}. */
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private static final long MIB = 1024 * 1024;

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record Environment(Map<String, String> variables) {}

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    public record EphemeralStorage(int size) {}

    public static FunctionConfiguration of(Function fn, String region) {
        FunctionSpec spec = fn.getSpec();
        Optional<Condition> ready =
                Optional.ofNullable(fn.getStatus()).flatMap(status -> status.condition(FunctionStatus.READY));
        String state = state(ready);
        return new FunctionConfiguration(
                fn.getMetadata().getName(),
                FunctionArn.of(region, fn.id()).toString(),
                lambdaRuntime(spec.getRuntime()),
                spec.getServiceAccountName() == null
                        ? null
                        : "system:serviceaccount:" + fn.getMetadata().getNamespace() + ":"
                                + spec.getServiceAccountName(),
                spec.getHandler(),
                0,
                "",
                (int) SpecDuration.parse(spec.getTimeout()).toSeconds(),
                mebibytes(spec.getMemory()),
                LAST_MODIFIED.format(OffsetDateTime.parse(fn.getMetadata().getCreationTimestamp())),
                codeSha256(spec),
                FunctionVersion.LATEST,
                environment(spec.getEnv()),
                fn.getMetadata().getResourceVersion(),
                state,
                state.equals("Active") ? null : ready.map(Condition::getMessage).orElse("kfn has not read it yet"),
                state.equals("Active") ? null : ready.map(Condition::getReason).orElse("Creating"),
                "Successful",
                spec.getCode() != null && spec.getCode().getImage() != null ? "Image" : "Zip",
                List.of("x86_64"),
                new EphemeralStorage(mebibytes(spec.getEphemeralStorage())));
    }

    /** A function runs unless its spec cannot: one scaled to zero is Active, as an idle Lambda function is. */
    private static String state(Optional<Condition> ready) {
        if (ready.isEmpty()) {
            return "Pending";
        }
        boolean invalid = "False".equals(ready.get().getStatus())
                && FunctionStatus.REASON_INVALID_SPEC.equals(ready.get().getReason());
        return invalid ? "Failed" : "Active";
    }

    /** kfn's {@code java} host runs Java 17 handlers; {@code provided} is Lambda's OS-only runtime. */
    private static String lambdaRuntime(String runtime) {
        return switch (runtime == null ? "" : runtime) {
            case "java" -> "java17";
            case "provided" -> "provided.al2023";
            default -> runtime;
        };
    }

    private static int mebibytes(String quantity) {
        BigDecimal bytes = Quantity.getAmountInBytes(new Quantity(quantity));
        return bytes.divide(BigDecimal.valueOf(MIB)).intValue();
    }

    /** Lambda's CodeSha256 is the digest in base64; kfn's spec writes it in hex. */
    private static String codeSha256(FunctionSpec spec) {
        if (spec.getCode() == null || spec.getCode().getSha256() == null) {
            return "";
        }
        return Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(spec.getCode().getSha256()));
    }

    /** None when the function sets no literal variable, as Lambda leaves Environment out. */
    private static Environment environment(List<EnvVar> env) {
        Map<String, String> variables = literalEnvironment(env);
        return variables.isEmpty() ? null : new Environment(variables);
    }

    private static Map<String, String> literalEnvironment(List<EnvVar> env) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (EnvVar var : env == null ? List.<EnvVar>of() : env) {
            if (var != null && var.getName() != null && var.getValueFrom() == null) {
                variables.put(var.getName(), var.getValue() == null ? "" : var.getValue());
            }
        }
        return variables;
    }
}
