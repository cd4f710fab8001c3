package dev.kfn.gateway;

import java.util.Optional;

/**
 * A service error in Lambda's wire format: the name goes in {@code x-amzn-ErrorType}, which the AWS SDKs
 * map to their exception classes; the body carries {@code Type} ({@code User} or {@code Service}, as Lambda
 * writes it), the message under both spellings clients read, and {@code Reason} on throttling.
 */
public record LambdaError(
        int status, String name, String message, Optional<String> reason, Optional<Integer> retryAfterSeconds) {

    public static final String INVALID_PARAMETER = "InvalidParameterValueException";
    public static final String NOT_FOUND = "ResourceNotFoundException";
    public static final String TOO_LARGE = "RequestTooLargeException";
    public static final String TOO_MANY_REQUESTS = "TooManyRequestsException";
    public static final String NOT_READY = "ResourceNotReadyException";
    public static final String SERVICE = "ServiceException";
    public static final String UNAUTHORIZED = "UnauthorizedException";
    public static final String ACCESS_DENIED = "AccessDeniedException";
    public static final String UNKNOWN_OPERATION = "UnknownOperationException";
    public static final String INVALID_REQUEST_CONTENT = "InvalidRequestContentException";

    /** Lambda's reason when a function's reserved concurrency is used up; here, its queue is at {@code maxQueued}. */
    public static final String REASON_QUEUE_FULL = "ReservedFunctionConcurrentInvocationLimitExceeded";
    /** A synchronous call's wait ran out before a reply came. */
    public static final String REASON_REPLY_TIMEOUT = "CallerWaitExceeded";

    public static LambdaError invalidParameter(String message) {
        return of(400, INVALID_PARAMETER, message);
    }

    public static LambdaError notFound(String message) {
        return of(404, NOT_FOUND, message);
    }

    public static LambdaError tooLarge(String message) {
        return of(413, TOO_LARGE, message);
    }

    /** Headers past the gateway's bound: HTTP's own status, with the error type SDKs know for an oversized request. */
    public static LambdaError headersTooLarge(String message) {
        return of(431, TOO_LARGE, message);
    }

    public static LambdaError queueFull(String message, int retryAfterSeconds) {
        return new LambdaError(
                429, TOO_MANY_REQUESTS, message, Optional.of(REASON_QUEUE_FULL), Optional.of(retryAfterSeconds));
    }

    public static LambdaError notReady(String message) {
        return of(502, NOT_READY, message);
    }

    public static LambdaError serviceUnavailable(String message) {
        return of(503, SERVICE, message);
    }

    public static LambdaError replyTimeout(String message) {
        return new LambdaError(504, SERVICE, message, Optional.of(REASON_REPLY_TIMEOUT), Optional.empty());
    }

    public static LambdaError unauthorized(String message) {
        return of(401, UNAUTHORIZED, message);
    }

    /** A path or method the gateway has no operation for (404 or 405). */
    public static LambdaError unknownOperation(int status, String message) {
        return of(status, UNKNOWN_OPERATION, message);
    }

    /** An Invoke payload that is not JSON, which Lambda refuses before a handler sees it. */
    public static LambdaError invalidRequestContent(String message) {
        return of(400, INVALID_REQUEST_CONTENT, message);
    }

    public static LambdaError forbidden(String message) {
        return of(403, ACCESS_DENIED, message);
    }

    private static LambdaError of(int status, String name, String message) {
        return new LambdaError(status, name, message, Optional.empty(), Optional.empty());
    }

    /** Lambda's fault attribution: the caller's ({@code User}) or the service's. */
    public String type() {
        return status < 500 ? "User" : "Service";
    }

    public InvokeException exception() {
        return new InvokeException(this);
    }
}
