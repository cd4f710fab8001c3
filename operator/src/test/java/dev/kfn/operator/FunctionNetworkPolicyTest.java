package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

class FunctionNetworkPolicyTest {

    @Test
    void letsInOnlyTheMetricsPortOfTheFunctionsPods() {
        NetworkPolicy policy = FunctionNetworkPolicy.desired(TestFunctions.java(new FunctionId("shop", "hello")));
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("kfn.dev/function", "hello");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).isEmpty();
            assertThat(rule.getPorts())
                    .singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString(8080)));
        });
    }
}
