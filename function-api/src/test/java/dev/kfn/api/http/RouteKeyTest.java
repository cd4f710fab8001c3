package dev.kfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteKeyTest {

    @Test
    void parsesMethodLiteralsVariablesAndAGreedyTail() {
        RouteKey key = RouteKey.parse("GET /orders/{id}/files/{proxy+}");

        assertThat(key.method()).contains("GET");
        assertThat(key.segments())
                .containsExactly(
                        new RouteKey.Literal("orders"),
                        new RouteKey.Variable("id"),
                        new RouteKey.Literal("files"),
                        new RouteKey.Greedy("proxy"));
        assertThat(key.greedy()).isTrue();
    }

    @Test
    void parsesDefaultAndRoot() {
        assertThat(RouteKey.parse("$default").isDefault()).isTrue();
        assertThat(RouteKey.parse("ANY /").segments()).isEmpty();
        assertThat(RouteKey.parse("ANY /").anyMethod()).isTrue();
    }

    @Test
    void shapeIgnoresVariableNames() {
        assertThat(RouteKey.parse("GET /orders/{id}").shape())
                .isEqualTo(RouteKey.parse("GET /orders/{orderId}").shape())
                .isEqualTo("GET /orders/{}");
        assertThat(RouteKey.parse("ANY /files/{proxy+}").shape()).isEqualTo("ANY /files/{+}");
        assertThat(RouteKey.parse("GET /orders/{id}").shape())
                .isNotEqualTo(RouteKey.parse("ANY /orders/{id}").shape());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "GIT /orders              | method GIT is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY",
                "get /orders              | method get is not one of",
                "/orders                  | a route is \"METHOD /path\" or \"$default\"",
                "GET orders               | the path must start with /",
                "GET /orders//x           | the path has an empty segment",
                "GET /orders/             | the path has an empty segment",
                "GET /{proxy+}/x          | a greedy variable {proxy+} must be the last segment",
                "GET /a/{id}/b/{id}       | path variable {id} appears twice",
                "GET /order{id}           | segment order{id} mixes text and a variable",
                "GET /a?b=1               | segment a?b=1 mixes text and a variable or holds ? # { } or a space",
                "GET /{}                  | {} is not a path variable",
                "GET /{a b}               | {a b} is not a path variable",
            })
    void refusesWhatApiGatewayRefuses(String route, String problem) {
        assertThatThrownBy(() -> RouteKey.parse(route))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void knowsApiGatewaysMethods() {
        assertThat(RouteKey.METHODS)
                .isEqualTo(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"));
    }
}
