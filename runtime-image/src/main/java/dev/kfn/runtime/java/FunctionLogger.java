package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/** Lambda's logger on the host's log: lines carry the request id from the logging context. */
final class FunctionLogger implements LambdaLogger {

    private static final Logger LOG = Logger.getLogger("function");

    @Override
    public void log(String message) {
        LOG.info(message.stripTrailing());
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8));
    }
}
