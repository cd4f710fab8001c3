package dev.kfn.testfunctions;

import java.io.IOException;
import java.util.Map;

/**
 * Does what the event says, so that one function can show every ending: {@code fail} throws with that reason, a
 * {@code dir} holds the run at a {@link Gate}, anything else answers at once.
 */
public class Steered {

    public String handle(Map<String, Object> event) throws IOException, InterruptedException {
        if (event.containsKey("fail")) {
            throw new IllegalStateException("failed: " + event.get("fail"));
        }
        if (event.containsKey("dir")) {
            return new Gate().pass(event);
        }
        return "done: " + event.get("id");
    }
}
