package dev.kfn.gateway.objectstore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The token a webhook sender presents, however it can: MinIO's {@code auth_token} as {@code Authorization: Bearer
 * <token>} (older MinIO sends the bare token), a URL's user-info as Basic credentials whose password is the token,
 * or a {@code token} query parameter for senders that set no header (Ceph RGW's push-endpoint). Pure.
 */
public final class WebhookToken {

    private WebhookToken() {}

    public static Optional<String> presented(String authorization, String queryToken) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            int space = value.indexOf(' ');
            if (space < 0) {
                return Optional.of(value);
            }
            String scheme = value.substring(0, space);
            String credentials = value.substring(space + 1).trim();
            if (scheme.equalsIgnoreCase("Bearer")) {
                return Optional.of(credentials).filter(t -> !t.isEmpty());
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                return basicPassword(credentials);
            }
            return Optional.empty();
        }
        return Optional.ofNullable(queryToken).filter(t -> !t.isEmpty());
    }

    private static Optional<String> basicPassword(String credentials) {
        try {
            String pair = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(pair.substring(colon + 1)).filter(t -> !t.isEmpty());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
