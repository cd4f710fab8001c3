package dev.kfn.gateway.stream;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.StreamSource;
import dev.kfn.api.StreamStatus;
import dev.kfn.api.Trigger;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionStatusReports;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code status.streams}, where the reader of a stream trigger's partition says that records expired before it read
 * them and whether it has caught up since — the operator turns that into {@code TriggersReady=False} naming the
 * trigger.
 */
final class StreamStatusWriter {

    private final FunctionCatalog catalog;
    private final FunctionStatusReports reports;

    StreamStatusWriter(KubernetesClient client, FunctionCatalog catalog) {
        this.catalog = catalog;
        this.reports = new FunctionStatusReports(client, catalog);
    }

    /** The partition's entry as the Function shows it now, unless it is of a Stream the trigger read before. */
    Optional<StreamStatus> shown(StreamSource source, int partition) {
        return catalog.find(source.function())
                .map(Function::getStatus)
                .map(FunctionStatus::getStreams)
                .flatMap(entries -> entries.stream()
                        .filter(e -> Objects.equals(e.getTrigger(), source.trigger())
                                && Objects.equals(e.getPartition(), partition)
                                && source.stream().equals(e.getStream()))
                        .findFirst());
    }

    void report(StreamSource source, StreamStatus entry) {
        reports.report(source.function(), "streams", FunctionStatus::getStreams, (fn, now) -> merged(fn, now, entry));
    }

    /**
     * The entries of the Function's current stream triggers (on the Stream they named), this partition's replaced;
     * those of triggers that went or read another Stream now are left out. Pure.
     */
    static List<StreamStatus> merged(Function fn, List<StreamStatus> now, StreamStatus entry) {
        List<Trigger> triggers = fn.getSpec() == null ? List.of() : fn.getSpec().getTriggers();
        List<StreamStatus> next = new ArrayList<>();
        for (StreamStatus existing : now) {
            Integer index = existing.getTrigger();
            boolean current = index != null
                    && index >= 0
                    && index < triggers.size()
                    && triggers.get(index) != null
                    && triggers.get(index).getStream() != null
                    && Objects.equals(
                            existing.getStream(),
                            triggers.get(index).getStream().getName());
            boolean replaced = Objects.equals(index, entry.getTrigger())
                    && Objects.equals(existing.getPartition(), entry.getPartition());
            if (current && !replaced) {
                next.add(existing);
            }
        }
        next.add(entry);
        next.sort(Comparator.comparing(StreamStatus::getTrigger).thenComparing(StreamStatus::getPartition));
        return next;
    }
}
