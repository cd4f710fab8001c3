package dev.kfn.gateway.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AWS CLI's {@code lambda} commands, run as a user runs them, against the gateway under test. */
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
        List<String> arguments =
                new ArrayList<>(List.of("invoke", "--function-name", functionName, "--payload", payload));
        arguments.addAll(List.of(extra));
        arguments.add(out.toString());
        Result result = run(endpoint, arguments.toArray(String[]::new));
        byte[] payloadOut = Files.readAllBytes(out);
        Files.delete(out);
        return new Result(result.exitCode(), result.output(), payloadOut);
    }

    /** {@code aws lambda <arguments…> --endpoint-url <gateway> --region us-east-1}, its output and exit code. */
    static Result run(URI endpoint, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "lambda"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--endpoint-url", endpoint.toString(), "--region", "us-east-1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        builder.environment().put("AWS_PAGER", "");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws lambda did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes());
        return new Result(process.exitValue(), output, new byte[0]);
    }

    /** {@code aws sns publish --endpoint-url <gateway> --topic-arn <arn> --message <text> [extra…]}: exit code and output. */
    static Result snsPublish(URI endpoint, String topicArn, String message, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "aws",
                "sns",
                "publish",
                "--endpoint-url",
                endpoint.toString(),
                "--region",
                "us-east-1",
                "--topic-arn",
                topicArn,
                "--message",
                message));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
        builder.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws sns publish did not finish: " + command);
        }
        return new Result(
                process.exitValue(), new String(process.getInputStream().readAllBytes()), new byte[0]);
    }
}
