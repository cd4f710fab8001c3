package dev.kfn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientContextTest {

    @Test
    void base64UpToLambdasBoundPassesAsGiven() {
        String atBound = Base64.getEncoder().encodeToString(new byte[ClientContext.MAX_DECODED_BYTES]);
        assertThat(ClientContext.validated(atBound)).contains(atBound);
        assertThat(ClientContext.validated(null)).isEmpty();
    }

    @Test
    void notBase64OrTooLargeIs400() {
        String over = Base64.getEncoder().encodeToString(new byte[ClientContext.MAX_DECODED_BYTES + 1]);
        assertThatThrownBy(() -> ClientContext.validated(over)).isInstanceOf(InvokeException.class);
        assertThatThrownBy(() -> ClientContext.validated("%%%")).isInstanceOf(InvokeException.class);
    }
}
