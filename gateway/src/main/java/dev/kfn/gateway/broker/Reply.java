package dev.kfn.gateway.broker;

import dev.kfn.api.InvocationHeaders;
import java.util.Map;
import java.util.Optional;

/** A runtime host's answer to a synchronous call: the result, or the error JSON when {@link #functionError()} is set. */
public record Reply(byte[] body, Map<String, Object> headers) {

    public Optional<String> functionError() {
        return header(InvocationHeaders.FUNCTION_ERROR);
    }

    public Optional<String> executedVersion() {
        return header(InvocationHeaders.EXECUTED_VERSION);
    }

    private Optional<String> header(String name) {
        return Optional.ofNullable(headers).map(h -> h.get(name)).map(Object::toString);
    }
}
