package dev.kfn.runtime.provided;

import dev.kfn.runtime.invoke.InvocationOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Carries a sandbox's stdout or stderr on to the instance's output, byte for byte, and into its slot's log tail
 * while the slot's call collects one. Ends with the stream, when the bootstrap exits.
 */
final class SandboxOutput {

    private SandboxOutput() {}

    static void pump(int slot, InputStream from, OutputStream to, String threadName) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    // only the sandbox's end closes: the instance's own stdout and stderr stay open
                    try (from) {
                        int read;
                        while ((read = from.read(buffer)) >= 0) {
                            to.write(buffer, 0, read);
                            InvocationOutput.append(slot, buffer, 0, read);
                        }
                    } catch (IOException closed) {
                        // the bootstrap is gone; nothing more to carry
                    }
                },
                threadName);
        pump.setDaemon(true);
        pump.start();
    }
}
