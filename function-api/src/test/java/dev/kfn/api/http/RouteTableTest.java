package dev.kfn.api.http;

import static dev.kfn.api.http.HttpFunctions.fn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.HttpTrigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTableTest {

    private static final String T0 = "2026-12-01T10:00:00Z";

    /** API Gateway's own routing example (http-api-develop-routes), plus ANY and a root route. */
    private final RouteTable table = RouteTable.of(List.of(
            fn(
                    "shop",
                    "pets",
                    T0,
                    "GET /pets/dog/{id}",
                    "GET /pets/dog/1",
                    "GET /pets/{proxy+}",
                    "ANY /{proxy+}",
                    "$default"),
            fn(
                    "shop",
                    "orders",
                    "2026-12-01T10:00:01Z",
                    "GET /orders/{id}",
                    "ANY /orders/{id}",
                    "POST /orders",
                    "GET /orders/{id}/items/{item}",
                    "GET /orders/special/items/{item}",
                    "ANY /files/{proxy+}",
                    "GET /files/{dir}/{proxy+}",
                    "GET /")));

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // exact path and method first
                "GET    | /pets/dog/1                 | GET /pets/dog/1",
                // then a variable
                "GET    | /pets/dog/2                 | GET /pets/dog/{id}",
                // then greedy
                "GET    | /pets/cat/1                 | GET /pets/{proxy+}",
                "POST   | /pets/cat/1                 | ANY /{proxy+}",
                // an exact method before ANY on one path
                "GET    | /orders/7                   | GET /orders/{id}",
                "DELETE | /orders/7                   | ANY /orders/{id}",
                "POST   | /orders                     | POST /orders",
                // literals before variables, from the left
                "GET    | /orders/special/items/3     | GET /orders/special/items/{item}",
                "GET    | /orders/7/items/3           | GET /orders/{id}/items/{item}",
                // the longest greedy prefix first
                "GET    | /files/a/b/c                | GET /files/{dir}/{proxy+}",
                "PUT    | /files/a/b/c                | ANY /files/{proxy+}",
                "GET    | /files/a                    | ANY /files/{proxy+}",
                // a greedy variable needs a segment; the root has its own route
                "GET    | /                           | GET /",
                "POST   | /                           | $default",
                // the method is matched exactly: HEAD is not GET
                "HEAD   | /orders/7                   | ANY /orders/{id}",
                // a trailing slash is another path
                "GET    | /orders/7/                  | ANY /{proxy+}",
            })
    void matchesAsApiGatewayDoes(String method, String path, String route) {
        assertThat(table.match("shop", method, path))
                .map(m -> m.route().key().text())
                .contains(route);
    }

    @Test
    void pathParametersAreDecodedAndTheGreedyOneKeepsItsSlashes() {
        RouteMatch files =
                table.match("shop", "GET", "/files/docs/2026/a%20b.txt").orElseThrow();
        RouteMatch order = table.match("shop", "GET", "/orders/a%2Fb+c").orElseThrow();

        assertThat(files.pathParameters())
                .containsExactly(Map.entry("dir", "docs"), Map.entry("proxy", "2026/a b.txt"));
        assertThat(order.pathParameters()).containsExactly(Map.entry("id", "a/b+c"));
        assertThat(order.route().function().getMetadata().getName()).isEqualTo("orders");
    }

    @Test
    void routesBelongToTheirNamespace() {
        assertThat(table.match("elsewhere", "GET", "/orders/7")).isEmpty();
    }

    @Test
    void withoutDefaultAnUnmatchedRequestFindsNothing() {
        RouteTable only = RouteTable.of(List.of(fn("shop", "orders", T0, "GET /orders/{id}")));

        assertThat(only.match("shop", "GET", "/orders")).isEmpty();
        assertThat(only.match("shop", "POST", "/orders/1")).isEmpty();
        assertThat(only.match("shop", "GET", "/orders//")).isEmpty();
    }

    @Test
    void theEarlierCreatedFunctionKeepsARouteOfTheSameShape() {
        Function later = fn("shop", "a-later", "2026-12-01T10:00:05Z", "GET /orders/{orderId}", "GET /plain");
        Function earlier = fn("shop", "z-earlier", T0, "GET /orders/{id}");

        for (List<Function> order : List.of(List.of(later, earlier), List.of(earlier, later))) {
            RouteTable routes = RouteTable.of(order);
            assertThat(served(routes, "GET", "/orders/1")).contains("z-earlier");
            assertThat(served(routes, "GET", "/plain")).contains("a-later");
            assertThat(routes.problems()).containsOnlyKeys(later.id());
            assertThat(routes.problems().get(later.id()))
                    .containsExactly(
                            "spec.triggers[0].http.routes[0] \"GET /orders/{orderId}\""
                                    + " is already served by Function z-earlier (\"GET /orders/{id}\", created earlier); this function is not served on it");
        }
    }

    @Test
    void equalCreationTimesAreBrokenByName() {
        Function b = fn("shop", "b", T0, "POST /orders");
        Function a = fn("shop", "a", T0, "POST /orders");

        assertThat(served(RouteTable.of(List.of(b, a)), "POST", "/orders")).contains("a");
        assertThat(RouteTable.of(List.of(a, b)).problems()).containsOnlyKeys(b.id());
    }

    @Test
    void aFunctionNotYetStoredComesAfterStoredOnes() {
        Function unsaved = fn("shop", "a", null, "POST /orders");
        Function stored = fn("shop", "b", T0, "POST /orders");

        assertThat(served(RouteTable.of(List.of(unsaved, stored)), "POST", "/orders"))
                .contains("b");
    }

    @Test
    void theSameRouteInTwoNamespacesIsNoConflict() {
        RouteTable routes =
                RouteTable.of(List.of(fn("a", "orders", T0, "POST /orders"), fn("b", "orders", T0, "POST /orders")));

        assertThat(routes.problems()).isEmpty();
        assertThat(routes.match("a", "POST", "/orders")).isPresent();
        assertThat(routes.match("b", "POST", "/orders")).isPresent();
    }

    @Test
    void aRouteThatDoesNotParseIsReportedAndTheOthersAreServed() {
        Function fn = fn("shop", "orders", T0, "GIT /orders", "POST /orders");
        RouteTable routes = RouteTable.of(List.of(fn));

        assertThat(routes.problems().get(fn.id()))
                .containsExactly("spec.triggers[0].http.routes[0] \"GIT /orders\" is not a route:"
                        + " method GIT is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY");
        assertThat(served(routes, "POST", "/orders")).contains("orders");
    }

    @Test
    void aRouteRepeatedByOneFunctionIsServedFromItsFirstPlace() {
        Function fn = HttpFunctions.withRoutes(fn("shop", "orders", T0, "GET /orders/{id}"), "GET /orders/{orderId}");
        RouteTable routes = RouteTable.of(List.of(fn));

        assertThat(routes.match("shop", "GET", "/orders/1")
                        .orElseThrow()
                        .route()
                        .field())
                .isEqualTo("spec.triggers[0].http.routes[0]");
        assertThat(routes.problems().get(fn.id()))
                .containsExactly("spec.triggers[1].http.routes[0] \"GET /orders/{orderId}\" repeats"
                        + " spec.triggers[0].http.routes[0] \"GET /orders/{id}\"; the first one is served");
    }

    @Test
    void theOlderPathFormIsOneRoutePerMethodOrAny() {
        HttpTrigger methods = new HttpTrigger();
        methods.setPath("/orders/{id}");
        methods.setMethods(List.of("GET", "DELETE"));
        HttpTrigger any = new HttpTrigger();
        any.setPath("/files/{proxy+}");
        RouteTable routes =
                RouteTable.of(List.of(HttpFunctions.with(HttpFunctions.with(fn("shop", "orders", T0), methods), any)));

        assertThat(routes.routes("shop"))
                .extracting(r -> r.key().text())
                .containsExactly("GET /orders/{id}", "DELETE /orders/{id}", "ANY /files/{proxy+}");
        assertThat(routes.problems()).isEmpty();
    }

    @Test
    void anHttpTriggerWithoutRoutesOrWithBothFormsIsReported() {
        HttpTrigger both = new HttpTrigger();
        both.setRoutes(List.of("POST /orders"));
        both.setPath("/legacy");
        Function fn = HttpFunctions.with(HttpFunctions.with(fn("shop", "orders", T0), new HttpTrigger()), both);

        assertThat(RouteConflicts.of(List.of(fn)).get(fn.id()))
                .containsExactly(
                        "spec.triggers[0].http: names no route; set routes, such as [\"GET /orders/{id}\"], or url: true",
                        "spec.triggers[1].http: set routes or path, not both; routes are served");
    }

    @Test
    void functionsWithoutHttpTriggersHaveNoRoutesAndNoProblems() {
        RouteTable routes = RouteTable.of(List.of(fn("shop", "worker", T0)));

        assertThat(routes.routes("shop")).isEmpty();
        assertThat(routes.problems()).isEmpty();
    }

    private static Optional<String> served(RouteTable table, String method, String path) {
        return table.match("shop", method, path)
                .map(m -> m.route().function().getMetadata().getName());
    }
}
