package dev.kfn.gateway.websocket;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A connection API answer as API Gateway's: 200 (send, describe), 204 (close), or an error whose type goes in
 * {@code x-amzn-ErrorType}, which is how the AWS SDK tells a {@code GoneException} from others.
 */
public record ConnectionAnswer(int status, Optional<String> errorType, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ConnectionAnswer sent() {
        return new ConnectionAnswer(200, Optional.empty(), new byte[0]);
    }

    public static ConnectionAnswer closed() {
        return new ConnectionAnswer(204, Optional.empty(), new byte[0]);
    }

    public static ConnectionAnswer described(byte[] json) {
        return new ConnectionAnswer(200, Optional.empty(), json);
    }

    public static ConnectionAnswer gone(String connectionId) {
        return error(410, "GoneException", "Connection " + connectionId + " is gone (closed or never opened)");
    }

    public static ConnectionAnswer tooLarge(int max) {
        return error(413, "PayloadTooLargeException", "Data must be at most " + max + " bytes");
    }

    public static ConnectionAnswer notFound() {
        return error(404, "NotFoundException", "Not Found");
    }

    public static ConnectionAnswer error(int status, String type, String message) {
        byte[] body = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        return new ConnectionAnswer(status, Optional.of(type), body);
    }
}
