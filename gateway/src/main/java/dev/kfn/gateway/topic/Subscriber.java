package dev.kfn.gateway.topic;

import dev.kfn.api.Function;
import dev.kfn.api.FunctionStatus;
import dev.kfn.api.Trigger;
import dev.kfn.api.topic.TopicSubscription;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.TopicArn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One subscription that takes a message: a Function's topic trigger on the topic whose filter policy matches. A
 * trigger that does not parse subscribes nothing (the operator reports it as TriggersReady=False). Each trigger is
 * its own subscription, with an id derived from the function and the trigger's place, so it stays the same across
 * publishes and gateway replicas.
 */
public record Subscriber(FunctionId function, int trigger, boolean noReadyInstance) {

    /** The subscriptions of {@code request}'s topic, among the Functions the catalog holds, that take it. Pure. */
    public static List<Subscriber> matching(List<Function> functions, PublishRequest request) {
        List<Subscriber> subscribers = new ArrayList<>();
        for (Function fn : functions) {
            if (!request.namespace().equals(fn.getMetadata().getNamespace())
                    || fn.getSpec() == null
                    || fn.getSpec().getTriggers() == null) {
                continue;
            }
            List<Trigger> triggers = fn.getSpec().getTriggers();
            for (int i = 0; i < triggers.size(); i++) {
                Trigger trigger = triggers.get(i);
                if (trigger == null
                        || trigger.getTopic() == null
                        || !request.topic().equals(trigger.getTopic().getName())) {
                    continue;
                }
                if (takes(i, trigger, request)) {
                    subscribers.add(new Subscriber(fn.id(), i, noReadyInstance(fn)));
                }
            }
        }
        return List.copyOf(subscribers);
    }

    private static boolean takes(int index, Trigger trigger, PublishRequest request) {
        try {
            return TopicSubscription.read(index, trigger.getTopic())
                    .filterPolicy()
                    .matches(request.attributes(), request.message());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean noReadyInstance(Function fn) {
        return Optional.ofNullable(fn.getStatus())
                        .map(FunctionStatus::getReadyReplicas)
                        .orElse(0)
                == 0;
    }

    /** The subscription's ARN under the topic's, as SNS writes {@code EventSubscriptionArn}. */
    public String subscriptionArn(TopicArn topic) {
        String key = function + "#" + trigger;
        return topic.subscription(
                UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
    }
}
