package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.kfn.runtime.invoke.InvocationOutput;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Lambda's logger on the host's log: lines carry the request id from the logging context, and go into the call's
 * log tail when it asked for one.
 */
final class FunctionLogger implements LambdaLogger {

    private static final Logger LOG = Logger.getLogger("function");

    @Override
    public void log(String message) {
        String line = message.stripTrailing();
        LOG.info(line);
        InvocationOutput.appendLineOfThisThread(line);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
