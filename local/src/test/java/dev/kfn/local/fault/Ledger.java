package dev.kfn.local.fault;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a scenario's users saw, set against what the recording handler ran and what the dead-letter queue holds, once
 * the queues drained. Ids whose payload asked the handler to misbehave ({@code poison}) are owed a dead letter, not
 * a successful run, and their repeated runs are retries, not duplicates.
 */
record Ledger(
        int accepted,
        int answered,
        int refused,
        int functionErrors,
        Set<String> lost,
        Set<String> answeredNeverRan,
        Set<String> wrongReplies,
        Set<String> phantoms,
        Set<String> duplicatesNearFault,
        Set<String> duplicatesElsewhere,
        int deadLetters,
        Set<String> deadLettersWithoutReason) {

    static Ledger of(
            Set<String> sent,
            Set<String> accepted,
            Map<String, String> answered,
            int refused,
            int functionErrors,
            List<Run> runs,
            List<DeadLetter> deadLetters,
            List<Window> faults,
            Predicate<String> poison) {
        Map<String, List<Run>> runsById = runs.stream().collect(Collectors.groupingBy(Run::id));
        Set<String> deadLettered = deadLetters.stream().map(DeadLetter::id).collect(Collectors.toSet());
        Set<String> lost = sorted(accepted.stream()
                .filter(id -> !deadLettered.contains(id) && (poison.test(id) || !runsById.containsKey(id))));
        Set<String> answeredNeverRan = sorted(answered.keySet().stream().filter(id -> !runsById.containsKey(id)));
        Set<String> wrongReplies = sorted(answered.entrySet().stream()
                .filter(e -> !e.getKey().equals(e.getValue()))
                .map(Map.Entry::getKey));
        Set<String> phantoms = sorted(runsById.keySet().stream().filter(id -> !sent.contains(id)));
        Map<Boolean, List<String>> duplicates = runsById.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !poison.test(e.getKey()))
                .collect(Collectors.partitioningBy(
                        e -> nearAFault(e.getValue(), faults),
                        Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        Set<String> withoutReason = sorted(
                deadLetters.stream().filter(letter -> !letter.hasReason()).map(DeadLetter::id));
        return new Ledger(
                accepted.size(),
                answered.size(),
                refused,
                functionErrors,
                lost,
                answeredNeverRan,
                wrongReplies,
                phantoms,
                new TreeSet<>(duplicates.get(true)),
                new TreeSet<>(duplicates.get(false)),
                deadLetters.size(),
                withoutReason);
    }

    /** A duplicate is near a fault when any of its runs is. */
    private static boolean nearAFault(Collection<Run> runs, List<Window> faults) {
        return runs.stream().anyMatch(run -> faults.stream().anyMatch(fault -> fault.near(run.atMillis())));
    }

    private static Set<String> sorted(Stream<String> ids) {
        return ids.collect(Collectors.toCollection(TreeSet::new));
    }

    static String header() {
        return "| scenario | accepted events | answered calls | calls refused (5xx) | function errors | lost | answered, never ran"
                + " | wrong replies | phantom runs | duplicates near a fault | duplicates elsewhere | dead letters"
                + " | dead letters without a reason |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    String row(String scenario) {
        return "| " + scenario + " | " + accepted + " | " + answered + " | " + refused + " | " + functionErrors + " | "
                + lost.size() + " | " + answeredNeverRan.size() + " | " + wrongReplies.size() + " | " + phantoms.size()
                + " | " + duplicatesNearFault.size() + " | " + duplicatesElsewhere.size() + " | " + deadLetters + " | "
                + deadLettersWithoutReason.size() + " |\n";
    }
}
