package dev.kfn.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The caller's {@code Content-Type}, carried to the function as the message's AMQP {@code content_type}: a short
 * string, which AMQP bounds at 255 bytes. A longer one could not be published at all, so it is refused here.
 */
public final class ContentType {

    /** AMQP's bound on a short string. */
    public static final int MAX_BYTES = 255;

    private ContentType() {}

    /** @throws InvokeException 400 naming the header when it is longer than AMQP can carry */
    public static Optional<String> validated(String header) {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        if (header.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw LambdaError.invalidParameter("Content-Type must be at most " + MAX_BYTES + " bytes")
                    .exception();
        }
        return Optional.of(header);
    }
}
