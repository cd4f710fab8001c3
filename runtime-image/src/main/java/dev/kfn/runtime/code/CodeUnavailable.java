package dev.kfn.runtime.code;

import dev.kfn.runtime.invoke.ErrorBody;
import java.util.List;

/**
 * Why a {@code code.url} function's archive could not become its task root; it is the function's init error, with
 * a type in the style of Lambda's {@code Runtime.*} errors.
 */
public final class CodeUnavailable extends Exception {

    /** {@code code.url} names a scheme the host does not fetch (http unless allowed, anything but https and file). */
    public static final String REFUSED = "Runtime.CodeURLRefused";
    /** No archive came: connection, HTTP status, a read or the whole fetch out of time. */
    public static final String DOWNLOAD_FAILED = "Runtime.CodeDownloadFailed";
    /** Over a bound: archive size, unpacked size, or entry count. */
    public static final String TOO_LARGE = "Runtime.CodeTooLarge";
    /** The archive is not the one {@code code.sha256} names, or the digest is not a hex SHA-256. */
    public static final String DIGEST_MISMATCH = "Runtime.CodeDigestMismatch";
    /** Not a zip, or an entry that would land outside the task root. */
    public static final String INVALID_ARCHIVE = "Runtime.InvalidCodeArchive";

    private final String errorType;

    public CodeUnavailable(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public CodeUnavailable(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }

    public ErrorBody error() {
        return new ErrorBody(errorType, getMessage(), List.of());
    }
}
