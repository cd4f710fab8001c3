package dev.kfn.api.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.Trigger;
import dev.kfn.api.WebSocketTrigger;
import dev.kfn.contract.FunctionId;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebSocketApiTableTest {

    @Test
    void theEarlierFunctionKeepsAContestedPathAndTheLaterOneNamesIt() {
        WebSocketApiTable table = WebSocketApiTable.of(List.of(
                fn("chat", "later", "2026-12-01T10:00:01Z", ws("/chat", "sendMessage")),
                fn("chat", "first", "2026-12-01T10:00:00Z", ws("/chat")),
                fn("other", "elsewhere", "2026-12-01T10:00:02Z", ws("/chat"))));

        assertThat(table.at("chat", "/chat")
                        .orElseThrow()
                        .function()
                        .getMetadata()
                        .getName())
                .isEqualTo("first");
        assertThat(table.at("other", "/chat")).isPresent();
        assertThat(table.problems())
                .containsOnlyKeys(new FunctionId("chat", "later"))
                .containsEntry(
                        new FunctionId("chat", "later"),
                        List.of("spec.triggers[0].websocket.path \"/chat\" is already served by Function first"
                                + " (created earlier); this trigger is not served"));
    }

    @Test
    void pathsAndRouteNamesThatCannotBeServedAreNamed() {
        WebSocketApiTable table = WebSocketApiTable.of(List.of(fn(
                "chat",
                "bad",
                "2026-12-01T10:00:00Z",
                ws("/rooms/{id}"),
                ws("/@connections"),
                ws("/chat", "send", "$connect", "send"))));

        assertThat(table.problems().get(new FunctionId("chat", "bad")))
                .containsExactly(
                        "spec.triggers[0].websocket.path \"/rooms/{id}\": segments are literal, printable ASCII"
                                + " without {}?#%",
                        "spec.triggers[1].websocket.path \"/@connections\": segments starting with @ are the"
                                + " gateway's (@connections)",
                        "spec.triggers[2].websocket.routes[1] \"$connect\": names starting with $ are API Gateway's"
                                + " ($connect, $disconnect and $default always reach the function)",
                        "spec.triggers[2].websocket.routes[2] \"send\" is declared twice");
        assertThat(table.at("chat", "/chat")).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"action\":\"sendMessage\",\"data\":1} | sendMessage",
                "{\"action\":\"unknown\"}                | $default",
                "{\"action\":7}                          | $default",
                "{\"other\":\"sendMessage\"}             | $default",
                "[\"sendMessage\"]                       | $default",
                "not json                                | $default",
            })
    void theSelectionFieldNamesTheRoute(String message, String route) {
        WebSocketApi api = WebSocketApiTable.of(List.of(fn("chat", "c", null, ws("/chat", "sendMessage"))))
                .at("chat", "/chat")
                .orElseThrow();

        assertThat(api.routeOf(message.getBytes(StandardCharsets.UTF_8), true)).isEqualTo(route);
        assertThat(api.routeOf(message.getBytes(StandardCharsets.UTF_8), false)).isEqualTo("$default");
    }

    @Test
    void aNestedSelectionFieldIsWalked() {
        WebSocketTrigger trigger = ws("/chat", "join");
        trigger.setRouteSelection("$request.body.meta.kind");
        WebSocketApi api = WebSocketApiTable.of(List.of(fn("chat", "c", null, trigger)))
                .at("chat", "/chat")
                .orElseThrow();

        assertThat(api.routeOf("{\"meta\":{\"kind\":\"join\"}}".getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo("join");
    }

    private static WebSocketTrigger ws(String path, String... routes) {
        WebSocketTrigger trigger = new WebSocketTrigger();
        trigger.setPath(path);
        trigger.setRoutes(routes.length == 0 ? null : List.of(routes));
        return trigger;
    }

    private static Function fn(String namespace, String name, String created, WebSocketTrigger... triggers) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withCreationTimestamp(created)
                .build());
        FunctionSpec spec = new FunctionSpec();
        spec.setTriggers(List.of(triggers).stream()
                .map(ws -> {
                    Trigger trigger = new Trigger();
                    trigger.setWebsocket(ws);
                    return trigger;
                })
                .toList());
        fn.setSpec(spec);
        return fn;
    }
}
