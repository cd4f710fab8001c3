package dev.kfn.gateway.http;

import dev.kfn.contract.FunctionId;
import dev.kfn.gateway.GatewayConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which namespace's HTTP API a request is addressed to, and the path its routes see. By path (the default):
 * {@code <prefix>/<namespace>/orders/7} is {@code /orders/7} of the namespace; by host:
 * {@code Host: <namespace><suffix>} and the whole path. The route path never carries the prefix or the namespace,
 * as API Gateway's {@code rawPath} carries no {@code $default} stage, so a handler sees the same path either way.
 */
public record HttpApiAddressing(GatewayConfig.NamespaceFrom from, String pathPrefix, Optional<String> hostSuffix) {

    /**
     * The gateway's own first segments: without a prefix they are never read as a namespace (a namespace of one of
     * these names has to be addressed by host or behind a prefix).
     */
    public static final Set<String> OWN_ROOTS = Set.of("q", "functions", "2015-03-31", "2019-09-30");

    /** A request addressed to a namespace's HTTP API. */
    public record Addressed(String namespace, String routePath) {}

    public static HttpApiAddressing from(GatewayConfig.Http config) {
        String prefix = config.pathPrefix()
                .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
                .map(p -> p.isEmpty() || p.startsWith("/") ? p : "/" + p)
                .orElse("");
        if (config.namespaceFrom() == GatewayConfig.NamespaceFrom.HOST
                && config.hostSuffix().isEmpty()) {
            throw new IllegalStateException(
                    "kfn.gateway.http.namespace-from=host needs kfn.gateway.http.host-suffix, such as .api.example.com");
        }
        return new HttpApiAddressing(
                config.namespaceFrom(), prefix, config.hostSuffix().map(s -> s.toLowerCase(Locale.ROOT)));
    }

    /** Empty when the request is not addressed to an HTTP API: it is one of the gateway's own. */
    public Optional<Addressed> locate(String host, String rawPath) {
        return from == GatewayConfig.NamespaceFrom.HOST ? byHost(host, rawPath) : byPath(rawPath);
    }

    private Optional<Addressed> byPath(String rawPath) {
        if (!rawPath.startsWith(pathPrefix + "/")) {
            return Optional.empty();
        }
        String rest = rawPath.substring(pathPrefix.length() + 1);
        int slash = rest.indexOf('/');
        String namespace = slash < 0 ? rest : rest.substring(0, slash);
        String routePath = slash < 0 ? "/" : rest.substring(slash);
        if (!FunctionId.isLabel(namespace) || (pathPrefix.isEmpty() && OWN_ROOTS.contains(namespace))) {
            return Optional.empty();
        }
        return Optional.of(new Addressed(namespace, routePath));
    }

    private Optional<Addressed> byHost(String host, String rawPath) {
        if (host == null) {
            return Optional.empty();
        }
        String name = withoutPort(host).toLowerCase(Locale.ROOT);
        String suffix = hostSuffix.orElseThrow();
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        String namespace = name.substring(0, name.length() - suffix.length());
        return FunctionId.isLabel(namespace) ? Optional.of(new Addressed(namespace, rawPath)) : Optional.empty();
    }

    /** The host name of a Host header, without a port; an IPv6 literal keeps its brackets. */
    public static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') && colon >= 0 ? host.substring(0, colon) : host;
    }
}
