package dev.kfn.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.contract.EventSamples;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A builder's test checks that {@code kfn events <source>} shows exactly what the builder writes. */
public final class EventSampleAssert {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventSampleAssert() {}

    public static void isTheSample(byte[] built, String source) {
        try {
            JsonNode actual = JSON.readTree(built);
            if (!actual.equals(JSON.readTree(EventSamples.json(source)))) {
                throw new AssertionError("contract/src/main/resources/dev/kfn/contract/events/" + source
                        + ".json must be this builder's output:\n"
                        + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
