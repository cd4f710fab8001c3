package dev.kfn.operator;

import dev.kfn.api.Function;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the gateways write into a Function's status about the triggers they read ({@link DatabaseChangeReports},
 * {@link StreamReports}): a Function is reconciled when the problems they report change, since a status patch
 * changes no generation and the primary informer would not.
 */
final class GatewayReports {

    static final String NAME = "gateway-reports";

    private GatewayReports() {}

    static InformerEventSource<Function, Function> eventSource(EventSourceContext<Function> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Function.class, Function.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        // lag alone, or an expiry's record once caught up, changes no condition
                        .withOnAddFilter(fn -> !problems(fn).isEmpty())
                        .withOnUpdateFilter((now, before) -> !problems(now).equals(problems(before)))
                        .withOnDeleteFilter((fn, unknown) -> false)
                        .withSecondaryToPrimaryMapper(changed -> Set.of(ResourceID.fromResource(changed)))
                        .build(),
                context);
    }

    private static List<String> problems(Function fn) {
        List<String> problems = new ArrayList<>(DatabaseChangeReports.problems(fn));
        problems.addAll(StreamReports.problems(fn));
        return problems;
    }
}
