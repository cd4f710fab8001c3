package dev.kfn.testfunctions;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps static state across invocations, as caches and clients do: which survives only while the sandbox does. */
public class Stateful {

    private static final AtomicInteger CALLS = new AtomicInteger();

    public static int visit(Map<String, Object> event) throws InterruptedException {
        int calls = CALLS.incrementAndGet();
        Object millis = event.get("millis");
        if (millis != null) {
            Thread.sleep(((Number) millis).longValue());
        }
        return calls;
    }
}
