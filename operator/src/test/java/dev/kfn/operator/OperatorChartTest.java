package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.kfn.testsupport.Chart;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm chart installs the CRD the model generates and an operator that can do what it must, and no more. */
class OperatorChartTest {

    private static final Path CHART = Chart.DIRECTORY;
    private static final String BROKER_LOGIN = Chart.BROKER_LOGIN;

    private static List<HasMetadata> render(String... values) {
        return Chart.render(values);
    }

    private static ClusterRole clusterRole(List<HasMetadata> rendered, String name) {
        return Chart.clusterRole(rendered, name);
    }

    private static Deployment deployment(List<HasMetadata> rendered, String name) {
        return rendered.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<EnvVar> env(Deployment deployment) {
        return deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();
    }

    /** Lint renders with the chart's own values, which hold no broker login on purpose: lint a copy that names one. */
    @Test
    void chartLintsCleanGivenABrokerLogin(@TempDir Path copy) throws Exception {
        try (var files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path values = copy.resolve("values.yaml");
        Files.writeString(values, Files.readString(values).replace("existingSecret: \"\"", "existingSecret: rabbit"));
        LintResult result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    }

    @Test
    void shipsNoDefaultBrokerLogin() {
        assertThatThrownBy(OperatorChartTest::render).hasMessageContaining("kfn needs a broker login");
        List<HasMetadata> given = render("broker.username=kfn", "broker.password=s3cret");
        assertThat(given)
                .filteredOn(Secret.class::isInstance)
                .anySatisfy(s -> assertThat(((Secret) s).getStringData()).containsEntry("username", "kfn"));
    }

    @Test
    void gatewayAuthIsOnByDefault() {
        assertThat(env(deployment(render(BROKER_LOGIN), "kfn-gateway"))).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KFN_GATEWAY_AUTH_ENABLED");
            assertThat(e.getValue()).isEqualTo("true");
        });
    }

    @Test
    void operatorMayWriteAndRemoveSecretsButReadNone() {
        List<PolicyRule> secrets = new ArrayList<>();
        for (PolicyRule rule : clusterRole(render(BROKER_LOGIN), "kfn-operator").getRules()) {
            if (rule.getResources().contains("secrets") || rule.getResources().contains("*")) {
                secrets.add(rule);
            }
        }
        assertThat(secrets)
                .singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "delete"));
    }

    @Test
    void operatorReadsOnlyItsIdentityKeySecret() {
        List<HasMetadata> rendered = render(BROKER_LOGIN);
        assertThat(env(deployment(rendered, "kfn-operator"))).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KFN_BROKER_IDENTITY_KEY_SECRET");
            assertThat(e.getValue()).isEqualTo("kfn-identity-key");
        });
        Role role = rendered.stream()
                .filter(Role.class::isInstance)
                .map(Role.class::cast)
                .filter(r -> r.getMetadata().getName().equals("kfn-operator-identity-key"))
                .findFirst()
                .orElseThrow();
        assertThat(role.getMetadata().getNamespace()).isEqualTo("kfn-system");
        assertThat(role.getRules())
                .filteredOn(r -> r.getVerbs().contains("get"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("kfn-identity-key"));
    }

    @Test
    void operatorMayManageFunctionsDeploymentsAndTheirScale() {
        ClusterRole role = clusterRole(render(BROKER_LOGIN), "kfn-operator");
        assertThat(role.getRules())
                .anySatisfy(r -> assertThat(r.getResources()).contains("functions/status", "functions/finalizers"));
        assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("deployments/scale"));
        assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getResources()).contains("networkpolicies"));
    }

    @Test
    void gatewayReadsOnlyTheApiKeySecretsAndThoseOnlyWithAuthOn() {
        List<HasMetadata> off = render(BROKER_LOGIN, "gateway.auth=false");
        assertThat(clusterRole(off, "kfn-gateway").getRules())
                .noneSatisfy(r -> assertThat(r.getResources()).contains("secrets"));
        assertThat(clusterRole(render(BROKER_LOGIN), "kfn-gateway").getRules())
                .filteredOn(r -> r.getResources().contains("secrets"))
                .singleElement()
                .satisfies(r -> assertThat(r.getResourceNames()).containsExactly("kfn-api-keys"));
    }

    @Test
    void operatorReadsBrokerCredentialsFromASecretAndElectsALeader() {
        Deployment operator = deployment(render(BROKER_LOGIN), "kfn-operator");
        var env = env(operator);
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("KFN_BROKER_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rabbit-creds");
        });
        assertThat(env).anySatisfy(e -> assertThat(e.getName()).isEqualTo("KFN_LEADER_ELECTION_NAMESPACE"));
        assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
    }
}
