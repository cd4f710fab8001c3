package dev.kfn.gateway;

import dev.kfn.contract.FunctionId;
import dev.kfn.gateway.auth.Credentials;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits an Invoke call before its body is read: a caller that names no function it may invoke (bad name,
 * unknown function, no or wrong credentials) is answered at once, and the body it sends is never buffered. The
 * resource admits the call again with its body, which also bounds the payload by its invocation type.
 */
public class AdmissionBeforeTheBody {

    private final CallAdmission admission;
    private final InvocationMetrics metrics;

    public AdmissionBeforeTheBody(CallAdmission admission, InvocationMetrics metrics) {
        this.admission = admission;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public Optional<Response> admit(UriInfo uri, HttpHeaders headers) {
        MultivaluedMap<String, String> path = uri.getPathParameters();
        if (!path.containsKey("functionName") && !path.containsKey("name")) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        InvocationType type = null;
        try {
            type = InvocationType.parse(headers.getHeaderString("X-Amz-Invocation-Type"));
            admission.admit(
                    functionName(path),
                    Optional.ofNullable(uri.getQueryParameters().getFirst("Qualifier")),
                    headers.getHeaderString("X-Amz-Log-Type"),
                    Credentials.of(
                            headers.getHeaderString(Credentials.API_KEY_HEADER),
                            headers.getHeaderString(HttpHeaders.AUTHORIZATION)));
            return Optional.empty();
        } catch (InvokeException e) {
            metrics.started();
            metrics.finished(null, type, e.error().status(), Duration.ofNanos(System.nanoTime() - started));
            // the body is left unread: closing the connection spares reading it to find the next request
            return Optional.of(Response.fromResponse(LambdaErrorResponse.of(e.error()))
                    .header("Connection", "close")
                    .build());
        }
    }

    /** The long route's {@code FunctionName}, or the short route's namespace and name in its namespace/name form. */
    private static String functionName(MultivaluedMap<String, String> path) {
        if (path.containsKey("functionName")) {
            return path.getFirst("functionName");
        }
        try {
            return new FunctionId(path.getFirst("namespace"), path.getFirst("name")).toString();
        } catch (IllegalArgumentException e) {
            throw LambdaError.invalidParameter(e.getMessage()).exception();
        }
    }
}
