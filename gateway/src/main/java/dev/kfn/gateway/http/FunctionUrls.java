package dev.kfn.gateway.http;

import dev.kfn.api.Function;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.http.HttpRoute;
import dev.kfn.api.http.RouteKey;
import dev.kfn.api.http.RouteMatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The function URL of a Function ({@code http: {url: true}}): every method and path of it is the function's, as the
 * {@code $default} route of an API of its own, which is what Lambda's function URLs send ({@code routeKey
 * "$default"}, no path parameters). The first trigger asking for a URL gives its auth and CORS.
 */
public final class FunctionUrls {

    private static final RouteKey DEFAULT = RouteKey.parse(RouteKey.DEFAULT);

    private FunctionUrls() {}

    /** Empty when the Function has no function URL: its URL path is then no one's (404). */
    public static Optional<RouteMatch> match(Function fn) {
        List<Trigger> triggers = fn.getSpec() == null ? List.of() : fn.getSpec().getTriggers();
        for (int t = 0; t < triggers.size(); t++) {
            HttpTrigger http = triggers.get(t).getHttp();
            if (http != null && Boolean.TRUE.equals(http.getUrl())) {
                return Optional.of(new RouteMatch(
                        new HttpRoute(DEFAULT, fn, http, "spec.triggers[" + t + "].http.url"), Map.of()));
            }
        }
        return Optional.empty();
    }
}
