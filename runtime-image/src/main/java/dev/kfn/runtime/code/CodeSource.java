package dev.kfn.runtime.code;

import java.net.URI;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a {@code code.url} function's archive comes from and what it must be: https, or http only where the
 * operator allows it ({@code KFN_CODE_ALLOW_HTTP}), or a file of the image; and, when {@code code.sha256} is set,
 * exactly the archive with that SHA-256 ({@code sha256} in lower-case hex).
 */
public record CodeSource(URI url, Optional<String> sha256) {

    private static final int SHA256_BYTES = 32;

    /** @throws CodeUnavailable naming what is refused and why */
    public static CodeSource of(String url, Optional<String> sha256, boolean allowHttp) throws CodeUnavailable {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CodeUnavailable(CodeUnavailable.REFUSED, "code.url " + url + " is not a URL: " + e.getMessage());
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https", "file" -> {}
            case "http" -> {
                if (!allowHttp) {
                    throw new CodeUnavailable(
                            CodeUnavailable.REFUSED,
                            "code.url " + url + " is plain http: the archive could be changed on the way; use https"
                                    + " (http is fetched only where the operator allows it)");
                }
            }
            default ->
                throw new CodeUnavailable(
                        CodeUnavailable.REFUSED, "code.url " + url + " is neither https nor a file of the image");
        }
        Optional<String> hex = sha256.map(String::strip).filter(s -> !s.isEmpty());
        return new CodeSource(uri, hex.isPresent() ? Optional.of(digest(hex.get())) : Optional.empty());
    }

    /** The digest in lower-case hex, as {@link HexFormat} writes it. */
    private static String digest(String hex) throws CodeUnavailable {
        try {
            if (HexFormat.of().parseHex(hex).length == SHA256_BYTES) {
                return hex.toLowerCase(Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new CodeUnavailable(
                CodeUnavailable.DIGEST_MISMATCH, "code.sha256 must be 64 hex digits (a SHA-256), got " + hex);
    }

    public boolean local() {
        return "file".equalsIgnoreCase(url.getScheme());
    }
}
