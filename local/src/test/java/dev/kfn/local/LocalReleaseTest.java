package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.broker.IdentityKeySecret;
import dev.kfn.testsupport.FreePorts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kfn local's install of the chart into the embedded API, and what a chart container's environment resolves to. */
class LocalReleaseTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private EmbeddedApiServer api;
    private LocalSettings settings;

    @BeforeEach
    void startApi() {
        api = new EmbeddedApiServer().start(FreePorts.next(), "default");
        settings = LocalSettings.from(
                Map.of(
                        "KFN_LOCAL_DIR", work.toString(),
                        "KFN_GATEWAY_PORT", "18080",
                        "KFN_BROKER_USERNAME", "kfn-admin",
                        "KFN_BROKER_PASSWORD", "p4ss"),
                HOME);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void installsTheChartsObjectsIntoTheReleaseNamespaceWithTheMachinesBrokerAndGatewayUrl() throws Exception {
        List<Deployment> deployments =
                LocalRelease.install(settings, api.client()).deployments();

        assertThat(deployments)
                .extracting(d -> d.getMetadata().getLabels().get(ReleasePods.COMPONENT))
                .containsExactlyInAnyOrder("operator", "gateway");
        Deployment operator = api.client()
                .apps()
                .deployments()
                .inNamespace(LocalChartValues.NAMESPACE)
                .withName("kfn-operator")
                .get();
        assertThat(operator.getSpec().getReplicas()).isOne();
        Map<String, String> env = resolved(operator);
        assertThat(env)
                .containsEntry("KFN_GATEWAY_URL", "http://localhost:18080")
                .containsEntry("KFN_BROKER_USERNAME", "kfn-admin")
                .containsEntry("KFN_BROKER_PASSWORD", "p4ss")
                .containsEntry("KFN_BROKER_ASYNC_QUEUE_TYPE", "classic")
                .containsEntry("KFN_BROKER_IDENTITY_KEY_SECRET", LocalChartValues.IDENTITY_KEY_SECRET)
                .containsEntry("KFN_OPERATOR_NAMESPACE", LocalChartValues.NAMESPACE)
                .containsEntry("KFN_SERVER_SIDE_APPLY", "false");
        assertThat(new SecretKeys(api.client())
                        .get(LocalChartValues.NAMESPACE, LocalChartValues.IDENTITY_KEY_SECRET, IdentityKeySecret.KEY))
                .contains(BrokerIdentityKey.in(work));
        assertThat(api.client().rbac().clusterRoles().withName("kfn-operator").get())
                .extracting(ClusterRole::getRules)
                .asList()
                .isNotEmpty();
        assertThat(Files.getPosixFilePermissions(work.resolve(LocalRelease.VALUES_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void installingAgainUpdatesWhatTheFirstInstallWrote() throws Exception {
        LocalRelease.install(settings, api.client());
        LocalRelease.install(settings, api.client());

        assertThat(api.client()
                        .apps()
                        .deployments()
                        .inNamespace(LocalChartValues.NAMESPACE)
                        .list()
                        .getItems())
                .hasSize(2);
    }

    @Test
    void mapsTheChartsImagesToTheModulesApplicationsAndRefusesOthers() {
        assertThat(settings.application("ghcr.io/kfn-dev/operator:0.1.0")).contains(settings.operatorJar());
        assertThat(settings.application("registry.example:5000/mirror/kfn/gateway@sha256:ab"))
                .contains(settings.gatewayJar());
        assertThatThrownBy(() -> settings.application("ghcr.io/kfn-dev/runtime-host:0.1.0"))
                .hasMessage("kfn local runs no image ghcr.io/kfn-dev/runtime-host:0.1.0");
    }

    private Map<String, String> resolved(Deployment deployment) {
        Container container =
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        return PodEnvironment.resolve(
                container,
                deployment.getMetadata().getName() + "-0",
                LocalChartValues.NAMESPACE,
                new SecretKeys(api.client()).in(LocalChartValues.NAMESPACE));
    }
}
