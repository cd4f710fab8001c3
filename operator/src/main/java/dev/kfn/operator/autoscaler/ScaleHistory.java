package dev.kfn.operator.autoscaler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the autoscaler remembers of one function: the instances wanted over the recent window
 * (scale-down goes only to their maximum) and when demand was last seen (scale to zero waits for it).
 */
public record ScaleHistory(List<Sample> samples, Instant lastDemand) {

    public record Sample(Instant at, int wanted) {}

    /** A function first seen now: as if it had just been busy at its current size, so nothing drops at once. */
    public static ScaleHistory start(int currentInstances, Instant now) {
        return new ScaleHistory(List.of(new Sample(now, currentInstances)), now);
    }

    ScaleHistory record(int wanted, boolean demand, Instant now, Duration window) {
        List<Sample> kept = new ArrayList<>();
        for (Sample sample : samples) {
            if (!sample.at().isBefore(now.minus(window))) {
                kept.add(sample);
            }
        }
        kept.add(new Sample(now, wanted));
        return new ScaleHistory(List.copyOf(kept), demand ? now : lastDemand);
    }

    int highestWanted() {
        return samples.stream().mapToInt(Sample::wanted).max().orElse(0);
    }
}
