package dev.kfn.gateway;

import java.util.Base64;
import java.util.Optional;

/** Lambda's {@code X-Amz-Client-Context}: base64 JSON, passed to the function as given. */
public final class ClientContext {

    /** Lambda's bound on the decoded client context. */
    public static final int MAX_DECODED_BYTES = 3583;

    private ClientContext() {}

    /** @throws InvokeException 400 when the header is not base64 or decodes to more than Lambda allows */
    public static Optional<String> validated(String header) {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            throw LambdaError.invalidParameter("X-Amz-Client-Context must be base64-encoded")
                    .exception();
        }
        if (decoded.length > MAX_DECODED_BYTES) {
            throw LambdaError.invalidParameter(
                            "X-Amz-Client-Context must be at most " + MAX_DECODED_BYTES + " bytes once decoded")
                    .exception();
        }
        return Optional.of(header);
    }
}
