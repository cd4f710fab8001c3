package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvocationLogTest {

    private static final String ID = "8f5bb5a7-4bd4-4a3b-9a5e-0d3f1d2c3b4a";

    @Test
    void writesLambdasStartAndEndLines() {
        assertThat(InvocationLog.startLine(ID)).isEqualTo("START RequestId: " + ID + " Version: $LATEST");
        assertThat(InvocationLog.endLine(ID)).isEqualTo("END RequestId: " + ID);
    }

    @Test
    void reportsDurationBilledInWholeMillisecondsRoundedUp() {
        assertThat(InvocationLog.reportLine(ID, Duration.ofNanos(12_341_000), 128, 45, Optional.empty()))
                .isEqualTo(
                        "REPORT RequestId: " + ID
                                + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\t");
        assertThat(InvocationLog.reportLine(ID, Duration.ofNanos(200_000), 128, 45, Optional.empty()))
                .contains("\tDuration: 0.20 ms\tBilled Duration: 1 ms\t");
    }

    @Test
    void roundsDurationsHalfUpToHundredthsOfAMillisecond() {
        assertThat(InvocationLog.reportLine(ID, Duration.ofNanos(12_345_000), 128, 45, Optional.empty()))
                .contains("\tDuration: 12.35 ms\tBilled Duration: 13 ms\t");
        assertThat(InvocationLog.reportLine(ID, Duration.ofNanos(4_999), 128, 45, Optional.empty()))
                .contains("\tDuration: 0.00 ms\tBilled Duration: 1 ms\t");
        assertThat(InvocationLog.reportLine(
                        ID, Duration.ofSeconds(900), 128, 45, Optional.of(Duration.ofNanos(5_050_000))))
                .contains("\tDuration: 900000.00 ms\tBilled Duration: 900000 ms\t")
                .endsWith("\tInit Duration: 5.05 ms\t");
    }

    @Test
    void theFirstInvocationReportsTheInitDuration() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InvocationLog log =
                new InvocationLog(new PrintStream(out, true, StandardCharsets.UTF_8), 256, Duration.ofMillis(812));
        log.end(ID, 0, Duration.ofMillis(3), true);
        log.end(ID, 0, Duration.ofMillis(3), false);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith("REPORT RequestId: " + ID).endsWith("\tInit Duration: 812.00 ms\t");
        assertThat(lines[3]).doesNotContain("Init Duration").contains("Memory Size: 256 MB");
    }
}
