package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.gateway.GatewayConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpApiAddressingTest {

    private static final HttpApiAddressing BY_PATH =
            new HttpApiAddressing(GatewayConfig.NamespaceFrom.PATH, "", Optional.empty());
    private static final HttpApiAddressing BEHIND_PREFIX =
            new HttpApiAddressing(GatewayConfig.NamespaceFrom.PATH, "/apis", Optional.empty());
    private static final HttpApiAddressing BY_HOST =
            new HttpApiAddressing(GatewayConfig.NamespaceFrom.HOST, "", Optional.of(".api.example.com"));

    @Test
    void byPathTheFirstSegmentIsTheNamespaceAndTheRestTheRoutePath() {
        assertThat(BY_PATH.locate("gw:8080", "/team-a/orders/7"))
                .contains(new HttpApiAddressing.Addressed("team-a", "/orders/7"));
        assertThat(BY_PATH.locate("gw", "/team-a")).contains(new HttpApiAddressing.Addressed("team-a", "/"));
        assertThat(BY_PATH.locate("gw", "/team-a/")).contains(new HttpApiAddressing.Addressed("team-a", "/"));
    }

    @Test
    void byPathTheGatewaysOwnPathsAndNonNamespacesAreNotHttpApis() {
        assertThat(BY_PATH.locate("gw", "/functions/team-a/hello")).isEmpty();
        assertThat(BY_PATH.locate("gw", "/2015-03-31/functions/hello/invocations"))
                .isEmpty();
        assertThat(BY_PATH.locate("gw", "/q/health/ready")).isEmpty();
        assertThat(BY_PATH.locate("gw", "/favicon.ico")).isEmpty();
        assertThat(BY_PATH.locate("gw", "/")).isEmpty();
    }

    @Test
    void behindAPrefixEveryNamespaceNameIsFree() {
        assertThat(BEHIND_PREFIX.locate("gw", "/apis/q/orders"))
                .contains(new HttpApiAddressing.Addressed("q", "/orders"));
        assertThat(BEHIND_PREFIX.locate("gw", "/team-a/orders")).isEmpty();
        assertThat(BEHIND_PREFIX.locate("gw", "/apisx/team-a/orders")).isEmpty();
    }

    @Test
    void byHostTheHostNamesTheNamespaceAndThePathIsTheRoutePath() {
        assertThat(BY_HOST.locate("Team-A.api.example.com:443", "/functions/x"))
                .contains(new HttpApiAddressing.Addressed("team-a", "/functions/x"));
        assertThat(BY_HOST.locate("gw.internal", "/team-a/orders")).isEmpty();
        assertThat(BY_HOST.locate("a.b.api.example.com", "/")).isEmpty();
        assertThat(BY_HOST.locate(null, "/")).isEmpty();
    }

    @Test
    void readsItsSettings() {
        assertThat(HttpApiAddressing.from(
                                settings(GatewayConfig.NamespaceFrom.PATH, Optional.of("apis/"), Optional.empty()))
                        .pathPrefix())
                .isEqualTo("/apis");
        assertThatThrownBy(() -> HttpApiAddressing.from(
                        settings(GatewayConfig.NamespaceFrom.HOST, Optional.empty(), Optional.empty())))
                .hasMessageContaining("kfn.gateway.http.host-suffix");
    }

    @Test
    void dropsThePortOfAHostHeader() {
        assertThat(HttpApiAddressing.withoutPort("localhost:8080")).isEqualTo("localhost");
        assertThat(HttpApiAddressing.withoutPort("[::1]:8080")).isEqualTo("[::1]");
        assertThat(HttpApiAddressing.withoutPort("[::1]")).isEqualTo("[::1]");
        assertThat(HttpApiAddressing.withoutPort("example.com")).isEqualTo("example.com");
    }

    private static GatewayConfig.Http settings(
            GatewayConfig.NamespaceFrom from, Optional<String> prefix, Optional<String> suffix) {
        return new GatewayConfig.Http() {
            @Override
            public GatewayConfig.NamespaceFrom namespaceFrom() {
                return from;
            }

            @Override
            public Optional<String> pathPrefix() {
                return prefix;
            }

            @Override
            public Optional<String> hostSuffix() {
                return suffix;
            }
        };
    }
}
