package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.HostJvm;
import dev.kfn.contract.broker.BrokerSettings;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionDeploymentTest {

    private final Function fn = TestFunctions.java(new FunctionId("shop", "hello"));

    private Deployment deployment() {
        return FunctionDeployment.desired(fn, TestPodSettings.SETTINGS, Optional.empty());
    }

    private Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private Map<String, String> env() {
        return container().getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @ParameterizedTest
    @CsvSource({"128Mi,73m,1000m", "1769Mi,1000m,1000m", "3538Mi,2000m,2000m", "10Gi,5789m,5789m"})
    void requestsCpuFromMemoryAtLambdasRatioAndLetsSmallFunctionsBurst(
            String memory, String cpuRequest, String cpuLimit) {
        fn.getSpec().setMemory(memory);
        assertThat(container().getResources().getRequests().get("cpu")).isEqualTo(new Quantity(cpuRequest));
        assertThat(container().getResources().getLimits().get("cpu")).isEqualTo(new Quantity(cpuLimit));
        assertThat(Quantity.getAmountInBytes(
                        container().getResources().getRequests().get("memory")))
                .isEqualTo(Quantity.getAmountInBytes(new Quantity(memory)));
    }

    @Test
    void capsCpuAtTheConfiguredMaximum() {
        PodSettings small = new PodSettings(
                "img",
                1000,
                2000,
                0,
                96,
                TestPodSettings.SETTINGS.drainMargin(),
                "r",
                "h",
                1,
                "/",
                200,
                false,
                TestPodSettings.SETTINGS.tmp());
        assertThat(FunctionResources.cpuMillicores(10240, small)).isEqualTo(2000);
    }

    @Test
    void memoryAndStorageRequestsEqualLimitsWhenTmpIsOnDisk() {
        fn.getSpec().setEphemeralStorage("1Gi");
        var resources = container().getResources();
        assertThat(resources.getRequests().get("memory"))
                .isEqualTo(resources.getLimits().get("memory"));
        assertThat(resources.getRequests().get("ephemeral-storage"))
                .isEqualTo(resources.getLimits().get("ephemeral-storage"));
    }

    @Test
    void givesAProvidedFunctionsHostItsOwnMemoryBesideTheBootstraps() {
        fn.getSpec().setRuntime("provided");
        fn.getSpec().setMemory("128Mi");
        assertThat(container().getResources().getRequests().get("memory")).isEqualTo(new Quantity("224Mi"));
        assertThat(env()).containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128");
    }

    @Test
    void aZeroMinimumCpuLimitGivesGuaranteedQosWhenTmpIsOnDisk() {
        fn.getSpec().setEphemeralStorage("1Gi");
        PodSettings guaranteed = new PodSettings(
                "img",
                1769,
                6000,
                0,
                96,
                TestPodSettings.SETTINGS.drainMargin(),
                "r",
                "h",
                1,
                "/",
                200,
                false,
                TestPodSettings.SETTINGS.tmp());
        var resources = FunctionDeployment.desired(fn, guaranteed, Optional.empty())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources();
        assertThat(resources.getRequests()).isEqualTo(resources.getLimits());
    }

    private Volume tmp(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("tmp"))
                .findFirst()
                .orElseThrow();
    }

    private static PodSettings tmpSettings(String memoryMax, Optional<String> storageClass) {
        PodSettings s = TestPodSettings.SETTINGS;
        return new PodSettings(
                s.runtimeImage(),
                s.mebibytesPerVcpu(),
                s.maxCpuMillicores(),
                s.minCpuLimitMillicores(),
                s.providedHostMemoryMib(),
                s.drainMargin(),
                s.region(),
                s.brokerHost(),
                s.brokerPort(),
                s.brokerVhost(),
                s.maxInstances(),
                s.allowHttpCode(),
                new PodSettings.Tmp(new Quantity(memoryMax), storageClass));
    }

    @Test
    void keepsASmallTmpInMemoryAsAFilesystemOfItsSizeChargedToTheMemoryLimit() {
        fn.getSpec().setMemory("256Mi");
        fn.getSpec().setEphemeralStorage("512Mi");
        Volume tmp = tmp(deployment());
        assertThat(tmp.getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("512Mi"));
        var resources = container().getResources();
        assertThat(resources.getLimits().get("memory")).isEqualTo(new Quantity("768Mi"));
        assertThat(resources.getRequests().get("memory")).isEqualTo(new Quantity("256Mi"));
        assertThat(resources.getLimits().get("ephemeral-storage")).isEqualTo(new Quantity("256Mi"));
        assertThat(env()).containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        assertThat(container().getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(container().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void putsALargerTmpOnAnEphemeralVolumeOfTheConfiguredStorageClass() {
        fn.getSpec().setEphemeralStorage("4Gi");
        Deployment d = FunctionDeployment.desired(fn, tmpSettings("512Mi", Optional.of("fast")), Optional.empty());
        Volume tmp = tmp(d);
        assertThat(tmp.getEmptyDir()).isNull();
        var claim = tmp.getEphemeral().getVolumeClaimTemplate().getSpec();
        assertThat(claim.getStorageClassName()).isEqualTo("fast");
        assertThat(claim.getResources().getRequests().get("storage")).isEqualTo(new Quantity("4Gi"));
        assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
                .isEqualTo(185L);
        var limits = d.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits();
        assertThat(limits.get("memory")).isEqualTo(new Quantity("128Mi"));
        assertThat(limits.get("ephemeral-storage")).isEqualTo(new Quantity("256Mi"));
    }

    @Test
    void putsALargerTmpOnTheNodesDiskWithoutAStorageClass() {
        fn.getSpec().setEphemeralStorage("1Gi");
        Volume tmp = tmp(deployment());
        assertThat(tmp.getEmptyDir().getMedium()).isNull();
        assertThat(tmp.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));
        var limits = container().getResources().getLimits();
        assertThat(limits.get("memory")).isEqualTo(new Quantity("128Mi"));
        assertThat(limits.get("ephemeral-storage")).isEqualTo(new Quantity("1280Mi"));
    }

    @Test
    void capsProvisionedInstancesWithoutReservedConcurrencyAtTheOperatorsMaximum() {
        fn.getSpec().getConcurrency().setProvisioned(1_000_000);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(200);
    }

    @Test
    void passesTheCodeDigestAndAllowsPlainHttpOnlyWhenTheOperatorDoes() {
        fn.getSpec().getCode().setUrl("http://code.example/hello.zip");
        fn.getSpec().getCode().setSha256("a".repeat(64));
        assertThat(env()).containsEntry(HostEnvironment.CODE_SHA256, "a".repeat(64));
        assertThat(env()).doesNotContainKey(HostEnvironment.CODE_ALLOW_HTTP);
        PodSettings s = TestPodSettings.SETTINGS;
        PodSettings allowing = new PodSettings(
                s.runtimeImage(),
                s.mebibytesPerVcpu(),
                s.maxCpuMillicores(),
                s.minCpuLimitMillicores(),
                s.providedHostMemoryMib(),
                s.drainMargin(),
                s.region(),
                s.brokerHost(),
                s.brokerPort(),
                s.brokerVhost(),
                s.maxInstances(),
                true,
                s.tmp());
        assertThat(FunctionDeployment.desired(fn, allowing, Optional.empty())
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo(HostEnvironment.CODE_ALLOW_HTTP);
                    assertThat(e.getValue()).isEqualTo("true");
                });
    }

    @Test
    void fetchesCodeUrlIntoAWritableTaskRootButKeepsAnImagesOwn() {
        assertThat(container().getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/task"));
        assertThat(container().getImage()).isEqualTo(TestPodSettings.SETTINGS.runtimeImage());
        assertThat(env()).containsEntry("KFN_CODE_URL", "file:/opt/functions/hello.jar");

        fn.getSpec().getCode().setUrl(null);
        fn.getSpec().getCode().setImage("registry.example/hello:1");
        assertThat(container().getVolumeMounts())
                .noneSatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/task"));
        assertThat(container().getImage()).isEqualTo("registry.example/hello:1");
        assertThat(env()).doesNotContainKey("KFN_CODE_URL");
    }

    @Test
    void runsRestrictedNonRootWithNoCapabilities() {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container().getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container().getSecurityContext().getAllowPrivilegeEscalation())
                .isFalse();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void givesPodsAGracePeriodOfTheTimeoutPlusTheDrainMargin() {
        fn.getSpec().setTimeout("15m");
        assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(910L);
        fn.getSpec().setTimeout("1500ms");
        assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(12L);
    }

    @Test
    void reportsReadyOnlyThroughTheHostsReadinessEndpoint() {
        assertThat(container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container().getReadinessProbe().getPeriodSeconds()).isEqualTo(1);
    }

    @Test
    void startsAtTheProvisionedFloorAndThenKeepsTheLiveReplicas() {
        fn.getSpec().getConcurrency().setPerInstance(4);
        fn.getSpec().getConcurrency().setProvisioned(5);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(FunctionDeployment.desired(fn, TestPodSettings.SETTINGS, Optional.of(7))
                        .getSpec()
                        .getReplicas())
                .isEqualTo(7);
        fn.getSpec().getConcurrency().setProvisioned(0);
        assertThat(deployment().getSpec().getReplicas()).isZero();
    }

    @Test
    void givesTheHostItsFunctionAndLambdasEnvironment() {
        fn.getSpec().setMemory("512Mi");
        fn.getSpec().setTimeout("30s");
        fn.getSpec().getConcurrency().setPerInstance(8);
        assertThat(env())
                .containsAllEntriesOf(Map.of(
                        "KFN_FUNCTION_NAMESPACE", "shop",
                        "KFN_FUNCTION_NAME", "hello",
                        "KFN_RUNTIME", "java",
                        "KFN_HANDLER", "example.Hello::handleRequest",
                        "KFN_TIMEOUT_MILLIS", "30000",
                        "KFN_CONCURRENCY", "8",
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                        "AWS_LAMBDA_FUNCTION_NAME", "hello",
                        "_HANDLER", "example.Hello::handleRequest",
                        "LAMBDA_TASK_ROOT", "/var/task"));
        assertThat(env()).containsEntry("KFN_MAX_EVENT_AGE_SECONDS", "21600").containsEntry("KFN_MAX_RETRIES", "2");
    }

    @Test
    void readsBrokerCredentialsFromTheFunctionsOwnSecretNeverFromTheTemplate() {
        for (String name : List.of(BrokerSettings.USERNAME, BrokerSettings.PASSWORD)) {
            assertThat(container().getEnv())
                    .filteredOn(e -> e.getName().equals(name))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getValue()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hello-broker");
                    });
        }
    }

    @Test
    void pointsTheHostAtTheBrokerWithTheSettingsEveryDeployableReads() {
        assertThat(BrokerSettings.fromEnvironment(env())).satisfies(broker -> {
            assertThat(broker.host()).isEqualTo("rabbitmq.kfn-system.svc");
            assertThat(broker.port()).isEqualTo(5672);
            assertThat(broker.vhost()).isEqualTo("/");
        });
    }

    @Test
    void tellsLambdaCodeItRunsTheLatestVersionAndItsLogGroup() {
        assertThat(env())
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/kfn/shop/hello");
    }

    @Test
    void startsTheHostWithAJvmSizedFromMemoryUnlessTheSpecNamesACommand() {
        fn.getSpec().setMemory("128Mi");
        assertThat(container().getCommand())
                .startsWith("java")
                .contains("-jar", HostJvm.JAR)
                .anyMatch(a -> a.startsWith("-Xmx48m"));
        fn.getSpec().setMemory("4Gi");
        assertThat(container().getCommand()).anyMatch(a -> a.startsWith("-Xmx2867m"));
        fn.getSpec().setCommand(List.of("/var/task/bootstrap"));
        assertThat(container().getCommand()).containsExactly("/var/task/bootstrap");
    }

    @Test
    void givesAProvidedFunctionsCommandToTheHostAsItsBootstrap() {
        fn.getSpec().setRuntime("provided");
        fn.getSpec().setCommand(List.of("/var/task/run.sh"));
        fn.getSpec().setArgs(List.of("--greeting", "hello, world"));
        assertThat(container().getCommand()).contains("-jar", HostJvm.JAR);
        assertThat(container().getArgs()).isNullOrEmpty();
        assertThat(env()).containsEntry("KFN_BOOTSTRAP_COMMAND", "/var/task/run.sh,--greeting,hello\\, world");
    }

    @Test
    void keepsTheUsersEnvironment() {
        fn.getSpec().setEnv(List.of(new EnvVar("GREETING", "hi", null)));
        assertThat(env()).containsEntry("GREETING", "hi");
    }

    @Test
    void qualifiesAFunctionDestinationWithTheNamespace() {
        Destination d = new Destination();
        d.setFunction("audit");
        fn.getSpec().getAsync().setOnSuccess(d);
        Destination q = new Destination();
        q.setQueue("failures");
        fn.getSpec().getAsync().setOnFailure(q);
        assertThat(env())
                .containsEntry("KFN_ON_SUCCESS", "function:shop/audit")
                .containsEntry("KFN_ON_FAILURE", "queue:failures");
    }

    @Test
    void writesDestinationsTheHostReadsBack() {
        Destination elsewhere = new Destination();
        elsewhere.setFunction("billing/audit");
        fn.getSpec().getAsync().setOnSuccess(elsewhere);
        Destination topic = new Destination();
        topic.setTopic("orders.failed");
        fn.getSpec().getAsync().setOnFailure(topic);
        assertThat(DestinationAddress.parse(env().get(HostEnvironment.ON_SUCCESS), "shop"))
                .isEqualTo(new DestinationAddress.ToFunction(new FunctionId("billing", "audit")));
        assertThat(DestinationAddress.parse(env().get(HostEnvironment.ON_FAILURE), "shop"))
                .isEqualTo(new DestinationAddress.ToTopic("shop", "orders.failed"));
    }

    @Test
    void selectsItsPodsByTheFunctionLabel() {
        Deployment d = deployment();
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("kfn.dev/function", "hello"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(Labels.selector(fn));
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kfn");
    }
}
