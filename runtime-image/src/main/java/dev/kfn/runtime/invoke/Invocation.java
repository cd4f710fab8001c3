package dev.kfn.runtime.invoke;

import dev.kfn.contract.InvocationMessage;

/** What a runner gets of one delivered invocation: the message as the contract decodes it, and the payload. */
public record Invocation(InvocationMessage message, byte[] payload) {

    public String requestId() {
        return message.requestId();
    }
}
