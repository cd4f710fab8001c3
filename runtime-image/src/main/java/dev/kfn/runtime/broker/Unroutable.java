package dev.kfn.runtime.broker;

import java.io.IOException;

/** The broker confirmed a publish but could route it to no queue: without {@code mandatory} it would be gone without a word. */
public final class Unroutable extends IOException {

    public Unroutable(String exchange, String routingKey, String reply) {
        super("No queue for " + (exchange.isEmpty() ? "the default exchange" : exchange) + " / " + routingKey + " ("
                + reply + ")");
    }
}
