package dev.kfn.gateway.http;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionUrlPath;
import dev.kfn.gateway.GatewayConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which namespace's HTTP API a request is addressed to, and the path its routes see. By path (the default):
 * {@code <prefix>/<namespace>/orders/7} is {@code /orders/7} of the namespace; by host:
 * {@code Host: <namespace><suffix>} and the whole path. The route path never carries the prefix or the namespace,
 * as API Gateway's {@code rawPath} carries no {@code $default} stage, so a handler sees the same path either way.
 * Function URLs ({@code http: {url: true}}) are {@code /urls/<namespace>/<name>/...} on the gateway's own host under
 * either scheme, and by host also {@code Host: <name>.<namespace><suffix>}, as a Lambda function URL is a host of its own.
 */
public record HttpApiAddressing(GatewayConfig.NamespaceFrom from, String pathPrefix, Optional<String> hostSuffix) {

    /**
     * The gateway's own first segments: without a prefix they are never read as a namespace (a namespace of one of
     * these names has to be addressed by host or behind a prefix).
     */
    public static final Set<String> OWN_ROOTS = Set.of(
            "q",
            "functions",
            FunctionUrlPath.SEGMENT,
            "2015-03-31",
            "2019-09-30",
            "object-store",
            "topics",
            "streams",
            "kinesis");

    private static final String URLS = "/" + FunctionUrlPath.SEGMENT;

    /**
     * A request addressed to a namespace's HTTP API, or with {@code functionUrl} to the function URL of that
     * function of the namespace (either part may then be no valid name: such a URL is no function's).
     */
    public record Addressed(String namespace, String routePath, Optional<String> functionUrl) {

        public Addressed(String namespace, String routePath) {
            this(namespace, routePath, Optional.empty());
        }

        /** The function whose URL this is, when both parts are names. */
        public Optional<FunctionId> urlFunction() {
            return functionUrl
                    .filter(name -> FunctionId.isLabel(namespace) && FunctionId.isLabel(name))
                    .map(name -> new FunctionId(namespace, name));
        }
    }

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
        if (from == GatewayConfig.NamespaceFrom.HOST) {
            Optional<Addressed> byHost = byHost(host, rawPath);
            return byHost.isPresent() ? byHost : functionUrl(rawPath);
        }
        return functionUrl(rawPath).or(() -> byPath(rawPath));
    }

    /** {@code /urls/<namespace>/<name>} and what follows it, the function URL's path ({@code /} when nothing does). */
    private static Optional<Addressed> functionUrl(String rawPath) {
        if (!rawPath.equals(URLS) && !rawPath.startsWith(URLS + "/")) {
            return Optional.empty();
        }
        String[] parts =
                rawPath.substring(Math.min(rawPath.length(), URLS.length() + 1)).split("/", 3);
        String namespace = parts[0];
        String name = parts.length > 1 ? parts[1] : "";
        String path = parts.length > 2 ? "/" + parts[2] : "/";
        return Optional.of(new Addressed(namespace, path, Optional.of(name)));
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
        String labels = name.substring(0, name.length() - suffix.length());
        if (FunctionId.isLabel(labels)) {
            return Optional.of(new Addressed(labels, rawPath));
        }
        // <name>.<namespace><suffix>: a function URL, its whole path the function's
        String[] url = labels.split("\\.", -1);
        return url.length == 2 && FunctionId.isLabel(url[0]) && FunctionId.isLabel(url[1])
                ? Optional.of(new Addressed(url[1], rawPath, Optional.of(url[0])))
                : Optional.empty();
    }

    /** The host name of a Host header, without a port; an IPv6 literal keeps its brackets. */
    public static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') && colon >= 0 ? host.substring(0, colon) : host;
    }
}
