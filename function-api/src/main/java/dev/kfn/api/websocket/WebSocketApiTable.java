package dev.kfn.api.websocket;

import dev.kfn.api.Function;
import dev.kfn.api.Trigger;
import dev.kfn.api.WebSocketTrigger;
import dev.kfn.contract.FunctionId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The WebSocket APIs of every namespace, by path. Within a namespace two Functions claiming one path are a conflict:
 * the earlier-created Function keeps it (ties broken by name), so every gateway replica and the operator decide alike
 * from the same list, as for HTTP routes. A path or a route name that cannot be served is a problem of its Function.
 */
public final class WebSocketApiTable {

    /** API Gateway's bound on a route key. */
    public static final int MAX_ROUTE_KEY = 128;

    private static final Comparator<Function> CREATED_FIRST = Comparator.comparing(WebSocketApiTable::created)
            .thenComparing(fn -> fn.getMetadata().getName());

    private final Map<String, Map<String, WebSocketApi>> served;
    private final Map<FunctionId, List<String>> problems;

    private WebSocketApiTable(Map<String, Map<String, WebSocketApi>> served, Map<FunctionId, List<String>> problems) {
        this.served = served;
        this.problems = problems;
    }

    public static WebSocketApiTable of(Collection<Function> functions) {
        Map<String, Map<String, WebSocketApi>> served = new HashMap<>();
        Map<FunctionId, List<String>> problems = new LinkedHashMap<>();
        functions.stream().sorted(CREATED_FIRST).forEach(fn -> {
            List<String> own = new ArrayList<>();
            Map<String, WebSocketApi> taken =
                    served.computeIfAbsent(fn.getMetadata().getNamespace(), ns -> new HashMap<>());
            List<Trigger> triggers =
                    fn.getSpec() == null ? List.of() : fn.getSpec().getTriggers();
            for (int t = 0; t < triggers.size(); t++) {
                WebSocketTrigger trigger = triggers.get(t).getWebsocket();
                if (trigger == null) {
                    continue;
                }
                String field = "spec.triggers[" + t + "].websocket";
                List<String> wrong = new ArrayList<>();
                pathProblem(trigger.getPath()).ifPresent(p -> wrong.add(field + ".path " + p));
                List<String> routes = Optional.ofNullable(trigger.getRoutes()).orElse(List.of());
                Set<String> seen = new HashSet<>();
                for (int r = 0; r < routes.size(); r++) {
                    String route = routes.get(r);
                    int index = r;
                    routeProblem(route, seen).ifPresent(p -> wrong.add(field + ".routes[" + index + "] " + p));
                }
                if (!wrong.isEmpty()) {
                    own.addAll(wrong);
                    continue;
                }
                WebSocketApi api = new WebSocketApi(fn, trigger, trigger.getPath(), List.copyOf(routes), field);
                WebSocketApi owner = taken.putIfAbsent(api.path(), api);
                if (owner != null) {
                    own.add(field + ".path \"" + api.path() + "\" is already served by "
                            + (owner.function() == fn
                                    ? owner.field() + " of this function"
                                    : "Function "
                                            + owner.function().getMetadata().getName() + " (created earlier)")
                            + "; this trigger is not served");
                }
            }
            if (!own.isEmpty()) {
                problems.put(fn.id(), List.copyOf(own));
            }
        });
        return new WebSocketApiTable(served, problems);
    }

    /** Per Function with any, the WebSocket triggers it is not served on and why. */
    public Map<FunctionId, List<String>> problems() {
        return problems;
    }

    /** The API at exactly this path of the namespace (a WebSocket API has no path parameters). */
    public Optional<WebSocketApi> at(String namespace, String path) {
        return Optional.ofNullable(served.getOrDefault(namespace, Map.of()).get(path));
    }

    /** Why the path cannot be served, if it cannot: literal segments only, and none named as the connection API. */
    static Optional<String> pathProblem(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.of("\"" + path + "\" must start with /");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            return Optional.of("\"" + path + "\" must not end with /");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (path.length() > 1 && segment.isEmpty()) {
                return Optional.of("\"" + path + "\" has an empty segment");
            }
            if (segment.startsWith("@")) {
                return Optional.of("\"" + path + "\": segments starting with @ are the gateway's (@connections)");
            }
            if (!segment.chars().allMatch(c -> c > 0x20 && c < 0x7f && "{}?#%".indexOf(c) < 0)) {
                return Optional.of("\"" + path + "\": segments are literal, printable ASCII without {}?#%");
            }
        }
        return Optional.empty();
    }

    /** Why a named route cannot be declared, if it cannot; {@code seen} collects the names so far. */
    static Optional<String> routeProblem(String route, Set<String> seen) {
        if (route == null || route.isEmpty()) {
            return Optional.of("is empty");
        }
        if (route.startsWith("$")) {
            return Optional.of("\"" + route + "\": names starting with $ are API Gateway's ($connect, $disconnect and"
                    + " $default always reach the function)");
        }
        if (route.length() > MAX_ROUTE_KEY) {
            return Optional.of("\"" + route.substring(0, 16) + "…\" is longer than " + MAX_ROUTE_KEY + " characters");
        }
        if (!seen.add(route)) {
            return Optional.of("\"" + route + "\" is declared twice");
        }
        return Optional.empty();
    }

    /** A Function not yet stored has no creation time: it sorts after every stored one. */
    private static Instant created(Function fn) {
        String timestamp = fn.getMetadata().getCreationTimestamp();
        if (timestamp == null) {
            return Instant.MAX;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
