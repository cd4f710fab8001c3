package dev.kfn.gateway.auth;

import dev.kfn.contract.FunctionId;
import dev.kfn.gateway.GatewayConfig;
import dev.kfn.gateway.LambdaError;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks a caller against the function's policy: 401 when credentials are missing or invalid, 403 when valid
 * credentials do not cover the function. Neither keys nor tokens appear in a message or a log line.
 */
@ApplicationScoped
public class Authorizer {

    private final GatewayConfig.Auth config;
    private final ApiKeys apiKeys;
    private final JWTParser jwtParser;

    public Authorizer(GatewayConfig config, ApiKeys apiKeys, JWTParser jwtParser) {
        this.config = config.auth();
        this.apiKeys = apiKeys;
        this.jwtParser = jwtParser;
    }

    /**
     * @return the caller's verified token when the policy is {@code jwt}, for whoever passes its claims on
     * @throws dev.kfn.gateway.InvokeException 401 or 403
     */
    public Optional<JsonWebToken> authorize(FunctionId fn, Optional<String> functionPolicy, Credentials credentials) {
        AuthPolicy policy = AuthPolicy.effective(config.enabled(), config.defaultPolicy(), functionPolicy);
        return switch (policy) {
            case NONE -> Optional.empty();
            case API_KEY -> {
                byApiKey(fn, credentials);
                yield Optional.empty();
            }
            case JWT -> Optional.of(byToken(fn, credentials));
        };
    }

    /**
     * A publish to a topic of {@code namespace}: what grants invoking the namespace's functions grants publishing to
     * its topics (its API keys; the JWT groups {@code kfn:invoke:<namespace>} or {@code kfn:invoke:*}), since a
     * publish invokes them.
     *
     * @throws dev.kfn.gateway.InvokeException 401 or 403
     */
    public void authorizePublish(
            String namespace, String topic, Optional<String> topicPolicy, Credentials credentials) {
        AuthPolicy policy = AuthPolicy.effective(config.enabled(), config.defaultPolicy(), topicPolicy);
        String what = "Topic " + namespace + "/" + topic;
        switch (policy) {
            case NONE -> {}
            case API_KEY -> {
                String key = credentials
                        .apiKey()
                        .orElseThrow(() -> LambdaError.unauthorized(
                                        what + " requires an API key in the " + Credentials.API_KEY_HEADER + " header")
                                .exception());
                if (!apiKeys.grants(key, namespace)) {
                    throw (apiKeys.known(key)
                                    ? LambdaError.forbidden(
                                            "The API key does not grant publishing to topics of namespace " + namespace)
                                    : LambdaError.unauthorized("The API key is not valid"))
                            .exception();
                }
            }
            case JWT -> {
                String token = credentials
                        .bearerToken()
                        .orElseThrow(() -> LambdaError.unauthorized(
                                        what + " requires a bearer token in the Authorization header")
                                .exception());
                JsonWebToken jwt;
                try {
                    jwt = jwtParser.parse(token);
                } catch (ParseException e) {
                    throw LambdaError.unauthorized("The bearer token is not valid")
                            .exception();
                }
                Set<String> groups = jwt.getGroups();
                if (groups == null
                        || !groups.contains(InvokeScopes.ALL)
                                && !groups.contains(InvokeScopes.forNamespace(namespace))) {
                    throw LambdaError.forbidden("The bearer token's groups do not include "
                                    + InvokeScopes.forNamespace(namespace) + " or " + InvokeScopes.ALL)
                            .exception();
                }
            }
        }
    }

    private void byApiKey(FunctionId fn, Credentials credentials) {
        String key = credentials
                .apiKey()
                .orElseThrow(() -> LambdaError.unauthorized("Function " + fn + " requires an API key in the "
                                + Credentials.API_KEY_HEADER + " header")
                        .exception());
        if (apiKeys.grants(key, fn.namespace())) {
            return;
        }
        if (!apiKeys.known(key)) {
            throw LambdaError.unauthorized("The API key is not valid").exception();
        }
        throw LambdaError.forbidden("The API key does not grant invoking functions of namespace " + fn.namespace())
                .exception();
    }

    private JsonWebToken byToken(FunctionId fn, Credentials credentials) {
        String token = credentials
                .bearerToken()
                .orElseThrow(() -> LambdaError.unauthorized(
                                "Function " + fn + " requires a bearer token in the Authorization header")
                        .exception());
        JsonWebToken jwt;
        try {
            jwt = jwtParser.parse(token);
        } catch (ParseException e) {
            throw LambdaError.unauthorized("The bearer token is not valid").exception();
        }
        if (!InvokeScopes.allows(jwt.getGroups(), fn)) {
            throw LambdaError.forbidden("The bearer token's groups do not include " + InvokeScopes.forFunction(fn)
                            + ", " + InvokeScopes.forNamespace(fn.namespace()) + " or " + InvokeScopes.ALL)
                    .exception();
        }
        return jwt;
    }
}
