package dev.kfn.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The message of an error body in Lambda's format ({@code {"Type":…,"message":…}}), or the body as it came. */
final class LambdaErrorMessage {

    private LambdaErrorMessage() {}

    static String of(String body) {
        try {
            JsonNode error = new ObjectMapper().readTree(body);
            for (String field : new String[] {"message", "Message", "errorMessage"}) {
                if (error != null && error.path(field).isTextual()) {
                    return error.path(field).asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the body says it as it is
        }
        return body;
    }
}
