package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Greets whoever is named in the event, as a Lambda RequestHandler. */
public class Hello implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object name = event == null ? null : event.get("name");
        context.getLogger().log("greeting " + name);
        return Map.of(
                "message", "Hello, " + (name == null ? "world" : name) + "!",
                "requestId", context.getAwsRequestId(),
                "function", context.getFunctionName());
    }
}
