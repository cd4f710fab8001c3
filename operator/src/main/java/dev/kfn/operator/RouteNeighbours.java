package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.http.RouteConflicts;
import dev.kfn.api.websocket.WebSocketApiTable;
import dev.kfn.contract.FunctionId;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * HTTP routes and WebSocket paths conflict only within a namespace, so whether one Function is served depends on its neighbours: a
 * Function created, changed or deleted reconciles every HTTP or WebSocket Function of its namespace. A second informer on
 * Functions, rather than the primary one, because its cache is updated before it sends the event: the reconcile
 * it starts reads that cache and so never still sees the Function whose deletion started it.
 */
final class RouteNeighbours {

    static final String NAME = "route-neighbours";

    private RouteNeighbours() {}

    static InformerEventSource<Function, Function> eventSource(EventSourceContext<Function> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Function.class, Function.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        // a status patch changes no route; reacting to it would have neighbours reconcile each other
                        // forever
                        .withOnUpdateFilter((now, before) -> !Objects.equals(
                                now.getMetadata().getGeneration(),
                                before.getMetadata().getGeneration()))
                        .withSecondaryToPrimaryMapper(changed -> httpFunctions(context.getPrimaryCache()
                                .list(changed.getMetadata().getNamespace())))
                        .build(),
                context);
    }

    /** The route and WebSocket API problems of fn among its namespace, fn itself as reconciled (the cache may not hold it yet). */
    static List<String> problems(Function fn, Context<Function> context) {
        FunctionId id = fn.id();
        InformerEventSource<Function, Function> neighbours = (InformerEventSource<Function, Function>)
                context.eventSourceRetriever().getEventSourceFor(Function.class, NAME);
        List<Function> namespace = Stream.concat(
                        neighbours.list(
                                id.namespace(),
                                other -> !other.getMetadata().getName().equals(id.name())),
                        Stream.of(fn))
                .toList();
        List<String> problems = new ArrayList<>(RouteConflicts.of(namespace).getOrDefault(id, List.of()));
        problems.addAll(WebSocketApiTable.of(namespace).problems().getOrDefault(id, List.of()));
        return List.copyOf(problems);
    }

    private static Set<ResourceID> httpFunctions(Stream<Function> functions) {
        return functions
                .filter(fn -> fn.getSpec() != null
                        && fn.getSpec().getTriggers().stream()
                                .anyMatch(t -> t.getHttp() != null || t.getWebsocket() != null))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
