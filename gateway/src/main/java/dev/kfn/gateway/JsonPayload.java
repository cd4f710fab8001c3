package dev.kfn.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Lambda's Invoke API takes JSON only: a payload that is not one JSON value is refused with 400
 * {@code InvalidRequestContentException} before any handler sees it. An empty payload is allowed, as Lambda
 * allows it. The check streams over the tokens and builds nothing.
 */
public final class JsonPayload {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonPayload() {}

    /** @throws InvokeException 400 InvalidRequestContentException */
    public static void require(byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() == null) {
                return;
            }
            parser.skipChildren();
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                throw refused("Unexpected '" + parser.getText() + "' after the JSON value at character "
                        + parser.currentLocation().getCharOffset());
            }
        } catch (JsonProcessingException e) {
            throw refused(e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InvokeException refused(String why) {
        return LambdaError.invalidRequestContent("Could not parse request body into json: " + why)
                .exception();
    }
}
