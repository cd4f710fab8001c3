package dev.kfn.runtime.invoke;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Which slot's invocation wrote what, so a call that asked for its log tail gets its own lines only, even with
 * several invocations running at once. Everything still goes to the instance's output as before; while a slot's
 * invocation collects its tail, what that slot writes is also kept in its {@link LogTail}. A Java handler writes
 * through {@code System.out}/{@code System.err} on its slot's handler thread ({@link #bindThread}); a
 * {@code provided} sandbox's output is its slot's ({@link #append}). Lines from threads a handler starts itself are
 * not attributed. Process-wide, as {@code System.out} is.
 */
public final class InvocationOutput {

    private static final ThreadLocal<Integer> SLOT = new ThreadLocal<>();
    private static volatile AtomicReferenceArray<LogTail> collecting = new AtomicReferenceArray<>(0);

    private InvocationOutput() {}

    /** Routes {@code System.out} and {@code System.err} through the slots, once, for {@code slots} slots. */
    public static synchronized void install(int slots) {
        if (collecting.length() == slots) {
            return;
        }
        collecting = new AtomicReferenceArray<>(slots);
        System.setOut(tee(new FileOutputStream(FileDescriptor.out)));
        System.setErr(tee(new FileOutputStream(FileDescriptor.err)));
    }

    /** The current thread writes for {@code slot}: a Java handler thread. */
    public static void bindThread(int slot) {
        SLOT.set(slot);
    }

    public static void begin(int slot) {
        if (slot < collecting.length()) {
            collecting.set(slot, new LogTail());
        }
    }

    /** Ends the slot's collection: its tail, if it was collecting. */
    public static Optional<LogTail> finish(int slot) {
        if (slot >= collecting.length()) {
            return Optional.empty();
        }
        return Optional.ofNullable(collecting.getAndSet(slot, null));
    }

    public static void append(int slot, byte[] bytes, int offset, int length) {
        if (slot < collecting.length()) {
            LogTail tail = collecting.get(slot);
            if (tail != null) {
                tail.append(bytes, offset, length);
            }
        }
    }

    public static void appendLine(int slot, String line) {
        if (slot < collecting.length()) {
            LogTail tail = collecting.get(slot);
            if (tail != null) {
                tail.appendLine(line);
            }
        }
    }

    /**
     * A line the current thread logged through the host's log rather than {@code System.out} (Lambda's
     * {@code LambdaLogger}): into its slot's tail as Lambda shows it, without the host's log format.
     */
    public static void appendLineOfThisThread(String line) {
        Integer slot = SLOT.get();
        if (slot != null) {
            appendLine(slot, line);
        }
    }

    private static PrintStream tee(OutputStream target) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) throws java.io.IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
                        target.write(bytes, offset, length);
                        Integer slot = SLOT.get();
                        if (slot != null) {
                            append(slot, bytes, offset, length);
                        }
                    }

                    @Override
                    public void flush() throws java.io.IOException {
                        target.flush();
                    }
                },
                true);
    }
}
