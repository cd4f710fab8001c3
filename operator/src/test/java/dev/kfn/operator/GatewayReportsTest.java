package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class GatewayReportsTest {

    private static Function at(String resourceVersion) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withName("orders")
                .withResourceVersion(resourceVersion)
                .build());
        return fn;
    }

    @Test
    void aLaterResourceVersionIsNewerCountedAsANumberNotAsText() {
        assertThat(GatewayReports.isNewer(at("10"), at("9"))).isTrue();
        assertThat(GatewayReports.isNewer(at("9"), at("10"))).isFalse();
        assertThat(GatewayReports.isNewer(at("10"), at("10"))).isFalse();
    }

    @Test
    void aVersionThatIsNotANumberIsNeverNewer() {
        assertThat(GatewayReports.isNewer(at("abc"), at("9"))).isFalse();
        assertThat(GatewayReports.isNewer(at("10"), at("abc"))).isFalse();
        assertThat(GatewayReports.isNewer(at(null), at("9"))).isFalse();
    }
}
