package dev.kfn.runtime.code;

import java.time.Duration;

/**
 * Bounds on fetching and unpacking a {@code code.url} archive, so that a hostile or broken server, or a zip bomb,
 * ends as an init error instead of a hang or a full disk. The sizes are Lambda's: 50 MB for a zipped package,
 * 262,144,000 bytes unzipped.
 *
 * @param maxEntries files and directories in the archive: a bomb of millions of empty entries is small unpacked
 * @param readTimeout longest wait for the next bytes of the archive
 * @param fetchTimeout the whole download, so a server that trickles a byte at a time ends too
 */
public record CodeLimits(
        long maxArchiveBytes,
        long maxUnpackedBytes,
        int maxEntries,
        Duration connectTimeout,
        Duration readTimeout,
        Duration fetchTimeout) {

    public static final long LAMBDA_ZIPPED_BYTES = 50L * 1024 * 1024;
    public static final long LAMBDA_UNZIPPED_BYTES = 262_144_000L;
    public static final int MAX_ENTRIES = 100_000;
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Lambda's sizes with the given timeouts. */
    public static CodeLimits lambda(Duration readTimeout, Duration fetchTimeout) {
        return new CodeLimits(
                LAMBDA_ZIPPED_BYTES, LAMBDA_UNZIPPED_BYTES, MAX_ENTRIES, CONNECT_TIMEOUT, readTimeout, fetchTimeout);
    }
}
