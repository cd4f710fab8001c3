package dev.kfn.api.topic;

import dev.kfn.api.TopicTrigger;

/** A function's {@code topic} trigger, read: the Topic of its namespace and which of its messages it takes. */
public record TopicSubscription(String topic, FilterPolicy filterPolicy) {

    /** @throws IllegalArgumentException naming the field of {@code spec.triggers[index].topic} that is wrong */
    public static TopicSubscription read(int index, TopicTrigger trigger) {
        String field = "spec.triggers[" + index + "].topic";
        if (trigger.getName() == null || trigger.getName().isBlank()) {
            throw new IllegalArgumentException(field + ".name: names the Topic to subscribe to");
        }
        FilterPolicy.Scope scope =
                FilterPolicy.Scope.parse(trigger.getFilterPolicyScope(), field + ".filterPolicyScope");
        return new TopicSubscription(
                trigger.getName(), FilterPolicy.parse(trigger.getFilterPolicy(), scope, field + ".filterPolicy"));
    }
}
