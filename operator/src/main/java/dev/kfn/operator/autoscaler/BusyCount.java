package dev.kfn.operator.autoscaler;

import dev.kfn.contract.KfnMetric;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An instance's running invocations, read from its host's Prometheus page. */
public final class BusyCount {

    /** The host's gauge of invocations running now, one sample per label set. */
    static final String GAUGE = KfnMetric.INVOCATIONS_IN_FLIGHT.prometheusName();

    private static final Pattern SAMPLE =
            Pattern.compile("^" + GAUGE + "(\\{[^}]*})?\\s+([-+0-9.eE]+|NaN)(\\s+\\d+)?$", Pattern.MULTILINE);

    private BusyCount() {}

    /** The sum over the gauge's samples; empty when the page has none (not a kfn host, or not started). */
    public static OptionalLong parse(String prometheusText) {
        Matcher sample = SAMPLE.matcher(prometheusText);
        boolean found = false;
        double total = 0;
        while (sample.find()) {
            double value = Double.parseDouble(sample.group(2));
            if (!Double.isNaN(value)) {
                total += value;
                found = true;
            }
        }
        return found ? OptionalLong.of(Math.round(total)) : OptionalLong.empty();
    }
}
