package dev.kfn.runtime.invoke;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The end of one invocation's log, as Lambda returns it for {@code X-Amz-Log-Type: Tail}: the last 4 KB written
 * while it ran, START to REPORT, base64-encoded. Earlier bytes fall off the front.
 */
public final class LogTail {

    /** Lambda's bound: the last 4 KB. */
    public static final int BYTES = 4 * 1024;

    private final byte[] ring = new byte[BYTES];
    private long written;

    public synchronized void append(byte[] bytes, int offset, int length) {
        int from = offset + Math.max(0, length - BYTES);
        for (int i = from; i < offset + length; i++) {
            ring[(int) (written++ % BYTES)] = bytes[i];
        }
    }

    public void appendLine(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
    }

    public synchronized byte[] bytes() {
        if (written <= BYTES) {
            return Arrays.copyOf(ring, (int) written);
        }
        int start = (int) (written % BYTES);
        byte[] tail = new byte[BYTES];
        System.arraycopy(ring, start, tail, 0, BYTES - start);
        System.arraycopy(ring, 0, tail, BYTES - start, start);
        return tail;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes());
    }
}
