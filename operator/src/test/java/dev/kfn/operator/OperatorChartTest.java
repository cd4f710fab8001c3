package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Helm chart installs the CRD the model generates and an operator that can do what it must. */
class OperatorChartTest {

    private static final Path CHART = Path.of("../charts/kfn");

    private List<HasMetadata> render(String... values) {
        var template = new Helm(CHART).template().withName("kfn").withNamespace("kfn-system");
        for (String value : values) {
            String[] kv = value.split("=", 2);
            template = template.set(kv[0], kv[1]);
        }
        String yaml = template.call();
        return Serialization.unmarshal(yaml);
    }

    @Test
    void chartLintsClean() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @Test
    void chartCarriesTheGeneratedCrd() throws Exception {
        assertThat(Files.readString(CHART.resolve("crds/functions.kfn.dev-v1.yml")))
                .as("charts/kfn/crds is stale: copy crds/functions.kfn.dev-v1.yml into it")
                .isEqualTo(Files.readString(Path.of("../crds/functions.kfn.dev-v1.yml")));
    }

    @Test
    void operatorMayManageFunctionsDeploymentsAndTheirScale() {
        ClusterRole role = render().stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kfn-operator"))
                .findFirst()
                .orElseThrow();
        assertThat(role.getRules())
                .anySatisfy(r -> assertThat(r.getResources()).contains("functions/status", "functions/finalizers"));
        assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("deployments/scale"));
        assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("networkpolicies"));
    }

    @Test
    void gatewayMayWatchFunctionsAndReadsSecretsOnlyWithAuthOn() {
        List<HasMetadata> off = render();
        assertThat(off).anySatisfy(r -> assertThat(r.getMetadata().getName()).isEqualTo("kfn-gateway"));
        ClusterRole withoutAuth = off.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kfn-gateway"))
                .findFirst()
                .orElseThrow();
        assertThat(withoutAuth.getRules())
                .noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
        ClusterRole withAuth = render("gateway.auth=true").stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kfn-gateway"))
                .findFirst()
                .orElseThrow();
        assertThat(withAuth.getRules())
                .anySatisfy(r -> assertThat(r.getResources()).contains("secrets"));
    }

    @Test
    void operatorReadsBrokerCredentialsFromASecretAndElectsALeader() {
        Deployment operator = render("broker.existingSecret=rabbit-creds").stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("kfn-operator"))
                .findFirst()
                .orElseThrow();
        var env = operator.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KFN_BROKER_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rabbit-creds");
        });
        assertThat(env).anySatisfy(e -> assertThat(e.getName()).isEqualTo("KFN_LEADER_ELECTION_NAMESPACE"));
        assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    }
}
