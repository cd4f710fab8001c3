package dev.kfn.gateway.read;

import dev.kfn.api.Function;
import dev.kfn.gateway.AccountNamespaces;
import dev.kfn.gateway.FunctionAdmission;
import dev.kfn.gateway.FunctionCatalog;
import dev.kfn.gateway.FunctionRef;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.InvokeException;
import dev.kfn.gateway.LambdaError;
import dev.kfn.gateway.LambdaErrorResponse;
import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lambda's read API over the Function resources — {@code ListFunctions}, {@code GetFunction},
 * {@code GetFunctionConfiguration}, {@code GetFunctionConcurrency} — so the AWS CLI and SDK tooling see kfn's
 * functions. A caller sees exactly the functions it may invoke: listing never tells one team another's names.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LambdaReadResource {

    private final FunctionCatalog catalog;
    private final Authorizer authorizer;
    private final GatewayConfig config;

    public LambdaReadResource(FunctionCatalog catalog, Authorizer authorizer, GatewayConfig config) {
        this.catalog = catalog;
        this.authorizer = authorizer;
        this.config = config;
    }

    @GET
    @Path("2015-03-31/functions/")
    public Response listFunctions(
            @QueryParam("Marker") String marker,
            @QueryParam("MaxItems") Integer maxItems,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(() -> {
            requireSynced();
            Credentials credentials = Credentials.of(apiKey, authorization);
            List<Function> visible = catalog.all().stream()
                    .filter(fn -> mayInvoke(fn, credentials))
                    .toList();
            FunctionListing listing =
                    FunctionListing.of(visible, Optional.ofNullable(marker), Optional.ofNullable(maxItems));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(
                    "Functions",
                    listing.page().stream()
                            .map(fn -> FunctionConfiguration.of(fn, config.region()))
                            .toList());
            listing.nextMarker().ifPresent(next -> body.put("NextMarker", next));
            return body;
        });
    }

    @GET
    @Path("2015-03-31/functions/{functionName}")
    public Response getFunction(
            @PathParam("functionName") String functionName,
            @QueryParam("Qualifier") String qualifier,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(() -> {
            Function fn = visible(functionName, qualifier, Credentials.of(apiKey, authorization));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("Configuration", FunctionConfiguration.of(fn, config.region()));
            body.put("Code", code(fn));
            body.put(
                    "Tags",
                    fn.getMetadata().getLabels() == null
                            ? Map.of()
                            : fn.getMetadata().getLabels());
            reserved(fn).ifPresent(r -> body.put("Concurrency", Map.of("ReservedConcurrentExecutions", r)));
            return body;
        });
    }

    @GET
    @Path("2015-03-31/functions/{functionName}/configuration")
    public Response getFunctionConfiguration(
            @PathParam("functionName") String functionName,
            @QueryParam("Qualifier") String qualifier,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(() -> FunctionConfiguration.of(
                visible(functionName, qualifier, Credentials.of(apiKey, authorization)), config.region()));
    }

    @GET
    @Path("2019-09-30/functions/{functionName}/concurrency")
    public Response getFunctionConcurrency(
            @PathParam("functionName") String functionName,
            @HeaderParam(Credentials.API_KEY_HEADER) String apiKey,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(() -> reserved(visible(functionName, null, Credentials.of(apiKey, authorization)))
                .<Map<String, Object>>map(r -> Map.of("ReservedConcurrentExecutions", r))
                .orElse(Map.of()));
    }

    /** The function, if it exists and the caller may invoke it; otherwise Lambda's 404, 401 or 403. */
    private Function visible(String functionName, String qualifier, Credentials credentials) {
        FunctionRef ref = FunctionRef.parse(functionName, Optional.ofNullable(qualifier), AccountNamespaces.of(config));
        requireSynced();
        Function fn = catalog.find(ref.function())
                .filter(found -> ref.latest())
                .orElseThrow(() -> LambdaError.notFound("Function not found: " + ref.arn(config.region()))
                        .exception());
        authorizer.authorize(fn.id(), FunctionAdmission.authPolicy(fn), credentials);
        return fn;
    }

    private boolean mayInvoke(Function fn, Credentials credentials) {
        try {
            authorizer.authorize(fn.id(), FunctionAdmission.authPolicy(fn), credentials);
            return true;
        } catch (InvokeException e) {
            return false;
        }
    }

    private void requireSynced() {
        if (!catalog.synced()) {
            throw LambdaError.serviceUnavailable("The gateway has not loaded the functions yet; try again")
                    .exception();
        }
    }

    /** Where the code is: an image (Lambda's ECR form) or the archive URL the host fetches. */
    private static Map<String, String> code(Function fn) {
        if (fn.getSpec().getCode() == null) {
            return Map.of();
        }
        if (fn.getSpec().getCode().getImage() != null) {
            return Map.of(
                    "RepositoryType", "ECR", "ImageUri", fn.getSpec().getCode().getImage());
        }
        return Map.of(
                "RepositoryType",
                "S3",
                "Location",
                String.valueOf(fn.getSpec().getCode().getUrl()));
    }

    private static Optional<Integer> reserved(Function fn) {
        return Optional.ofNullable(fn.getSpec().getConcurrency()).map(c -> c.getReserved());
    }

    private static Response answer(Supplier<Object> body) {
        try {
            return Response.ok(body.get()).build();
        } catch (InvokeException e) {
            return LambdaErrorResponse.of(e.error());
        }
    }
}
