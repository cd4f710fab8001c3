package dev.kfn.api;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.Runtime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's own check of a Function against the bounds the CRD schema declares: an API server
 * may not have evaluated the schema (or an older CRD was installed), and a broken spec must end in
 * {@code Ready=False} with a message naming the field, never in a half-made function.
 */
public final class FunctionValidation {

    private static final java.util.regex.Pattern DNS_1035_LABEL =
            java.util.regex.Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final java.util.regex.Pattern QUANTITY = java.util.regex.Pattern.compile(Bounds.QUANTITY_PATTERN);
    private static final java.util.regex.Pattern HANDLER = java.util.regex.Pattern.compile(Bounds.HANDLER_PATTERN);
    private static final java.util.regex.Pattern AUTH = java.util.regex.Pattern.compile(Bounds.AUTH_PATTERN);
    private static final java.util.regex.Pattern CODE_URL = java.util.regex.Pattern.compile(Code.URL_PATTERN);
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile(Code.SHA256_PATTERN);
    private static final java.util.regex.Pattern DNS_1123_LABEL =
            java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final int NAME_MAX = 63;

    private final List<String> problems = new ArrayList<>();

    private FunctionValidation() {}

    /** Every problem of the function, each naming its field and what is allowed; empty when it is valid. */
    public static List<String> problems(Function fn) {
        FunctionValidation v = new FunctionValidation();
        v.name(fn.getMetadata().getName());
        if (fn.getSpec() == null) {
            v.problems.add("spec is required");
        } else {
            v.spec(fn.getSpec());
        }
        return List.copyOf(v.problems);
    }

    private void name(String name) {
        if (name == null
                || name.length() > NAME_MAX
                || !DNS_1035_LABEL.matcher(name).matches()) {
            problems.add("metadata.name: \"" + name + "\" must be a DNS label of at most " + NAME_MAX
                    + " characters (lower-case letters, digits and '-', starting with a letter)");
        }
    }

    private void spec(FunctionSpec spec) {
        code(spec.getCode());
        runtimeAndHandler(spec);
        quantity("spec.memory", spec.getMemory(), Bounds.MEMORY_MIN, Bounds.MEMORY_MAX);
        duration("spec.timeout", spec.getTimeout(), Bounds.TIMEOUT_MIN, Bounds.TIMEOUT_MAX);
        quantity(
                "spec.ephemeralStorage",
                spec.getEphemeralStorage(),
                Bounds.EPHEMERAL_STORAGE_MIN,
                Bounds.EPHEMERAL_STORAGE_MAX);
        concurrency(spec.getConcurrency());
        duration(
                "spec.scaling.scaleToZeroAfter",
                spec.getScaling().getScaleToZeroAfter(),
                "0s",
                Bounds.SCALING_WINDOW_MAX);
        duration("spec.scaling.scaleDownDelay", spec.getScaling().getScaleDownDelay(), "0s", Bounds.SCALING_WINDOW_MAX);
        async(spec.getAsync());
        if (spec.getAuth() != null && !AUTH.matcher(spec.getAuth()).matches()) {
            problems.add("spec.auth: \"" + spec.getAuth() + "\" is not a policy; use none, apiKey or jwt");
        }
        env(spec.getEnv());
        triggers(spec.getTriggers());
    }

