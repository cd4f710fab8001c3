package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.kfn.testsupport.Chart;
import dev.kfn.testsupport.RuntimeContainerfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.smallrye.config.WithDefault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart renders, for every option, manifests Fabric8 reads, named from the release, labelled as
 * {@code app.kubernetes.io/*} asks, meeting the restricted Pod Security Standard, and granting no more than the
 * code calls.
 */
class OperatorChartTest {

    /** Each option the chart has, switched on (with what it needs). */
    static Stream<List<String>> options() {
        return Stream.of(
                List.of(),
                List.of("gateway.auth=false"),
                List.of("operator.leaderElection=false"),
                List.of("networkPolicy.enabled=true"),
                List.of("rabbitmq.createCluster=true", "broker.existingSecret="),
                List.of("broker.existingSecret=", "broker.username=kfn", "broker.password=s3cret"),
                List.of("monitoring.serviceMonitor.enabled=true"),
                List.of("monitoring.podMonitor.enabled=true"),
                List.of("monitoring.prometheusRule.enabled=true"),
                List.of("monitoring.dashboard.enabled=true"),
                List.of("gateway.podDisruptionBudget.enabled=false", "operator.podDisruptionBudget.enabled=false"),
                List.of("gateway.url=https://functions.example.com", "gateway.service.port=8080"),
                List.of("image.registry=registry.example.com", "image.tag=1.2.3"),
                List.of("fullnameOverride=serverless"),
                List.of(
                        "operator.extraEnv[0].name=KFN_AUTOSCALER_MAX_INSTANCES",
                        "operator.extraEnv[0].value=50",
                        "gateway.extraEnv[0].name=KFN_GATEWAY_QUEUEING_ALLOWANCE",
                        "gateway.extraEnv[0].value=60s"),
                // everything at once
                List.of(
                        "rabbitmq.createCluster=true",
                        "broker.existingSecret=",
                        "networkPolicy.enabled=true",
                        "monitoring.serviceMonitor.enabled=true",
                        "monitoring.podMonitor.enabled=true",
                        "monitoring.prometheusRule.enabled=true",
                        "monitoring.dashboard.enabled=true",
                        "gateway.auth=false"));
    }

    private static List<HasMetadata> render(List<String> values) {
        return Chart.render(values.toArray(String[]::new));
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> rendered, Class<T> kind) {
        return rendered.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> rendered, Class<T> kind, String name) {
        return all(rendered, kind).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no " + kind.getSimpleName() + " " + name));
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Optional<EnvVar> env(Deployment deployment, String name) {
        return container(deployment).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst();
    }

    private static String envValue(Deployment deployment, String name) {
        return env(deployment, name).orElseThrow().getValue();
    }

    @ParameterizedTest
    @MethodSource("options")
    void lintsCleanWithEveryOption(List<String> values, @TempDir Path copy) {
        LintResult result = Chart.lint(copy, values.toArray(String[]::new));
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    /** Every object carries the recommended labels with its component, and the chart's name and version. */
    @ParameterizedTest
    @MethodSource("options")
    void everyObjectIsLabelledWithItsComponentAndTheChart(List<String> values) {
        List<HasMetadata> rendered = render(values);
        assertThat(rendered)
                .isNotEmpty()
                .allSatisfy(o -> assertThat(o.getMetadata().getLabels())
                        .as("%s %s", o.getKind(), o.getMetadata().getName())
                        .containsEntry("helm.sh/chart", "kfn-0.1.0")
                        .containsEntry("app.kubernetes.io/name", "kfn")
                        .containsEntry("app.kubernetes.io/instance", "kfn")
                        .containsEntry("app.kubernetes.io/part-of", "kfn")
                        .containsEntry("app.kubernetes.io/managed-by", "Helm")
                        .containsEntry("app.kubernetes.io/version", "0.1.0")
                        .containsKey("app.kubernetes.io/component"));
    }

    /** What a Service, PodDisruptionBudget or NetworkPolicy selects is the pods of exactly one Deployment. */
    @ParameterizedTest
    @MethodSource("options")
    void everySelectorSelectsTheOneComponentItNames(List<String> values) {
        List<HasMetadata> rendered = render(values);
        List<Map<String, String>> selectors = new ArrayList<>();
        all(rendered, Service.class).forEach(s -> selectors.add(s.getSpec().getSelector()));
        all(rendered, PodDisruptionBudget.class)
                .forEach(p -> selectors.add(p.getSpec().getSelector().getMatchLabels()));
        all(rendered, NetworkPolicy.class)
                .forEach(p -> selectors.add(p.getSpec().getPodSelector().getMatchLabels()));
        List<Deployment> deployments = all(rendered, Deployment.class);
        for (Deployment d : deployments) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
        assertThat(selectors)
                .allSatisfy(selector -> assertThat(deployments)
                        .as("Deployments selected by %s", selector)
                        .filteredOn(d -> d.getSpec()
                                .getTemplate()
                                .getMetadata()
                                .getLabels()
                                .entrySet()
                                .containsAll(selector.entrySet()))
                        .hasSize(1));
    }

    /**
     * The restricted Pod Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
     * checked on every rendered pod, with a writable /tmp under the read-only root filesystem.
     */
    @ParameterizedTest
    @MethodSource("options")
    void everyPodMeetsTheRestrictedPodSecurityStandard(List<String> values) {
        for (Deployment d : all(render(values), Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String name = d.getMetadata().getName();
            assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostPID()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getHostIPC()).as(name).isNotEqualTo(Boolean.TRUE);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isNotZero();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getVolumes())
                    .as(name)
                    .allSatisfy(v -> assertThat(v.getHostPath()).isNull())
                    .anySatisfy(v -> {
                        assertThat(v.getName()).isEqualTo("tmp");
                        assertThat(v.getEmptyDir()).isNotNull();
                    });
            assertThat(pod.getContainers()).allSatisfy(c -> {
                var security = c.getSecurityContext();
                assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
                assertThat(security.getAllowPrivilegeEscalation()).isFalse();
                assertThat(security.getRunAsNonRoot()).isTrue();
                assertThat(security.getReadOnlyRootFilesystem()).isTrue();
                assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                assertThat(c.getVolumeMounts())
                        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
                assertThat(c.getPorts())
                        .allSatisfy(p -> assertThat(p.getHostPort()).isNull());
            });
        }
    }

    /** Release faas in namespace serverless: every name, namespace, reference and the gateway URL follow it. */
    @Test
    void theCrdsUpgradeWithTheReleaseAreKeptOnUninstallAndCanBeLeftOut() throws Exception {
        List<CustomResourceDefinition> crds = all(render(List.of()), CustomResourceDefinition.class);

        assertThat(crds)
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrder("functions.kfn.dev", "streams.kfn.dev", "topics.kfn.dev");
        for (CustomResourceDefinition crd : crds) {
            CustomResourceDefinition generated = Serialization.unmarshal(
                    Files.readString(
                            Path.of("../crds").resolve(crd.getMetadata().getName() + "-v1.yml")),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec()).isEqualTo(generated.getSpec());
            assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(crd.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/component", "crd")
                    .containsKey("helm.sh/chart");
        }
        assertThat(all(render(List.of("crds.keep=false")), CustomResourceDefinition.class))
                .allSatisfy(
                        crd -> assertThat(crd.getMetadata().getAnnotations()).isNullOrEmpty());
        assertThat(all(render(List.of("crds.install=false")), CustomResourceDefinition.class))
                .isEmpty();
    }

    @Test
    void namesAndTheGatewayUrlFollowTheReleaseAndNamespace() {
        String yaml = Chart.template("faas", "serverless", "networkPolicy.enabled=true");
        assertThat(yaml).doesNotContain("kfn-system");
        List<HasMetadata> rendered = Serialization.unmarshal(yaml);
        // a CRD's name is its plural and group whatever the release: one cluster holds one of each
        assertThat(rendered.stream().filter(o -> !(o instanceof CustomResourceDefinition)))
                .allSatisfy(o -> {
                    assertThat(o.getMetadata().getName()).startsWith("faas-kfn-");
                    assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", "faas");
                    if (!o.getKind().startsWith("Cluster")) {
                        assertThat(o.getMetadata().getNamespace()).isEqualTo("serverless");
                    }
                });
        Deployment operator = named(rendered, Deployment.class, "faas-kfn-operator");
        assertThat(envValue(operator, "KFN_GATEWAY_URL")).isEqualTo("http://faas-kfn-gateway.serverless.svc");
        assertThat(envValue(operator, "KFN_BROKER_IDENTITY_KEY_SECRET")).isEqualTo("faas-kfn-identity-key");
        assertThat(operator.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("faas-kfn-operator");
        assertThat(named(rendered, Service.class, "faas-kfn-gateway").getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(80));
    }

    @Test
    void theGatewayUrlNamesTheServicePortOrTheAddressGiven() {
        Deployment onPort = named(Chart.render("gateway.service.port=8080"), Deployment.class, "kfn-operator");
        assertThat(envValue(onPort, "KFN_GATEWAY_URL")).isEqualTo("http://kfn-gateway.kfn-system.svc:8080");
        Deployment given = named(Chart.render("gateway.url=https://fn.example.com"), Deployment.class, "kfn-operator");
        assertThat(envValue(given, "KFN_GATEWAY_URL")).isEqualTo("https://fn.example.com");
    }

    /** The runtime image the chart names by default is the one the operator falls back to, so the two cannot part. */
    @Test
    void imagesComeFromTheRegistryWithTheAppVersionAndTheRuntimeImageIsTheOperators() throws Exception {
        List<HasMetadata> rendered = Chart.render();
        String operatorDefault = KfnConfig.class
                .getMethod("runtimeImage")
                .getAnnotation(WithDefault.class)
                .value();
        Deployment operator = named(rendered, Deployment.class, "kfn-operator");
        assertThat(envValue(operator, "KFN_RUNTIME_IMAGE")).isEqualTo(operatorDefault);
        assertThat(container(operator).getImage()).isEqualTo("ghcr.io/kfn-dev/operator:0.1.0");
        assertThat(container(named(rendered, Deployment.class, "kfn-gateway")).getImage())
                .isEqualTo("ghcr.io/kfn-dev/gateway:0.1.0");

        List<HasMetadata> mirrored =
                Chart.render("image.registry=mirror.example.com", "image.tag=1.2.3", "gateway.image.tag=1.2.4-rc1");
        assertThat(envValue(named(mirrored, Deployment.class, "kfn-operator"), "KFN_RUNTIME_IMAGE"))
                .isEqualTo("mirror.example.com/kfn-dev/runtime-host:1.2.3");
        assertThat(container(named(mirrored, Deployment.class, "kfn-gateway")).getImage())
                .isEqualTo("mirror.example.com/kfn-dev/gateway:1.2.4-rc1");
    }

    /**
     * The image each module's build names (the operator's and the gateway's Jib build, the runtime image's
     * Containerfile) is the one the chart pulls and the operator runs by default.
     */
    @Test
    void theImagesTheBuildNamesAreTheChartsAndTheOperatorsDefaults() throws Exception {
        List<HasMetadata> rendered = Chart.render();
        String tag = ":0.1.0";
        assertThat(jibImage("operator") + tag)
                .isEqualTo(container(named(rendered, Deployment.class, "kfn-operator"))
                        .getImage());
        assertThat(jibImage("gateway") + tag)
                .isEqualTo(container(named(rendered, Deployment.class, "kfn-gateway"))
                        .getImage());
        assertThat(RuntimeContainerfile.read().imageName())
                .isEqualTo(KfnConfig.class
                        .getMethod("runtimeImage")
                        .getAnnotation(WithDefault.class)
                        .value());
    }

    private static String jibImage(String module) throws java.io.IOException {
        java.util.Properties config = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(
                Path.of("..", module, "src/main/resources/application.properties"))) {
            config.load(reader);
        }
        return String.join(
                "/",
                config.getProperty("quarkus.container-image.registry"),
                config.getProperty("quarkus.container-image.group"),
                config.getProperty("quarkus.container-image.name"));
    }

    @Test
    void schedulingResourcesAndPullSecretsReachBothPods() {
        for (String component : List.of("operator", "gateway")) {
            List<HasMetadata> rendered = Chart.render(
                    "imagePullSecrets[0].name=regcred",
                    component + ".priorityClassName=system-cluster-critical",
                    component + ".nodeSelector.kubernetes\\.io/os=linux",
                    component + ".tolerations[0].key=dedicated",
                    component + ".tolerations[0].operator=Exists",
                    component + ".affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                            + ".nodeSelectorTerms[0].matchExpressions[0].key=pool",
                    component + ".affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                            + ".nodeSelectorTerms[0].matchExpressions[0].operator=Exists",
                    component + ".resources.limits.memory=512Mi");
            Deployment d = named(rendered, Deployment.class, "kfn-" + component);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getImagePullSecrets())
                    .singleElement()
                    .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
            assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
            assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
            assertThat(pod.getTolerations())
                    .singleElement()
                    .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
            assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
            assertThat(container(d).getResources().getLimits().get("memory").toString())
                    .isEqualTo("512Mi");
        }
    }

    @Test
    void disruptionBudgetsKeepAGatewayAndOneOfTheTwoOperators() {
        List<HasMetadata> rendered = Chart.render();
        assertThat(named(rendered, PodDisruptionBudget.class, "kfn-gateway")
                        .getSpec()
                        .getMinAvailable()
                        .getIntVal())
                .isEqualTo(1);
        assertThat(named(rendered, PodDisruptionBudget.class, "kfn-operator")
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        // one operator replica without leader election: a budget would block every drain
        assertThat(all(Chart.render("operator.leaderElection=false"), PodDisruptionBudget.class))
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("kfn-gateway");
    }

    @Test
    void networkPoliciesAdmitOnlyTheHttpPortAndTheNamedPeers() {
        assertThat(all(Chart.render(), NetworkPolicy.class)).isEmpty();
        List<HasMetadata> rendered = Chart.render(
                "networkPolicy.enabled=true",
                "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.name=monitoring",
                "networkPolicy.gatewayFrom[0].namespaceSelector.matchLabels.name=ingress");
        NetworkPolicy operator = named(rendered, NetworkPolicy.class, "kfn-operator");
        assertThat(operator.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(operator.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
            assertThat(rule.getFrom())
                    .singleElement()
                    .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("name", "monitoring"));
        });
        NetworkPolicy gateway = named(rendered, NetworkPolicy.class, "kfn-gateway");
        assertThat(gateway.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom())
                        .extracting(peer ->
                                peer.getNamespaceSelector().getMatchLabels().get("name"))
                        .containsExactlyInAnyOrder("ingress", "monitoring"));
        // without peers for the gateway, anyone may call it: it is the way in
        assertThat(named(Chart.render("networkPolicy.enabled=true"), NetworkPolicy.class, "kfn-gateway")
                        .getSpec()
                        .getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom()).isNullOrEmpty());
    }

    @Test
    void anExistingBrokerIsReachedAtItsHostPortAndVhostWithTheLoginOfItsSecret() {
        List<HasMetadata> rendered = Chart.renderBare(
                "broker.host=mq.example.com", "broker.port=5671", "broker.vhost=kfn", "broker.existingSecret=mq-login");
        for (String name : List.of("kfn-operator", "kfn-gateway")) {
            Deployment d = named(rendered, Deployment.class, name);
            assertThat(envValue(d, "KFN_BROKER_HOST")).isEqualTo("mq.example.com");
            assertThat(envValue(d, "KFN_BROKER_PORT")).isEqualTo("5671");
            assertThat(envValue(d, "KFN_BROKER_VHOST")).isEqualTo("kfn");
            assertThat(envValue(d, "KFN_BROKER_MANAGEMENT_URL")).isEqualTo("http://mq.example.com:15672");
            for (String key : List.of("username", "password")) {
                var ref = env(d, "KFN_BROKER_" + key.toUpperCase())
                        .orElseThrow()
                        .getValueFrom()
                        .getSecretKeyRef();
                assertThat(ref.getName()).isEqualTo("mq-login");
                assertThat(ref.getKey()).isEqualTo(key);
            }
        }
        assertThat(all(rendered, Secret.class)).isEmpty();
    }

    @Test
    void refusesToRenderWithoutABrokerOrALogin() {
        assertThatThrownBy(() -> Chart.renderBare(Chart.BROKER_LOGIN))
                .hasMessageContaining("kfn needs a broker: set broker.host");
        assertThatThrownBy(() -> Chart.renderBare(Chart.BROKER_HOST)).hasMessageContaining("kfn needs a broker login");
        List<HasMetadata> given = Chart.renderBare(Chart.BROKER_HOST, "broker.username=kfn", "broker.password=s3cret");
        assertThat(named(given, Secret.class, "kfn-broker").getStringData()).containsEntry("username", "kfn");
    }

    /** With the RabbitMQ Cluster Operator: a RabbitmqCluster, reached at its Service with its default user. */
    @Test
    void createsARabbitmqClusterAndLogsInAsItsDefaultUser() {
        List<HasMetadata> rendered = Chart.renderBare("rabbitmq.createCluster=true");
        GenericKubernetesResource cluster = all(rendered, GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("RabbitmqCluster"))
                .findFirst()
                .orElseThrow();
        assertThat(cluster.getApiVersion()).isEqualTo("rabbitmq.com/v1beta1");
        assertThat(cluster.getMetadata().getName()).isEqualTo("kfn-rabbitmq");
        assertThat(cluster.<Integer>get("spec", "replicas")).isEqualTo(3);
        Deployment operator = named(rendered, Deployment.class, "kfn-operator");
        assertThat(envValue(operator, "KFN_BROKER_HOST")).isEqualTo("kfn-rabbitmq.kfn-system.svc");
        assertThat(envValue(operator, "KFN_BROKER_ASYNC_QUEUE_TYPE")).isEqualTo("quorum");
        assertThat(env(operator, "KFN_BROKER_PASSWORD")
                        .orElseThrow()
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("kfn-rabbitmq-default-user");
        assertThat(all(rendered, Secret.class)).isEmpty();
    }

    /** values.schema.json refuses what the chart cannot mean, in helm template and helm lint alike. */
    @Test
    void theSchemaRefusesAWrongValue(@TempDir Path copy) {
        assertThatThrownBy(() -> Chart.render("broker.asyncQueueType=lazy"))
                .hasMessageContaining("asyncQueueType")
                .hasMessageContaining("quorum");
        assertThatThrownBy(() -> Chart.render("gateway.replicas=0")).hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.render("gateway.replica=3")).hasMessageContaining("replica");
        assertThatThrownBy(() -> Chart.render("broker.port=amqp")).hasMessageContaining("port");
        LintResult lint = Chart.lint(copy, "monitoring.serviceMonitor.interval=often");
        assertThat(lint.isFailed()).isTrue();
        assertThat(lint.getMessages()).anySatisfy(m -> assertThat(m).contains("interval"));
    }

    /** Tuning beyond the chart's values: any setting as an environment variable, after the chart's own. */
    @Test
    void extraEnvironmentReachesEachProcess() {
        List<HasMetadata> rendered = Chart.render(
                "operator.extraEnv[0].name=KFN_AUTOSCALER_MAX_INSTANCES",
                "operator.extraEnv[0].value=50",
                "gateway.extraEnv[0].name=KFN_GATEWAY_QUEUEING_ALLOWANCE",
                "gateway.extraEnv[0].value=60s");
        assertThat(envValue(named(rendered, Deployment.class, "kfn-operator"), "KFN_AUTOSCALER_MAX_INSTANCES"))
                .isEqualTo("50");
        assertThat(envValue(named(rendered, Deployment.class, "kfn-gateway"), "KFN_GATEWAY_QUEUEING_ALLOWANCE"))
                .isEqualTo("60s");
    }

    /** After install: how to reach this release's gateway and call a first function, with a key when auth is on. */
    @Test
    void notesShowHowToInvokeAFirstFunction() {
        String notes = Chart.notes("faas", "serverless");
        assertThat(notes)
                .contains("kind: Function")
                .contains("kubectl port-forward -n serverless svc/faas-kfn-gateway 8080:80")
                .contains("curl -s localhost:8080/functions/demo/hello -H \"X-Api-Key: ")
                .contains("aws lambda invoke --endpoint-url http://localhost:8080");
        assertThat(Chart.notes("faas", "serverless", "gateway.auth=false"))
                .contains("curl -s localhost:8080/functions/demo/hello -d")
                .doesNotContain("X-Api-Key");
    }

    @Test
    void gatewayAuthIsOnByDefault() {
        assertThat(envValue(named(Chart.render(), Deployment.class, "kfn-gateway"), "KFN_GATEWAY_AUTH_ENABLED"))
                .isEqualTo("true");
    }

    /**
     * The ClusterRoles in full, each rule beside the code that needs it; {@code OperatorRbacTest} and
     * {@code GatewayRbacTest} check that the recorded calls fit them. A grant added here must name its caller.
     */
    @Test
    void clusterRolesGrantExactlyWhatTheCodeCalls() {
        assertThat(grants(Chart.clusterRules("kfn-operator")))
                .containsExactlyInAnyOrder(
                        // the reconciler (JOSDK): informer, finalizer, status; ScaleWriter and the scheduler patch
                        // status
                        "kfn.dev/functions: get,list,watch,patch,update",
                        "kfn.dev/functions/status,functions/finalizers: get,patch,update",
                        // TopicSubscribers' informer
                        "kfn.dev/topics: get,list,watch",
                        // StreamReaders' informer
                        "kfn.dev/streams: get,list,watch",
                        // DeploymentDependent and the autoscaler's informer; ScaleWriter
                        "apps/deployments: get,list,watch,create,patch,update,delete",
                        "apps/deployments/scale: get,patch,update",
                        // NetworkPolicyDependent
                        "networking.k8s.io/networkpolicies: get,list,watch,create,patch,update,delete",
                        // IdentitySecrets: each function's broker login
                        "/secrets: create,delete",
                        // DeletionCosts
                        "/pods: list,patch",
                        // FunctionEvents
                        "/events: create",
                        // clusterEvents.watch's defaults, for WatchedKind
                        "/pods,events,configmaps: list,watch",
                        "apps/deployments: list,watch");
        assertThat(grants(Chart.clusterRules("kfn-gateway")))
                .containsExactlyInAnyOrder(
                        // FunctionCatalog, TopicCatalog, the stream pollers' Streams
                        "kfn.dev/functions: get,list,watch",
                        "kfn.dev/topics: get,list,watch",
                        "kfn.dev/streams: get,list,watch",
                        // ApiKeys, the object-store tokens and the database connections, by name only
                        "/secrets[kfn-api-keys]: get,list,watch",
                        "/secrets[kfn-object-store-tokens]: get,list,watch",
                        "/secrets[kfn-databases]: get",
                        // the databaseChange pollers' status.databaseChanges reports
                        "kfn.dev/functions/status: patch");
    }

    private static List<String> grants(List<PolicyRule> rules) {
        return rules.stream()
                .map(r -> String.join(",", r.getApiGroups()) + "/" + String.join(",", r.getResources())
                        + (r.getResourceNames() == null || r.getResourceNames().isEmpty()
                                ? ""
                                : r.getResourceNames().toString().replace(" ", ""))
                        + ": " + String.join(",", r.getVerbs()))
                .toList();
    }

    @Test
    void operatorReadsOnlyItsIdentityKeySecretAndItsLease() {
        List<HasMetadata> rendered = Chart.render();
        assertThat(envValue(named(rendered, Deployment.class, "kfn-operator"), "KFN_BROKER_IDENTITY_KEY_SECRET"))
                .isEqualTo("kfn-identity-key");
        Role key = named(rendered, Role.class, "kfn-operator-identity-key");
        assertThat(key.getMetadata().getNamespace()).isEqualTo("kfn-system");
        assertThat(key.getRules())
                .filteredOn(r -> r.getVerbs().contains("get"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("kfn-identity-key"));
        assertThat(named(rendered, Role.class, "kfn-operator-lease").getRules())
                .filteredOn(r -> r.getVerbs().contains("update"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("kfn-operator"));
    }

    /**
     * The gateway reads Secrets by name only: the object stores' tokens and the database connections always, the API
     * keys with auth on.
     */
    @Test
    void gatewayReadsOnlyTheSecretsItNamesAndTheApiKeysOnlyWithAuthOn() {
        assertThat(Chart.clusterRole(Chart.render("gateway.auth=false"), "kfn-gateway")
                        .getRules())
                .filteredOn(r -> r.getResources().contains("secrets"))
                .flatMap(PolicyRule::getResourceNames)
                .containsExactlyInAnyOrder("kfn-object-store-tokens", "kfn-databases");
    }

    @Test
    void operatorElectsALeaderAmongTwoReplicas() {
        Deployment operator = named(Chart.render(), Deployment.class, "kfn-operator");
        assertThat(env(operator, "KFN_LEADER_ELECTION_NAMESPACE")).isPresent();
        assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
        assertThat(operator.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(Volume::getName)
                .containsExactly("tmp");
    }
}
