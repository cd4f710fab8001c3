package dev.kfn.gateway.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** curl, run as a user runs it against the gateway under test, so the commands in docs/http.md are ones that ran. */
final class Curl {

    private Curl() {}

    static boolean installed() {
        try {
            Process version = new ProcessBuilder("curl", "--version")
                    .redirectErrorStream(true)
                    .start();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code curl -s -i <arguments…>}: the status line, the headers and the body, as curl prints them. */
    static String run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish: " + command);
        }
        return output.replace("\r\n", "\n");
    }
}
