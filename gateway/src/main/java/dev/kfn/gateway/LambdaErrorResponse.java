package dev.kfn.gateway;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Writes a {@link LambdaError} as Lambda does: {@code x-amzn-ErrorType} plus a JSON body. */
public class InvokeExceptionMapper {

    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";

    @ServerExceptionMapper
    public Response map(InvokeException e) {
        return response(e.error());
    }

    public static Response response(LambdaError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", error.type());
        body.put("message", error.message());
        body.put("Message", error.message());
        error.reason().ifPresent(reason -> body.put("Reason", reason));
        Response.ResponseBuilder response = Response.status(error.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .header(ERROR_TYPE_HEADER, error.name())
            .entity(body);
        error.retryAfterSeconds().ifPresent(seconds -> response.header("Retry-After", seconds));
        return response.build();
    }
}
