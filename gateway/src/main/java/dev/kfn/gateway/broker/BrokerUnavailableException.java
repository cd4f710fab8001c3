package dev.kfn.gateway.broker;

/** The broker cannot take or answer a call now; callers get a 503 at once rather than a wait. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
