package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** ${name}: greets whoever the event names, as a Lambda RequestHandler. */
public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Object name = event == null ? null : event.get("name");
        if (context != null) {
            context.getLogger().log("greeting " + name);
        }
        return Map.of("message", "Hello, " + (name == null ? "world" : name) + "!");
    }
}
