package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.FunctionId;
import dev.kfn.gateway.GatewayConfig;
import java.util.List;
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
        assertThat(BY_HOST.locate("a.b.c.api.example.com", "/")).isEmpty();
        assertThat(BY_HOST.locate("-x.api.example.com", "/")).isEmpty();
        assertThat(BY_HOST.locate(null, "/")).isEmpty();
    }

    @Test
    void aFunctionUrlIsItsPathOnTheGatewayUnderEitherScheme() {
        HttpApiAddressing.Addressed url = new HttpApiAddressing.Addressed("team-a", "/a/b", Optional.of("hello"));
        for (HttpApiAddressing addressing : List.of(BY_PATH, BEHIND_PREFIX, BY_HOST)) {
            assertThat(addressing.locate("gw:8080", "/urls/team-a/hello/a/b")).contains(url);
            assertThat(addressing.locate("gw:8080", "/urls/team-a/hello/"))
                    .contains(new HttpApiAddressing.Addressed("team-a", "/", Optional.of("hello")));
            assertThat(addressing.locate("gw:8080", "/urls/team-a/hello"))
                    .contains(new HttpApiAddressing.Addressed("team-a", "/", Optional.of("hello")));
        }
        assertThat(url.urlFunction()).contains(new FunctionId("team-a", "hello"));
        assertThat(BY_PATH.locate("gw", "/urlsx/a")).contains(new HttpApiAddressing.Addressed("urlsx", "/a"));
    }

    @Test
    void aFunctionUrlPathWithoutTwoNamesIsAddressedButNoFunctions() {
        for (String path : List.of("/urls", "/urls/", "/urls/team-a", "/urls/Team-A/hello/", "/urls/team-a//x")) {
            HttpApiAddressing.Addressed addressed = BY_PATH.locate("gw", path).orElseThrow();
            assertThat(addressed.functionUrl()).as(path).isPresent();
            assertThat(addressed.urlFunction()).as(path).isEmpty();
        }
    }

    @Test
    void byHostAFunctionUrlIsAHostOfItsOwnAndTheWholePathIsItsPath() {
        assertThat(BY_HOST.locate("Hello.Team-A.api.example.com:443", "/urls/x"))
                .contains(new HttpApiAddressing.Addressed("team-a", "/urls/x", Optional.of("hello")));
        assertThat(BY_HOST.locate("team-a.api.example.com", "/urls/team-a/hello/"))
                .as("a namespace's host is wholly its HTTP API")
                .contains(new HttpApiAddressing.Addressed("team-a", "/urls/team-a/hello/"));
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
