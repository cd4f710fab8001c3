package dev.kfn.operator;

import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.SpecDuration;
import dev.kfn.contract.FunctionVersion;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.Runtime;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.operator.autoscaler.ScalingPolicy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Deployment of a function's instances, built from the Function alone (no client, no cluster). */
public final class FunctionDeployment {

    public static final String CONTAINER = "function";
    private static final String TMP_VOLUME = "tmp";
    private static final String CODE_VOLUME = "code";
    /** Lambda's limit on unzipped code; the volume a code.url is fetched into. */
    private static final String CODE_SIZE_LIMIT = "250Mi";

    private static final String PORT_NAME = "http";
    /** The user the kfn runtime image runs as. */
    private static final long RUNTIME_USER_ID = 185;

    private FunctionDeployment() {}

    /**
     * @param currentReplicas the replicas of the live Deployment, which the autoscaler owns and this
     *                        builder hands back unchanged; empty on creation, when the provisioned floor applies
     */
    public static Deployment desired(Function fn, PodSettings settings, Optional<Integer> currentReplicas) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(fn.getMetadata().getName())
                .withNamespace(fn.getMetadata().getNamespace())
                .withLabels(Labels.of(fn))
                .endMetadata()
                .withNewSpec()
                .withReplicas(currentReplicas.orElse(provisionedInstances(fn.getSpec(), settings)))
                .withRevisionHistoryLimit(3)
                .withNewSelector()
                .withMatchLabels(Labels.selector(fn))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString("25%"))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Labels.of(fn))
                .withAnnotations(Map.of(
                        "prometheus.io/scrape",
                        "true",
                        "prometheus.io/port",
                        String.valueOf(HostEnvironment.HTTP_PORT),
                        "prometheus.io/path",
                        HostEnvironment.METRICS_PATH))
                .endMetadata()
                .withSpec(podSpec(fn, settings))
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Instances kept even with no demand: enough to hold the provisioned concurrency, but never more than the
     * function may run (its reserved concurrency, else the operator's maximum), as the autoscaler caps them.
     */
    public static int provisionedInstances(FunctionSpec spec, PodSettings settings) {
        return ScalingPolicy.of(spec, settings.maxInstances()).floor();
    }

    /** A pod is only asked to stop once its longest invocation could have finished, plus time to hand back the rest. */
    public static long terminationGraceSeconds(FunctionSpec spec, PodSettings settings) {
        Duration timeout = SpecDuration.parse(spec.getTimeout());
        return ceilSeconds(timeout) + ceilSeconds(settings.drainMargin());
    }

    private static PodSpec podSpec(Function fn, PodSettings settings) {
        FunctionSpec spec = fn.getSpec();
        boolean fetchesCode = spec.getCode().getUrl() != null;
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(TmpVolume.of(fn, settings.tmp()).volume(TMP_VOLUME));
        mounts.add(new VolumeMountBuilder()
                .withName(TMP_VOLUME)
                .withMountPath("/tmp")
                .build());
        if (fetchesCode) {
            volumes.add(emptyDir(CODE_VOLUME, CODE_SIZE_LIMIT));
            mounts.add(new VolumeMountBuilder()
                    .withName(CODE_VOLUME)
                    .withMountPath(HostEnvironment.TASK_ROOT)
                    .build());
        }
        return new PodSpecBuilder()
                .withServiceAccountName(spec.getServiceAccountName())
                // functions reach the Kubernetes API only when given a ServiceAccount of their own
                .withAutomountServiceAccountToken(spec.getServiceAccountName() != null)
                .withTerminationGracePeriodSeconds(terminationGraceSeconds(spec, settings))
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                // a fresh claimed volume is root's unless its group is the runtime user's
                .withFsGroup(TmpVolume.of(fn, settings.tmp()).claimed() ? RUNTIME_USER_ID : null)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container(fn, settings, mounts))
                .withVolumes(volumes)
                .build();
    }

    private static Container container(Function fn, PodSettings settings, List<VolumeMount> mounts) {
        FunctionSpec spec = fn.getSpec();
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(Optional.ofNullable(spec.getCode().getImage()).orElse(settings.runtimeImage()))
                .withCommand(runsHostOnly(spec) || spec.getCommand() == null ? hostCommand(spec) : spec.getCommand())
                .withArgs(runsHostOnly(spec) ? null : spec.getArgs())
                .withEnv(environment(fn, settings))
                .addNewPort()
                .withName(PORT_NAME)
                .withContainerPort(HostEnvironment.HTTP_PORT)
                .withProtocol("TCP")
                .endPort()
                .withResources(FunctionResources.of(fn, settings))
                // ready only once the handler is initialised, so a provisioned instance is truly warm
                .withReadinessProbe(probe(HostEnvironment.READINESS_PATH, 1, 1))
                .withLivenessProbe(probe(HostEnvironment.LIVENESS_PATH, 10, 3))
                .withNewSecurityContext()
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(mounts)
                .build();
    }

    /** A provided function's command is its bootstrap, which the host starts; the container always runs the host. */
    private static boolean runsHostOnly(FunctionSpec spec) {
        return Runtime.of(spec.getRuntime()).orElse(Runtime.JAVA) == Runtime.PROVIDED;
    }

    static String bootstrapCommand(FunctionSpec spec) {
        if (!runsHostOnly(spec) || spec.getCommand() == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(spec.getCommand());
        Optional.ofNullable(spec.getArgs()).ifPresent(parts::addAll);
        return String.join(",", parts.stream().map(p -> p.replace(",", "\\,")).toList());
    }

    /** The runtime host with its JVM sized from the function's memory, unless a java spec names its own command. */
    private static List<String> hostCommand(FunctionSpec spec) {
        return HostJvm.command(
                (int) FunctionResources.memoryMib(spec),
                Runtime.of(spec.getRuntime()).orElse(Runtime.JAVA));
    }

    private static List<EnvVar> environment(Function fn, PodSettings settings) {
        FunctionSpec spec = fn.getSpec();
        String name = fn.getMetadata().getName();
        String namespace = fn.getMetadata().getNamespace();
        List<EnvVar> env = new ArrayList<>(spec.getEnv());
        add(env, HostEnvironment.FUNCTION_NAMESPACE, namespace);
        add(env, HostEnvironment.FUNCTION_NAME, name);
        add(env, HostEnvironment.RUNTIME, spec.getRuntime());
        add(env, HostEnvironment.HANDLER, spec.getHandler());
        add(env, HostEnvironment.CODE_URL, spec.getCode().getUrl());
        add(env, HostEnvironment.CODE_SHA256, spec.getCode().getSha256());
        if (settings.allowHttpCode()
                && spec.getCode().getUrl() != null
                && spec.getCode().getUrl().startsWith("http://")) {
            add(env, HostEnvironment.CODE_ALLOW_HTTP, "true");
        }
        add(env, HostEnvironment.BOOTSTRAP_COMMAND, bootstrapCommand(spec));
        add(
                env,
                HostEnvironment.TIMEOUT_MILLIS,
                String.valueOf(SpecDuration.parse(spec.getTimeout()).toMillis()));
        add(
                env,
                HostEnvironment.CONCURRENCY,
                String.valueOf(spec.getConcurrency().getPerInstance()));
        add(env, HostEnvironment.MEMORY_MIB, String.valueOf(FunctionResources.memoryMib(spec)));
        add(env, HostEnvironment.MAX_RETRIES, String.valueOf(spec.getAsync().getMaxRetries()));
        add(
                env,
                HostEnvironment.MAX_EVENT_AGE_SECONDS,
                String.valueOf(
                        SpecDuration.parse(spec.getAsync().getMaxEventAge()).toSeconds()));
        add(
                env,
                HostEnvironment.ON_SUCCESS,
                destination("spec.async.onSuccess", spec.getAsync().getOnSuccess(), namespace));
        add(
                env,
                HostEnvironment.ON_FAILURE,
                destination("spec.async.onFailure", spec.getAsync().getOnFailure(), namespace));
        add(env, BrokerSettings.HOST, settings.brokerHost());
        add(env, BrokerSettings.PORT, String.valueOf(settings.brokerPort()));
        add(env, BrokerSettings.VHOST, settings.brokerVhost());
        // the function's own broker identity (BrokerIdentity), never the operator's
        String identity = BrokerIdentity.secretName(name);
        env.add(secret(BrokerSettings.USERNAME, identity, BrokerIdentity.USERNAME_KEY));
        env.add(secret(BrokerSettings.PASSWORD, identity, BrokerIdentity.PASSWORD_KEY));
        add(env, HostEnvironment.LAMBDA_HANDLER, spec.getHandler());
        add(env, HostEnvironment.LAMBDA_TASK_ROOT, HostEnvironment.TASK_ROOT);
        add(env, HostEnvironment.LAMBDA_FUNCTION_NAME, name);
        add(env, HostEnvironment.LAMBDA_FUNCTION_MEMORY_SIZE, String.valueOf(FunctionResources.memoryMib(spec)));
        add(env, HostEnvironment.LAMBDA_FUNCTION_VERSION, FunctionVersion.LATEST);
        add(env, HostEnvironment.LAMBDA_LOG_GROUP_NAME, fn.id().logGroup());
        env.add(new EnvVarBuilder()
                .withName(HostEnvironment.LAMBDA_LOG_STREAM_NAME)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
        add(env, HostEnvironment.AWS_REGION, settings.region());
        add(env, HostEnvironment.TZ, ":UTC");
        return env;
    }

    /** Destinations travel in the contract's text form. */
    private static String destination(String field, Destination destination, String namespace) {
        return FunctionDestinations.declared(field, destination, namespace)
                .map(d -> d.address().encode())
                .orElse(null);
    }

    private static void add(List<EnvVar> env, String name, String value) {
        if (value != null) {
            env.add(new EnvVar(name, value, null));
        }
    }

    private static EnvVar secret(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName(secret)
                .withKey(key)
                .endSecretKeyRef()
                .endValueFrom()
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString(PORT_NAME))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    static Volume emptyDir(String name, String sizeLimit) {
        return new VolumeBuilder()
                .withName(name)
                .withNewEmptyDir()
                .withSizeLimit(new Quantity(sizeLimit))
                .endEmptyDir()
                .build();
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
