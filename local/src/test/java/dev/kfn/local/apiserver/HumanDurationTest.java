package dev.kfn.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

    @Test
    void roundsAsKubectlShowsAges() {
        assertThat(HumanDuration.of(Duration.ofSeconds(-1))).isEqualTo("0s");
        assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.of(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(HumanDuration.of(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(HumanDuration.of(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
        assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.of(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(HumanDuration.of(Duration.ofDays(100))).isEqualTo("100d");
        assertThat(HumanDuration.of(Duration.ofDays(365 * 3 + 4))).isEqualTo("3y4d");
    }
}
