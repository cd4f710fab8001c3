package dev.kfn.gateway;

/** Ends an invocation with a Lambda service error; {@link LambdaErrorResponse} writes it. */
public class InvokeException extends RuntimeException {

    private final transient LambdaError error;

    public InvokeException(LambdaError error) {
        super(error.name() + ": " + error.message(), null, false, false);
        this.error = error;
    }

    public LambdaError error() {
        return error;
    }
}
