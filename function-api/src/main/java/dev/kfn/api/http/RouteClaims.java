package dev.kfn.api.http;

import dev.kfn.api.Function;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes one Function's HTTP triggers claim, and what is wrong with the ones it cannot claim: a route that does
 * not parse, or one it already claims in another place (the first place keeps it, with that trigger's auth and CORS).
 */
public record RouteClaims(List<HttpRoute> routes, List<String> problems) {

    public static RouteClaims of(Function fn) {
        List<HttpRoute> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, HttpRoute> byShape = new HashMap<>();
        List<Trigger> triggers = fn.getSpec() == null ? List.of() : fn.getSpec().getTriggers();
        for (int t = 0; t < triggers.size(); t++) {
            HttpTrigger http = triggers.get(t).getHttp();
            if (http == null) {
                continue;
            }
            String field = "spec.triggers[" + t + "].http";
            for (Written written : written(http, field, problems)) {
                RouteKey key;
                try {
                    key = RouteKey.parse(written.text());
                } catch (IllegalArgumentException e) {
                    problems.add(written.field() + " \"" + written.text() + "\" is not a route: " + e.getMessage());
                    continue;
                }
                HttpRoute route = new HttpRoute(key, fn, http, written.field());
                HttpRoute earlier = byShape.putIfAbsent(key.shape(), route);
                if (earlier != null) {
                    problems.add(written.field() + " \"" + written.text() + "\" repeats " + earlier.field() + " \""
                            + earlier.key() + "\"; the first one is served");
                } else {
                    routes.add(route);
                }
            }
        }
        return new RouteClaims(List.copyOf(routes), List.copyOf(problems));
    }

    /** A route as the spec writes it, and where. */
    private record Written(String text, String field) {}

    /** {@code routes}, or the older {@code path} with one route per method ({@code ANY} without methods). */
    private static List<Written> written(HttpTrigger http, String field, List<String> problems) {
        boolean hasRoutes = http.getRoutes() != null && !http.getRoutes().isEmpty();
        if (hasRoutes && http.getPath() != null) {
            problems.add(field + ": set routes or path, not both; routes are served");
        }
        List<Written> written = new ArrayList<>();
        if (hasRoutes) {
            for (int r = 0; r < http.getRoutes().size(); r++) {
                written.add(new Written(http.getRoutes().get(r), field + ".routes[" + r + "]"));
            }
        } else if (http.getPath() != null) {
            List<String> methods =
                    http.getMethods() == null || http.getMethods().isEmpty()
                            ? List.of(RouteKey.ANY)
                            : http.getMethods();
            methods.forEach(method -> written.add(new Written(method + " " + http.getPath(), field + ".path")));
        } else if (!Boolean.TRUE.equals(http.getUrl())) {
            problems.add(field + ": names no route; set routes, such as [\"GET /orders/{id}\"], or url: true");
        }
        return written;
    }
}
