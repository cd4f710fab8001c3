package dev.kfn.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Fails while its class initialises, as a handler with a broken static setup does. */
public class BrokenInit implements RequestHandler<String, String> {

    private static final String CONFIG = load();

    private static String load() {
        throw new IllegalStateException("no configuration");
    }

    @Override
    public String handleRequest(String input, Context context) {
        return CONFIG;
    }
}
