package dev.kfn.operator;

import java.io.IOException;

/** The broker cannot be reached now; the message says why, for a Function's status. */
public class BrokerUnreachableException extends IOException {

    public BrokerUnreachableException(String reason) {
        super("broker unreachable: " + reason);
    }
}
