package dev.kfn.runtime.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Task roots of {@code provided} test functions: a {@code bootstrap} script and nothing else unless given. */
public final class Bootstraps {

    /**
     * A Lambda custom runtime in sh + curl: echoes, fails, sleeps or crashes depending on the event. Its
     * init takes longer than the tests' 2 s timeout, so a call that meets a restarting sandbox only
     * succeeds if init does not eat into the invocation's time.
     */
    public static final String SHELL_RUNTIME = """
        #!/bin/sh
        set -eu
        sleep 2.5
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          HEADERS=$(mktemp)
          EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
          ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
          DEADLINE=$(grep -i '^Lambda-Runtime-Deadline-Ms:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
          rm -f "$HEADERS"
          case "$EVENT" in
            *sleep*) sleep 60 ;;
            *crash*) exit 3 ;;
            *fail*) curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Runtime.UserException" \\
                      -d '{"errorMessage":"asked to fail","errorType":"UserError","stackTrace":[]}' "$API/invocation/$ID/error" > /dev/null ;;
            *) curl -sS -X POST -d "{\\"echo\\":$EVENT,\\"pid\\":$$,\\"deadline\\":$DEADLINE,\\"handler\\":\\"$_HANDLER\\",\\"function\\":\\"$AWS_LAMBDA_FUNCTION_NAME\\",\\"taskRoot\\":\\"$LAMBDA_TASK_ROOT\\"}" \\
                   "$API/invocation/$ID/response" > /dev/null ;;
          esac
        done
        """;

    /** Fails its init as a runtime does when the function's configuration is broken. */
    public static final String FAILING_INIT = """
        #!/bin/sh
        curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Runtime.ConfigError" \\
          -d '{"errorMessage":"missing configuration","errorType":"Runtime.ConfigError"}' \\
          "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error"
        exit 1
        """;

    /** Prints the event to its stdout and answers with it: what a call asking for its log tail should see. */
    public static final String CHATTY = """
        #!/bin/sh
        set -eu
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          HEADERS=$(mktemp)
          EVENT=$(curl -sS -D "$HEADERS" "$API/invocation/next")
          ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
          rm -f "$HEADERS"
          echo "bootstrap prints $EVENT"
          curl -sS -X POST -d "$EVENT" "$API/invocation/$ID/response" > /dev/null
        done
        """;

    /** Does nothing: the test itself speaks the Runtime API. */
    public static final String SILENT = """
        #!/bin/sh
        exec sleep 600
        """;

    private Bootstraps() {}

    public static Path taskRoot(String name, String script) throws IOException {
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target", "task-roots")), name + "-")
                .toAbsolutePath();
        Path bootstrap = root.resolve("bootstrap");
        Files.writeString(bootstrap, script);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    /** A bootstrap that runs AWS's own Java runtime interface client, unchanged, over the given code. */
    public static Path javaRuntimeInterfaceClient(Path code) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client")
                        || entry.contains("aws-lambda-java-core")
                        || entry.contains("aws-lambda-java-serialization")
                        || entry.contains("utils-lite"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path root = taskRoot("ric", """
            #!/bin/sh
            cd "%s"
            exec "%s" -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "%s:%s:%s/lib/*" \\
              com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$_HANDLER"
            """.formatted(code, java, classpath, code, code));
        return root;
    }
}
