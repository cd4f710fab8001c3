package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Runs on a schedule. A Scheduled Event names the time it was scheduled for, and its detail says when the
 * firing came late (after an operator restart, for one); a schedule with a fixed input gets that input instead.
 */
public class Heartbeat implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        if (event == null || !"Scheduled Event".equals(event.get("detail-type"))) {
            context.getLogger().log("fixed input " + event);
            return "ran with " + event;
        }
        Object detail = event.get("detail");
        boolean late = detail instanceof Map<?, ?> d && Boolean.TRUE.equals(d.get("late"));
        // the id is the same for every delivery of one firing: a handler that must not run twice keeps it
        context.getLogger()
                .log("firing " + event.get("id") + " scheduled for " + event.get("time")
                        + (late ? ", late: " + detail : ""));
        return "ran for " + event.get("time");
    }
}
