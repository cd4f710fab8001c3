package dev.kfn.gateway;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@link LambdaError} as Lambda does: {@code x-amzn-ErrorType} plus a JSON body. */
public final class LambdaErrorResponse {

    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    private LambdaErrorResponse() {}

    public static Response of(LambdaError error) {
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(ERROR_TYPE_HEADER, error.name())
                .entity(body(error));
        error.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }

    /** {@code Type}, the message under both spellings the SDKs read, and {@code Reason} on throttling. */
    public static Map<String, Object> body(LambdaError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", error.type());
        body.put("message", error.message());
        body.put("Message", error.message());
        error.reason().ifPresent(reason -> body.put("Reason", reason));
        return body;
    }
}
