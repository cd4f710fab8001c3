package dev.kfn.api.http;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionSpec;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/** Functions that have only what route tests read: a namespace, a name, a creation time and HTTP triggers. */
final class HttpFunctions {

    private HttpFunctions() {}

    static Function fn(String namespace, String name, String created, String... routes) {
        Function fn = new Function();
        fn.setMetadata(new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withCreationTimestamp(created)
                .build());
        fn.setSpec(new FunctionSpec());
        return routes.length == 0 ? fn : withRoutes(fn, routes);
    }

    /** Adds an HTTP trigger with these routes. */
    static Function withRoutes(Function fn, String... routes) {
        HttpTrigger http = new HttpTrigger();
        http.setRoutes(List.of(routes));
        return with(fn, http);
    }

    static Function with(Function fn, HttpTrigger http) {
        Trigger trigger = new Trigger();
        trigger.setHttp(http);
        List<Trigger> triggers = new ArrayList<>(fn.getSpec().getTriggers());
        triggers.add(trigger);
        fn.getSpec().setTriggers(triggers);
        return fn;
    }
}
