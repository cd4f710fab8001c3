package dev.kfn.gateway;

/** Lambda's {@code X-Amz-Invocation-Type}, with the payload bound of each. */
public enum InvocationType {

    /** Synchronous: the caller waits for the result. Lambda's 6 MB request bound. */
    REQUEST_RESPONSE("RequestResponse", 6 * 1024 * 1024),
    /** Asynchronous: accepted once durable, run later. Lambda's 1 MB event bound. */
    EVENT("Event", 1024 * 1024),
    /** Checks the function and the caller's permission; runs nothing. */
    DRY_RUN("DryRun", 6 * 1024 * 1024);

    private final String wireName;
    private final int maxPayloadBytes;

    InvocationType(String wireName, int maxPayloadBytes) {
        this.wireName = wireName;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** @throws InvokeException 400 for a value Lambda does not know; an absent header means RequestResponse */
    public static InvocationType parse(String header) {
        if (header == null || header.isEmpty()) {
            return REQUEST_RESPONSE;
        }
        for (InvocationType type : values()) {
            if (type.wireName.equals(header)) {
                return type;
            }
        }
        throw LambdaError.invalidParameter(
                        "X-Amz-Invocation-Type '" + header + "' is not one of RequestResponse, Event, DryRun")
                .exception();
    }

    /** @throws InvokeException 413 when the payload is over this type's bound; exactly at the bound is accepted */
    public void requireWithinLimit(long payloadBytes) {
        if (payloadBytes > maxPayloadBytes) {
            throw LambdaError.tooLarge("Request must be smaller than " + (maxPayloadBytes + 1L) + " bytes for a "
                            + wireName + " invocation; it has " + payloadBytes)
                    .exception();
        }
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    public String wireName() {
        return wireName;
    }
}
