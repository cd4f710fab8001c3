package dev.kfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecDurationTest {

    @Test
    void readsGoStyleDurations() {
        assertThat(SpecDuration.parse("3s")).isEqualTo(Duration.ofSeconds(3));
        assertThat(SpecDuration.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(SpecDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(SpecDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rejectsANumberWithoutUnit() {
        assertThatThrownBy(() -> SpecDuration.parse("30")).hasMessageContaining("has no unit");
    }

    @Test
    void rejectsFractionsAndOtherUnits() {
        assertThatThrownBy(() -> SpecDuration.parse("1.5s")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> SpecDuration.parse("2d")).hasMessageContaining("is not a duration");
    }

    @Test
    void rejectsADurationTooLongToRepresent() {
        assertThatThrownBy(() -> SpecDuration.parse("9999999999999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> SpecDuration.parse("99999999999999999999s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }
}
