package dev.kfn.api.http;

import dev.kfn.api.Function;
import dev.kfn.api.HttpTrigger;

/** One route a Function's HTTP trigger claims; {@code field} names where in the spec it is written. */
public record HttpRoute(RouteKey key, Function function, HttpTrigger trigger, String field) {}
