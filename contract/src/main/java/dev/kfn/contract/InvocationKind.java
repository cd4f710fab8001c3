package dev.kfn.contract;

import java.util.Arrays;
import java.util.Optional;

/** A call someone waits for, or an event; the {@link InvocationHeaders#INVOCATION_TYPE} header, as Lambda's X-Amz-Invocation-Type. */
public enum InvocationKind {
    SYNC("RequestResponse"),
    ASYNC("Event");

    private final String header;

    InvocationKind(String header) {
        this.header = header;
    }

    /** The header value: Lambda's {@code RequestResponse} or {@code Event}. */
    public String header() {
        return header;
    }

    public static Optional<InvocationKind> ofHeader(String value) {
        return Arrays.stream(values()).filter(k -> k.header.equals(value)).findFirst();
    }
}
