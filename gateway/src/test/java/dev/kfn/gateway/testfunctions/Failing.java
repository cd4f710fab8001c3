package dev.kfn.gateway.testfunctions;

import java.util.Map;

/** Throws, so the host replies with Lambda's error JSON. */
public class Failing {

    public Map<String, Object> fail(Map<String, Object> event) {
        throw new IllegalStateException("failed on purpose: " + event.get("reason"));
    }
}
