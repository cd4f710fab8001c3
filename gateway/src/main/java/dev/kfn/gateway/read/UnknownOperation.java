package dev.kfn.gateway.read;

import dev.kfn.gateway.LambdaError;
import dev.kfn.gateway.LambdaErrorResponse;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A path or method the gateway has no operation for answers in Lambda's JSON error format, as Lambda's endpoint
 * does, so an SDK or the AWS CLI reports an error it can read instead of an HTML page.
 */
public class UnknownOperation {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri, Request request) {
        return LambdaErrorResponse.of(unknown(404, request.getMethod(), uri));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri, Request request) {
        return LambdaErrorResponse.of(unknown(405, request.getMethod(), uri));
    }

    private static LambdaError unknown(int status, String method, UriInfo uri) {
        return LambdaError.unknownOperation(
                status,
                "The kfn gateway has no operation " + method + " "
                        + uri.getRequestUri().getRawPath() + "; see docs/gateway.md for the Invoke and read APIs");
    }
}
