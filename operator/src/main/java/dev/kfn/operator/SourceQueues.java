package dev.kfn.operator;

import dev.kfn.api.QueueSource;
import dev.kfn.api.Trigger;
import dev.kfn.contract.FunctionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user's queues a function's queue triggers read and give up to. Kfn never declares them, so one that does not
 * exist is a trigger that cannot fire: the gateway's poller waits for it, and the status says so. A trigger set up
 * wrongly is left out here; {@link TriggerCheck} names it. Pure.
 */
final class SourceQueues {

    private SourceQueues() {}

    /** Each queue the valid queue triggers name, in trigger order. */
    static List<String> named(FunctionId function, List<Trigger> triggers) {
        List<String> queues = new ArrayList<>();
        for (QueueSource source : sources(function, triggers)) {
            queues.add(source.queue());
            source.deadLetterQueue().ifPresent(queues::add);
        }
        return queues;
    }

    /** Each named queue that is not in {@code existing}, by its field, saying what to do. */
    static List<String> missing(FunctionId function, List<Trigger> triggers, Set<String> existing, String vhost) {
        List<String> problems = new ArrayList<>();
        for (QueueSource source : sources(function, triggers)) {
            String field = "spec.triggers[" + source.trigger() + "].queue";
            if (!existing.contains(source.queue())) {
                problems.add(problem(field + ".name", source.queue(), vhost));
            }
            source.deadLetterQueue()
                    .filter(queue -> !existing.contains(queue))
                    .ifPresent(queue -> problems.add(problem(field + ".deadLetterQueue", queue, vhost)));
        }
        return List.copyOf(problems);
    }

    private static String problem(String field, String queue, String vhost) {
        return field + ": queue " + queue + " does not exist in vhost " + vhost
                + "; create it and the trigger starts (kfn does not declare it)";
    }

    private static List<QueueSource> sources(FunctionId function, List<Trigger> triggers) {
        List<QueueSource> sources = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            Trigger trigger = triggers.get(i);
            if (trigger == null || trigger.getQueue() == null) {
                continue;
            }
            try {
                sources.add(QueueSource.read(function, i, trigger.getQueue()));
            } catch (IllegalArgumentException e) {
                // TriggerCheck reports it
            }
        }
        return sources;
    }
}
