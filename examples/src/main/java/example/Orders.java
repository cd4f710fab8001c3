package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Accepts an order event asynchronously. An order without a positive amount fails, so it is retried
 * and then lands in the function's dead-letter queue with the error.
 */
public class Orders implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> order, Context context) {
        Object amount = order == null ? null : order.get("amount");
        if (!(amount instanceof Number number) || number.doubleValue() <= 0) {
            throw new IllegalArgumentException(
                    "order " + (order == null ? null : order.get("id")) + " has no positive amount");
        }
        context.getLogger().log("accepted order " + order.get("id") + " for " + amount);
        return "accepted";
    }
}
