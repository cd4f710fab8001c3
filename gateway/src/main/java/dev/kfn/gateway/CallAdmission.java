package dev.kfn.gateway;

import dev.kfn.gateway.auth.Authorizer;
import dev.kfn.gateway.auth.Credentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Admits an Invoke call on what its headers and path say: the function, its qualifier, the log type and the
 * caller's credentials. Nothing here needs the body, so {@link AdmissionBeforeTheBody} runs it before the body is
 * read and an unauthenticated caller cannot make the gateway hold megabytes for it.
 */
@ApplicationScoped
public class CallAdmission {

    private final FunctionCatalog catalog;
    private final Authorizer authorizer;
    private final GatewayConfig config;

    public CallAdmission(FunctionCatalog catalog, Authorizer authorizer, GatewayConfig config) {
        this.catalog = catalog;
        this.authorizer = authorizer;
        this.config = config;
    }

    /** @throws InvokeException Lambda's 400, 404, 401, 403 or 503 */
    public FunctionAdmission.Admitted admit(
            String functionName, Optional<String> qualifier, String logType, Credentials credentials) {
        if (logType != null && !logType.equals("None") && !logType.equals("Tail")) {
            throw LambdaError.invalidParameter("X-Amz-Log-Type '" + logType + "' is not one of None, Tail")
                    .exception();
        }
        FunctionRef ref = FunctionRef.parse(functionName, qualifier, AccountNamespaces.of(config));
        if (!catalog.synced()) {
            throw LambdaError.serviceUnavailable("The gateway has not loaded the functions yet; try again")
                    .exception();
        }
        FunctionAdmission.Admitted fn = FunctionAdmission.admit(ref, catalog.find(ref.function()), config.region());
        authorizer.authorize(fn.function(), fn.authPolicy(), credentials);
        return fn;
    }
}
