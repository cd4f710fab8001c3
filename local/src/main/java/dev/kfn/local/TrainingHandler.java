package dev.kfn.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The noop java handler the host's class cache is trained with: it answers with the event, so the training run
 * takes the host's whole invocation path and nothing of any one function's. A plain {@code Class::method} handler,
 * so its class file alone is a function's code.
 */
public final class TrainingHandler {

    public void handle(InputStream event, OutputStream answer) throws IOException {
        event.transferTo(answer);
    }
}
