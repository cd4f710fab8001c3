package dev.kfn.operator.autoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.HostEnvironment;
import dev.kfn.operator.HostAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URI;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeletionCostsTest {

    private static Pod pod(String ip, Integer hostPort) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("function")
                .addNewPort()
                .withName("http")
                .withContainerPort(8080)
                .withHostPort(hostPort)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPodIP(ip)
                .endStatus()
                .build();
    }

    @Test
    void sumsTheInFlightGaugeOverItsLabelSets() {
        String page = """
                # HELP kfn_invocations_in_flight Invocations running now
                # TYPE kfn_invocations_in_flight gauge
                kfn_invocations_in_flight{function="shop/hello",kind="sync"} 2.0
                kfn_invocations_in_flight{function="shop/hello",kind="async"} 1.0
                kfn_invocations_total{function="shop/hello"} 40.0
                """;
        assertThat(BusyCount.parse(page)).isEqualTo(OptionalLong.of(3));
        assertThat(BusyCount.parse("kfn_invocations_in_flight 0.0\n")).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void knowsNoCountFromAPageWithoutTheGauge() {
        assertThat(BusyCount.parse("jvm_threads_live_threads 12.0\n")).isEmpty();
    }

    @Test
    void readsTheHostAtThePodsIpAndItsHostPortWhenSet() {
        assertThat(HostAddress.of(pod("10.0.0.7", null), HostEnvironment.METRICS_PATH))
                .contains(URI.create("http://10.0.0.7:8080/q/metrics"));
        assertThat(HostAddress.of(pod("127.0.0.1", 18123), HostEnvironment.METRICS_PATH))
                .contains(URI.create("http://127.0.0.1:18123/q/metrics"));
        assertThat(HostAddress.of(pod(null, null), HostEnvironment.METRICS_PATH))
                .isEmpty();
    }
}
