package dev.kfn.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AWS CLI's {@code lambda invoke}, run as a user runs it, against the gateway under test. */
final class AwsCli {

    record Result(int exitCode, String output, byte[] payload) {}

    private AwsCli() {}

    static boolean installed() {
        try {
            Process version = new ProcessBuilder("aws", "--version")
                    .redirectErrorStream(true)
                    .start();
            return version.waitFor(60, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code aws lambda invoke --endpoint-url <gateway> --function-name <name> --payload <json> [extra…] <outfile>} */
    static Result invoke(URI endpoint, String functionName, String payload, String... extra) throws Exception {
        Path out = Files.createTempFile("aws-cli-", ".json");
        List<String> command = new ArrayList<>(List.of(
                "aws",
                "lambda",
                "invoke",
                "--endpoint-url",
                endpoint.toString(),
                "--region",
                "us-east-1",
                "--function-name",
                functionName,
                "--payload",
                payload));
        command.addAll(List.of(extra));
        command.add(out.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws lambda invoke did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes());
        byte[] payloadOut = Files.readAllBytes(out);
        Files.delete(out);
        return new Result(process.exitValue(), output, payloadOut);
    }
}