    private void env(List<EnvVar> env) {
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i) == null) {
                problems.add("spec.env[" + i + "] is empty: each entry needs a name");
                continue;
            }
            String name = env.get(i).getName();
            if (name == null || name.isEmpty()) {
                problems.add("spec.env[" + i + "].name is required");
            } else if (HostEnvironment.isReserved(name)) {
                problems.add("spec.env[" + i + "].name: " + name + " is reserved (kfn sets KFN_*, AWS_LAMBDA_*,"
                        + " _HANDLER, LAMBDA_TASK_ROOT and AWS_REGION itself)");
            }
        }
    }

    private void code(Code code) {
        if (code == null || (code.getImage() == null && code.getUrl() == null)) {
            problems.add("spec.code is required: set code.image (a container image) or code.url (a jar or zip)");
        } else if (code.getImage() != null && code.getUrl() != null) {
            problems.add("spec.code: set exactly one of code.image or code.url, not both");
        } else if (code.getUrl() != null && !CODE_URL.matcher(code.getUrl()).matches()) {
            problems.add("spec.code.url: \"" + code.getUrl() + "\" must be a file:, http:// or https:// URL");
        }
        if (code != null && code.getSha256() != null) {
            if (code.getUrl() == null) {
                problems.add("spec.code.sha256: only a code.url is checked against a digest");
            } else if (!SHA256.matcher(code.getSha256()).matches()) {
                problems.add("spec.code.sha256: \"" + code.getSha256()
                        + "\" must be 64 lower-case hex digits (sha256sum's output)");
            }
        }
    }

    private void runtimeAndHandler(FunctionSpec spec) {
        if (spec.getRuntime() == null) {
            problems.add("spec.runtime is required: java or provided");
        } else if (Runtime.of(spec.getRuntime()).isEmpty()) {
            problems.add("spec.runtime: \"" + spec.getRuntime() + "\" is not supported; use java or provided");
        } else if (Runtime.of(spec.getRuntime()).get() == Runtime.JAVA && spec.getHandler() == null) {
            problems.add("spec.handler is required for runtime java: pkg.Class::method or pkg.Class");
        }
        if (spec.getHandler() != null && !HANDLER.matcher(spec.getHandler()).matches()) {
            problems.add("spec.handler: \"" + spec.getHandler() + "\" must look like pkg.Class::method or pkg.Class");
        }
    }

    private void concurrency(Concurrency c) {
        range("spec.concurrency.perInstance", c.getPerInstance(), Bounds.PER_INSTANCE_MIN, Bounds.PER_INSTANCE_MAX);
        atLeast("spec.concurrency.reserved", c.getReserved(), 0);
        atLeast("spec.concurrency.provisioned", c.getProvisioned(), 0);
        atLeast("spec.concurrency.maxQueued", c.getMaxQueued(), 1);
        if (c.getReserved() != null && c.getProvisioned() != null && c.getProvisioned() > c.getReserved()) {
            problems.add("spec.concurrency.provisioned: " + c.getProvisioned() + " exceeds concurrency.reserved "
                    + c.getReserved() + "; provisioned must be at most reserved");
        }
    }

    private void async(AsyncInvocation async) {
        range("spec.async.maxRetries", async.getMaxRetries(), 0, Bounds.MAX_RETRIES_MAX);
        duration("spec.async.maxEventAge", async.getMaxEventAge(), Bounds.MAX_EVENT_AGE_MIN, Bounds.MAX_EVENT_AGE_MAX);
        destination("spec.async.onSuccess", async.getOnSuccess());
        destination("spec.async.onFailure", async.getOnFailure());
    }

    private void destination(String field, Destination d) {
        if (d == null) {
            return;
        }
        if (count(d::getFunction, d::getQueue, d::getTopic) != 1) {
            problems.add(field + ": set exactly one of function, queue or topic");
        } else if (d.getFunction() != null && !functionReference(d.getFunction())) {
            problems.add(field + ".function: \"" + d.getFunction()
                    + "\" must be <name> or <namespace>/<name>, each a DNS label");
        } else if (d.getQueue() != null && d.getQueue().isBlank()) {
            problems.add(field + ".queue: a queue name is required");
        } else if (d.getTopic() != null && d.getTopic().isBlank()) {
            problems.add(field + ".topic: a topic name is required");
        }
    }

    /** {@code <name>} (the function's own namespace) or {@code <namespace>/<name>}. */
    private static boolean functionReference(String target) {
        String[] parts = target.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        return DNS_1035_LABEL.matcher(parts[parts.length - 1]).matches()
                && (parts.length == 1 || DNS_1123_LABEL.matcher(parts[0]).matches());
    }

    private void triggers(List<Trigger> triggers) {
        for (int i = 0; i < triggers.size(); i++) {
            Trigger t = triggers.get(i);
            if (t == null
                    || count(
                                    t::getHttp,
                                    t::getSchedule,
                                    t::getQueue,
                                    t::getTopic,
                                    t::getStream,
                                    t::getObjectStore,
                                    t::getClusterEvent,
                                    t::getWebsocket,
                                    t::getDatabaseChange)
                            != 1) {
                problems.add("spec.triggers[" + i + "]: set exactly one of http, schedule, queue, topic, stream,"
                        + " objectStore, clusterEvent, websocket or databaseChange");
            }
        }
    }

    @SafeVarargs
    private static long count(Supplier<?>... values) {
        return Stream.of(values).map(Supplier::get).filter(Objects::nonNull).count();
    }

    private void range(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            problems.add(field + ": " + value + " is outside " + min + " … " + max);
        }
    }

    private void atLeast(String field, Integer value, int min) {
        if (value != null && value < min) {
            problems.add(field + ": " + value + " must be at least " + min);
        }
    }

    private void quantity(String field, String value, String min, String max) {
        if (value == null || !QUANTITY.matcher(value).matches()) {
            problems.add(field + ": \"" + value + "\" is not a quantity; write it like " + min);
            return;
        }
        BigDecimal bytes = bytes(value);
        if (bytes.compareTo(bytes(min)) < 0 || bytes.compareTo(bytes(max)) > 0) {
            problems.add(field + ": " + value + " is outside " + min + " … " + max);
        }
    }

    private void duration(String field, String value, String min, String max) {
        Duration parsed;
        try {
            parsed = SpecDuration.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(field + ": " + e.getMessage());
            return;
        }
        if (parsed.compareTo(SpecDuration.parse(min)) < 0 || parsed.compareTo(SpecDuration.parse(max)) > 0) {
            problems.add(field + ": " + value + " is outside " + min + " … " + max);
        }
    }

    private static BigDecimal bytes(String quantity) {
        return Quantity.getAmountInBytes(new Quantity(quantity));
    }
}
