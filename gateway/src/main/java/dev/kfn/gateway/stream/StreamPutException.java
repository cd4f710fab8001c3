package dev.kfn.gateway.stream;

/** Why a put was refused, in Kinesis's error names; each API answers it in its own format. */
public class StreamPutException extends RuntimeException {

    public static final String NOT_FOUND = "ResourceNotFoundException";
    public static final String INVALID_ARGUMENT = "InvalidArgumentException";
    public static final String ACCESS_DENIED = "AccessDeniedException";
    public static final String UNAVAILABLE = "ServiceUnavailableException";

    private final int status;
    private final String type;

    public StreamPutException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public static StreamPutException invalid(String message) {
        return new StreamPutException(400, INVALID_ARGUMENT, message);
    }

    /** kfn's own status: 404 for a missing stream, 401/403 as the authorizer says, 503 for the broker. */
    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
