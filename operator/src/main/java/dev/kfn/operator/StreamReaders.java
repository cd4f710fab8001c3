package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.Stream;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A stream trigger reads only while its Stream exists in the Function's namespace, so a Stream created or deleted
 * reconciles the Functions of its namespace that read it, and they report the change in TriggersReady.
 */
final class StreamReaders {

    static final String NAME = "streams";

    private StreamReaders() {}

    static InformerEventSource<Stream, Function> eventSource(EventSourceContext<Function> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Stream.class, Function.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(stream -> context.getPrimaryCache()
                                .list(stream.getMetadata().getNamespace())
                                .filter(fn -> reads(fn, stream.getMetadata().getName()))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
    }

    /** The stream triggers of fn whose Stream its namespace does not have, each named by its field. */
    static List<String> missing(Function fn, Context<Function> context) {
        InformerEventSource<Stream, Function> streams = (InformerEventSource<Stream, Function>)
                context.eventSourceRetriever().getEventSourceFor(Stream.class, NAME);
        return missing(
                fn,
                streams.list(fn.getMetadata().getNamespace())
                        .map(s -> s.getMetadata().getName())
                        .collect(Collectors.toSet()));
    }

    /** Pure: the stream triggers of fn naming a stream not among {@code existing}. */
    static List<String> missing(Function fn, Set<String> existing) {
        return NamedByTriggers.missing(
                fn,
                "stream",
                "Stream",
                t -> t.getStream() == null ? null : t.getStream().getName(),
                existing);
    }

    private static boolean reads(Function fn, String stream) {
        return fn.getSpec() != null
                && fn.getSpec().getTriggers().stream()
                        .anyMatch(t -> t != null
                                && t.getStream() != null
                                && stream.equals(t.getStream().getName()));
    }
}
