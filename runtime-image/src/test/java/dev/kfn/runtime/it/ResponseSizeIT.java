package dev.kfn.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TestTopology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lambda's 6 MB bound on a synchronous response of a java handler. */
class ResponseSizeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The JSON string of 6,291,554 characters is 6,291,556 bytes and passes; one character more does not. */
    @Test
    void aResponseOverSixMegabytesIsAnsweredResponseSizeTooLarge() throws Exception {
        try (TestTopology topology = new TestTopology("rt-test");
                Messages messages = new Messages(topology.channel())) {
            FunctionId big = topology.function("big");
            try (HostProcess host = TestHosts.java(big, "dev.kfn.testfunctions.Plain::big")
                    .env(HostEnvironment.MEMORY_MIB, 256)
                    .startReady()) {
                GetResponse fits = messages.reply(messages.call(big, "{\"size\":6291554}", WAIT), WAIT);
                assertThat(fits.getBody()).hasSize(6_291_556);
                assertThat(Messages.header(fits, InvocationHeaders.FUNCTION_ERROR))
                        .isNull();

                GetResponse tooLarge = messages.reply(messages.call(big, "{\"size\":6291555}", WAIT), WAIT);
                assertThat(Messages.header(tooLarge, InvocationHeaders.FUNCTION_ERROR))
                        .isEqualTo("Unhandled");
                assertThat(Messages.body(tooLarge))
                        .isEqualTo("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size"
                                + " (6291556 bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}");
                assertThat(host.alive()).isTrue();
            }
        }
    }
}
