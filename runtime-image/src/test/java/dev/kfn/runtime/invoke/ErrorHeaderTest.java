package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorHeaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anErrorThatFitsIsKeptAsItIs() {
        Outcome error =
                Outcome.error(new ErrorBody("java.lang.IllegalStateException", "boom", List.of("a.B.c(B.java:1)")));
        assertThat(ErrorHeader.of(error)).isEqualTo(error.payloadText());
    }

    @Test
    void aHugeErrorIsCutToValidJsonThatSaysSo() throws Exception {
        Outcome error = Outcome.error(new ErrorBody(
                "java.lang.IllegalStateException", "é".repeat(300_000), Collections.nCopies(5_000, "x".repeat(500))));
        String header = ErrorHeader.of(error);
        assertThat(header.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ErrorHeader.MAX_BYTES);
        JsonNode cut = JSON.readTree(header);
        assertThat(cut.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cut.path("errorMessage").asText())
                .startsWith("ééé")
                .endsWith("[cut to fit a header: the error was " + error.payload().length + " bytes]");
        assertThat(cut.path("stackTrace")).hasSize(20);
    }

    @Test
    void aHugeErrorThatIsNotJsonKeepsItsType() throws Exception {
        Outcome error =
                Outcome.error("Runtime.Custom", "not json ".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        JsonNode cut = JSON.readTree(ErrorHeader.of(error));
        assertThat(cut.path("errorType").asText()).isEqualTo("Runtime.Custom");
        assertThat(cut.path("errorMessage").asText()).startsWith("not json not json");
    }

    @Test
    void aHugeErrorTypeIsCutToo() throws Exception {
        Outcome error = Outcome.error(
                "T".repeat(200_000),
                ("{\"errorType\":\"" + "T".repeat(200_000) + "\",\"errorMessage\":\"boom\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String header = ErrorHeader.of(error);
        assertThat(header.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ErrorHeader.MAX_BYTES);
        JsonNode cut = JSON.readTree(header);
        assertThat(cut.path("errorType").asText()).startsWith("TTT");
        assertThat(cut.path("errorMessage").asText()).startsWith("boom");
    }

    /** Characters of four UTF-8 bytes, and control characters JSON writes as six, still fit. */
    @Test
    void aHugeErrorOfWideCharactersStillFitsItsBytes() throws Exception {
        for (String wide : List.of("😀", "\u0001")) {
            Outcome error = Outcome.error(new ErrorBody(
                    "java.lang.IllegalStateException",
                    wide.repeat(100_000),
                    Collections.nCopies(100, wide.repeat(1_000))));
            String header = ErrorHeader.of(error);
            assertThat(header.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ErrorHeader.MAX_BYTES);
            assertThat(JSON.readTree(header).path("errorMessage").asText())
                    .startsWith(wide)
                    .contains("cut to fit a header");
        }
    }
}
