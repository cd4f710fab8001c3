package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionUrlPath;
import dev.kfn.testsupport.FreePorts;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The machine's real kubectl against the embedded API, through the kubeconfig kfn local writes; no operator runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String NAMESPACE = "default";

    private Path work;
    private EmbeddedApiServer api;
    private Kubectl kubectl;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        this.work = work;
        Assumptions.assumeTrue(Kubectl.installed(), "kubectl is not installed");
        api = new EmbeddedApiServer().start(FreePorts.next(), NAMESPACE);
        kubectl = new Kubectl(LocalKubeconfig.write(work.resolve("kubeconfig"), api.url(), NAMESPACE), work);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private KubernetesClient client() {
        return api.client();
    }

    private Path manifest(String name, String memory) throws Exception {
        return Files.writeString(work.resolve(name + ".yaml"), """
            apiVersion: kfn.dev/v1alpha1
            kind: Function
            metadata:
              name: %s
            spec:
              runtime: java
              handler: example.Hello::handleRequest
              code:
                url: file:/opt/functions/hello.jar
              memory: %s
            """.formatted(name, memory));
    }

    private Function function(String name) {
        return client().resources(Function.class)
                .inNamespace(NAMESPACE)
                .withName(name)
                .get();
    }

    private void markReady(String name) {
        client().resources(Function.class).inNamespace(NAMESPACE).withName(name).editStatus(fn -> {
            fn.setStatus(new FunctionStatus().markReadyFromParts());
            return fn;
        });
    }

    /** The Function CRD's printer columns as installed, upper-cased as kubectl prints them, after NAME. */
    private List<String> printerColumns(boolean wide) {
        CustomResourceDefinition crd = client().apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("functions.kfn.dev")
                .get();
        Stream<CustomResourceColumnDefinition> columns =
                crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                        .filter(column -> wide || column.getPriority() == null || column.getPriority() == 0);
        return Stream.concat(
                        Stream.of("NAME"),
                        columns.map(column -> column.getName().toUpperCase(Locale.ROOT)))
                .toList();
    }

    private static List<String> header(String table) {
        return List.of(table.lines().findFirst().orElse("").trim().split("\\s+"));
    }

    private static String row(String table, String name) {
        return table.lines()
                .filter(line -> line.startsWith(name + " "))
                .findFirst()
                .orElse("");
    }

    @Test
    void appliesAManifestAndPrintsTheCrdsColumns() throws Exception {
        Path file = manifest("hello", "256Mi");
        assertThat(kubectl.run("apply", "-f", file.toString()).out()).contains("function.kfn.dev/hello created");
        markReady("hello");

        Kubectl.Result get = kubectl.run("get", "fn");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(header(get.out())).containsExactlyElementsOf(printerColumns(false));
        assertThat(row(get.out(), "hello").split("\\s+")).contains("java", "Ready", "True");

        Kubectl.Result wide = kubectl.run("get", "functions", "-o", "wide");
        assertThat(header(wide.out())).containsExactlyElementsOf(printerColumns(true));
        assertThat(row(wide.out(), "hello")).contains("256Mi");
    }

    @Test
    void showsTheFunctionUrlInTheWideListingOnly() throws Exception {
        kubectl.run("apply", "-f", manifest("site", "128Mi").toString());
        String url = "http://localhost:8080" + FunctionUrlPath.of(new FunctionId(NAMESPACE, "site"));
        client().resources(Function.class)
                .inNamespace(NAMESPACE)
                .withName("site")
                .editStatus(fn -> {
                    FunctionStatus status = new FunctionStatus().markReadyFromParts();
                    status.setUrl(url);
                    fn.setStatus(status);
                    return fn;
                });

        Kubectl.Result wide = kubectl.run("get", "fn", "site", "-o", "wide");
        Kubectl.Result narrow = kubectl.run("get", "fn", "site");

        assertThat(wide.exitCode()).as(wide.err()).isZero();
        assertThat(header(wide.out())).contains("URL");
        assertThat(row(wide.out(), "site").split("\\s+")).contains(url);
        assertThat(header(narrow.out())).doesNotContain("URL");
        assertThat(row(narrow.out(), "site")).doesNotContain(url);
    }

    @Test
    void appliesAChangedManifestAsAPatchAndAnUnchangedOneAsNothing() throws Exception {
        Path file = manifest("changing", "256Mi");
        kubectl.run("apply", "-f", file.toString());
        assertThat(kubectl.run("apply", "-f", file.toString()).out()).contains("function.kfn.dev/changing unchanged");

        manifest("changing", "512Mi");
        assertThat(kubectl.run("apply", "-f", file.toString()).out()).contains("function.kfn.dev/changing configured");
        assertThat(function("changing").getSpec().getMemory()).isEqualTo("512Mi");
        assertThat(kubectl.run("get", "fn", "changing", "-o", "jsonpath={.spec.memory}")
                        .out())
                .isEqualTo("512Mi");
    }

    @Test
    void describesAFunctionWithItsOwnEvents() {
        TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "described")));
        TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "other")));
        for (String name : List.of("described", "other")) {
            client().v1()
                    .events()
                    .inNamespace(NAMESPACE)
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(name + ".event")
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withApiVersion("kfn.dev/v1alpha1")
                            .withKind("Function")
                            .withNamespace(NAMESPACE)
                            .withName(name)
                            .withUid(function(name).getMetadata().getUid())
                            .endInvolvedObject()
                            .withType("Warning")
                            .withReason("InitError")
                            .withMessage("the handler of " + name + " failed to initialise")
                            .build())
                    .create();
        }

        Kubectl.Result describe = kubectl.run("describe", "fn", "described");
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out())
                .containsPattern("Name:\\s+described")
                .containsPattern("Handler:\\s+" + TestFunctions.HANDLER)
                .contains("the handler of described failed to initialise")
                .doesNotContain("the handler of other");
    }

    @Test
    void waitsForTheReadyConditionOverAWatch() {
        TestFunctions.create(client(), TestFunctions.java(new FunctionId(NAMESPACE, "awaited")));
        Kubectl.Running wait = kubectl.start("wait", "--for=condition=Ready", "fn/awaited", "--timeout=60s", "-v=6");
        // kubectl logs each request as its response arrives: once the watch is open, the condition must come through it
        await().atMost(WITHIN).until(() -> wait.errSoFar().contains("watch=true"));
        assertThat(wait.alive()).isTrue();

        markReady("awaited");
        Kubectl.Result result = wait.result();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("function.kfn.dev/awaited condition met");
    }

    @Test
    void deletesAFunctionAndWaitsForItsFinalizer() {
        Function fn = TestFunctions.java(new FunctionId(NAMESPACE, "finalized"));
        fn.getMetadata().setFinalizers(List.of("kfn.dev/cleanup"));
        TestFunctions.create(client(), fn);

        Kubectl.Running delete = kubectl.start("delete", "fn", "finalized", "--timeout=60s");
        await().atMost(WITHIN).until(() -> function("finalized").getMetadata().getDeletionTimestamp() != null);
        client().resources(Function.class)
                .inNamespace(NAMESPACE)
                .withName("finalized")
                .edit(f -> {
                    f.getMetadata().setFinalizers(List.of());
                    return f;
                });

        Kubectl.Result result = delete.result();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("function.kfn.dev \"finalized\" deleted");
        assertThat(function("finalized")).isNull();
    }

    @Test
    void listsDeploymentsAndPodsWithTheirOwnColumns() {
        client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("kfn-listed")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(2)
                        .withNewSelector()
                        .addToMatchLabels("app", "listed")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "listed")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("host")
                        .withImage("kfn/host")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        client().apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("kfn-listed")
                .editStatus(d -> {
                    d.setStatus(new DeploymentStatusBuilder()
                            .withReplicas(2)
                            .withReadyReplicas(1)
                            .withUpdatedReplicas(2)
                            .withAvailableReplicas(1)
                            .build());
                    return d;
                });
        client().pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("kfn-listed-0")
                        .addToLabels("app", "listed")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("kfn-local")
                        .addNewContainer()
                        .withName("host")
                        .withImage("kfn/host")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .withPodIP("127.0.0.1")
                        .addNewContainerStatus()
                        .withName("host")
                        .withReady(true)
                        .withRestartCount(0)
                        .withNewState()
                        .withNewRunning()
                        .endRunning()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();

        Kubectl.Result deployments = kubectl.run("get", "deployments");
        assertThat(header(deployments.out())).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(row(deployments.out(), "kfn-listed").split("\\s+")).startsWith("kfn-listed", "1/2", "2", "1");

        Kubectl.Result pods = kubectl.run("get", "pods", "-o", "wide");
        assertThat(header(pods.out())).startsWith("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE");
        assertThat(row(pods.out(), "kfn-listed-0").split("\\s+"))
                .startsWith("kfn-listed-0", "1/1", "Running", "0")
                .contains("127.0.0.1", "kfn-local");
    }

    @Test
    void servesACustomResourceDefinedAfterStart() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("widgets.example.dev")
                .endMetadata()
                .withNewSpec()
                .withGroup("example.dev")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Widget")
                .withPlural("widgets")
                .withSingular("widget")
                .withShortNames("wg")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build();
        client().apiextensions().v1().customResourceDefinitions().resource(crd).create();

        Kubectl.Result resources = kubectl.run("api-resources", "--api-group=example.dev");
        assertThat(resources.out()).containsPattern("widgets\\s+wg\\s+example.dev/v1\\s+true\\s+Widget");
        Kubectl.Result get = kubectl.run("get", "wg");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.err()).contains("No resources found in default namespace.");
    }

    @Test
    void saysWhichFunctionIsNotFoundAsTheApiServerDoes() {
        Kubectl.Result get = kubectl.run("get", "fn", "missing");
        assertThat(get.exitCode()).isNotZero();
        assertThat(get.err()).contains("functions.kfn.dev \"missing\" not found");
    }
}
