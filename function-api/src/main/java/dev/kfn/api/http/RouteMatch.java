package dev.kfn.api.http;

import java.util.Map;

/** The route that answers a request, with the request's path parameters (decoded; a greedy one without its leading slash). */
public record RouteMatch(HttpRoute route, Map<String, String> pathParameters) {}
