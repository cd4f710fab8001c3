package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

    /**
     * The Function to reconcile, with the reports as the newer of the two caches holds them. A reconcile this source
     * wakes reads the Function from the primary cache, which may not have the report yet: it would write conditions
     * from the older reports, and that status patch, changing no generation, wakes nothing that would mend it.
     */
    static Function withNewestReports(Function fn, Context<Function> context) {
        Optional<Function> seen = ((InformerEventSource<Function, Function>)
                        context.eventSourceRetriever().getEventSourceFor(Function.class, NAME))
                .get(ResourceID.fromResource(fn));
        seen.filter(reported -> isNewer(reported, fn)).ifPresent(reported -> {
            FunctionStatus status = fn.getStatus() == null ? new FunctionStatus() : fn.getStatus();
            FunctionStatus newer = reported.getStatus() == null ? new FunctionStatus() : reported.getStatus();
            status.setDatabaseChanges(newer.getDatabaseChanges());
            status.setStreams(newer.getStreams());
            fn.setStatus(status);
        });
        return fn;
    }

    /**
     * Whether {@code a} is a later write of the object than {@code b}. Kubernetes calls resourceVersions opaque, but
     * every API server (etcd's revision) and the mock one count up; one that does not parse is never called newer.
     * Pure.
     */
    static boolean isNewer(Function a, Function b) {
        OptionalLong later = resourceVersion(a);
        OptionalLong earlier = resourceVersion(b);
        return later.isPresent() && earlier.isPresent() && later.getAsLong() > earlier.getAsLong();
    }

    private static OptionalLong resourceVersion(Function fn) {
        String version = fn.getMetadata() == null ? null : fn.getMetadata().getResourceVersion();
        if (version == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(version));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<String> problems(Function fn) {
        List<String> problems = new ArrayList<>(DatabaseChangeReports.problems(fn));
        problems.addAll(StreamReports.problems(fn));
        return problems;
    }
}
