package dev.kfn.gateway.topic;

/**
 * A publish refused in SNS's terms: the HTTP status, SNS's error code (the AWS SDKs map {@code NotFound} to
 * {@code NotFoundException}, {@code InvalidParameter} to {@code InvalidParameterException}, and so on) and a message.
 */
public class TopicException extends RuntimeException {

    public static final String NOT_FOUND = "NotFound";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String AUTHORIZATION_ERROR = "AuthorizationError";
    public static final String INVALID_ACTION = "InvalidAction";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    public static final String INTERNAL_ERROR = "InternalError";

    private final int status;
    private final String code;

    public TopicException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static TopicException invalidParameter(String message) {
        return new TopicException(400, INVALID_PARAMETER, "Invalid parameter: " + message);
    }

    public static TopicException notFound(String message) {
        return new TopicException(404, NOT_FOUND, message);
    }

    public static TopicException unavailable(String message) {
        return new TopicException(503, SERVICE_UNAVAILABLE, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** SNS's fault type: the caller's ({@code Sender}) for a 4xx, kfn's ({@code Receiver}) otherwise. */
    public String type() {
        return status < 500 ? "Sender" : "Receiver";
    }
}
