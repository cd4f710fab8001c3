package dev.kfn.operator;

import dev.kfn.api.Function;
import dev.kfn.api.Topic;
import dev.kfn.contract.DestinationAddress;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A topic trigger fires only while its Topic exists in the Function's namespace, and a topic destination delivers
 * only then, so a Topic created or deleted reconciles the Functions of its namespace that subscribe or send to it,
 * and they report the change in TriggersReady or QueueReady.
 */
final class TopicSubscribers {

    static final String NAME = "topics";

    private TopicSubscribers() {}

    static InformerEventSource<Topic, Function> eventSource(EventSourceContext<Function> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Topic.class, Function.class)
                        .withName(NAME)
                        .withNamespacesInheritedFromController()
                        .withSecondaryToPrimaryMapper(topic -> subscribers(
                                context.getPrimaryCache()
                                        .list(topic.getMetadata().getNamespace()),
                                topic.getMetadata().getName()))
                        .build(),
                context);
    }

    /** The topic triggers of fn whose Topic its namespace does not have, each named by its field. */
    static List<String> missing(Function fn, Context<Function> context) {
        return missing(fn, existing(fn, context));
    }

    /** The topic destinations of fn whose Topic its namespace does not have, each named by its field. */
    static List<String> missingDestinations(
            Function fn, List<FunctionDestinations.Declared> destinations, Context<Function> context) {
        return missingDestinations(fn.getMetadata().getNamespace(), destinations, existing(fn, context));
    }

    /** Pure: the topic destinations naming a topic not among {@code existing}. */
    static List<String> missingDestinations(
            String namespace, List<FunctionDestinations.Declared> destinations, Set<String> existing) {
        List<String> problems = new ArrayList<>();
        for (FunctionDestinations.Declared d : destinations) {
            if (d.address() instanceof DestinationAddress.ToTopic topic && !existing.contains(topic.topic())) {
                problems.add(d.field() + ": " + NamedByTriggers.notFound("Topic", topic.topic(), namespace));
            }
        }
        return problems;
    }

    private static Set<String> existing(Function fn, Context<Function> context) {
        InformerEventSource<Topic, Function> topics = (InformerEventSource<Topic, Function>)
                context.eventSourceRetriever().getEventSourceFor(Topic.class, NAME);
        return topics.list(fn.getMetadata().getNamespace())
                .map(t -> t.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    /** Pure: the topic triggers of fn naming a topic not among {@code existing}. */
    static List<String> missing(Function fn, Set<String> existing) {
        return NamedByTriggers.missing(
                fn,
                "topic",
                "Topic",
                t -> t.getTopic() == null ? null : t.getTopic().getName(),
                existing);
    }

    private static Set<ResourceID> subscribers(Stream<Function> functions, String topic) {
        return functions
                .filter(fn -> fn.getSpec() != null
                        && (fn.getSpec().getTriggers().stream()
                                        .anyMatch(t -> t != null
                                                && t.getTopic() != null
                                                && topic.equals(t.getTopic().getName()))
                                || sendsTo(fn, topic)))
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }

    private static boolean sendsTo(Function fn, String topic) {
        if (fn.getSpec().getAsync() == null) {
            return false;
        }
        return Stream.of(
                        fn.getSpec().getAsync().getOnSuccess(),
                        fn.getSpec().getAsync().getOnFailure())
                .anyMatch(d -> d != null && topic.equals(d.getTopic()));
    }
}
