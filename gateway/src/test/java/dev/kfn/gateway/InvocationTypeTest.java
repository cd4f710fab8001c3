package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvocationTypeTest {

    @Test
    void absentHeaderIsRequestResponse() {
        assertThat(InvocationType.parse(null)).isEqualTo(InvocationType.REQUEST_RESPONSE);
        assertThat(InvocationType.parse("Event")).isEqualTo(InvocationType.EVENT);
        assertThat(InvocationType.parse("DryRun")).isEqualTo(InvocationType.DRY_RUN);
    }

    @Test
    void unknownTypeIs400() {
        assertThatThrownBy(() -> InvocationType.parse("event"))
                .isInstanceOfSatisfying(
                        InvokeException.class,
                        e -> assertThat(e.error().status()).isEqualTo(400));
    }

    @Test
    void limitsAreLambdasAndInclusive() {
        InvocationType.REQUEST_RESPONSE.requireWithinLimit(6_291_456);
        InvocationType.EVENT.requireWithinLimit(1_048_576);
        assertThatThrownBy(() -> InvocationType.REQUEST_RESPONSE.requireWithinLimit(6_291_457))
                .isInstanceOfSatisfying(InvokeException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(413);
                    assertThat(e.error().name()).isEqualTo("RequestTooLargeException");
                });
        assertThatThrownBy(() -> InvocationType.EVENT.requireWithinLimit(1_048_577))
                .isInstanceOf(InvokeException.class);
    }
}
