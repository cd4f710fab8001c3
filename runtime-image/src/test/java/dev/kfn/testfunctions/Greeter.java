package dev.kfn.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A RequestHandler with POJO types that reports what its Context says. */
public class Greeter implements RequestHandler<Person, Greeting> {

    @Override
    public Greeting handleRequest(Person person, Context context) {
        context.getLogger().log("greeting " + person.getName());
        Greeting greeting = new Greeting();
        greeting.setMessage("Hello, " + person.getName());
        greeting.setRequestId(context.getAwsRequestId());
        greeting.setFunctionName(context.getFunctionName());
        greeting.setRemainingMillis(context.getRemainingTimeInMillis());
        greeting.setMemoryMib(context.getMemoryLimitInMB());
        if (context.getClientContext() != null) {
            greeting.setClientApp(context.getClientContext().getClient().getAppTitle() + " "
                    + context.getClientContext().getCustom().get("tenant"));
        }
        return greeting;
    }
}
