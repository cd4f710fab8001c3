package dev.kfn.contract;

/**
 * AMQP headers of an invocation message and of its reply, beside the standard properties
 * ({@code message_id} = request id, {@code correlation_id}, {@code reply_to} and {@code expiration}
 * for synchronous calls, {@code timestamp}, {@code content_type}). docs/architecture.md lists the whole contract.
 */
public final class InvocationHeaders {

    /** {@code RequestResponse} or {@code Event}, as Lambda's X-Amz-Invocation-Type. */
    public static final String INVOCATION_TYPE = "kfn-invocation-type";
    /** 1-based attempt number of an asynchronous event; retries publish it incremented. */
    public static final String ATTEMPT = "kfn-attempt";
    /** Epoch milliseconds of the first publish; kept across retries so maxEventAge counts from it. */
    public static final String ENQUEUED_AT = "kfn-enqueued-at";
    /**
     * Who published: {@code gateway}, {@code function:<ns>/<name>} (a destination), {@code schedule:<trigger index>},
     * {@code topic:<ns>/<topic>} (a topic's fan-out).
     */
    public static final String SOURCE = "kfn-source";
    /** Base64 JSON client context, as Lambda's X-Amz-Client-Context. */
    public static final String CLIENT_CONTEXT = "kfn-client-context";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** On a synchronous call: {@code Tail} when the caller asked for the invocation's log (Lambda's X-Amz-Log-Type). */
    public static final String LOG_TYPE = "kfn-log-type";
    /** On a reply to a {@code Tail} call: the last 4 KB of the invocation's log, base64 (Lambda's X-Amz-Log-Result). */
    public static final String LOG_RESULT = "kfn-log-result";

    /** On a reply: present when the function failed ({@code Unhandled}); the body is then the error JSON. */
    public static final String FUNCTION_ERROR = "kfn-function-error";
    /** On a reply: the version that ran, as Lambda's X-Amz-Executed-Version. */
    public static final String EXECUTED_VERSION = "kfn-executed-version";

    /** On a dead-lettered event: why it was given up ({@code RetriesExhausted} or {@code EventAgeExceeded}). */
    public static final String DEAD_LETTER_REASON = "kfn-dead-letter-reason";
    /** On a dead-lettered event that ran: its last error JSON. */
    public static final String ERROR = "kfn-error";

    private InvocationHeaders() {}
}
