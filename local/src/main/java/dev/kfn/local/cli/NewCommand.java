package dev.kfn.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kfn new <name> --runtime java|provided}: a function project with a handler, its manifest and a test that passes. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Create a function project: a handler, its Function manifest and a test.")
final class NewCommand implements Callable<Integer> {

    enum Runtime {
        java,
        provided
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final String TEMPLATES = "/dev/kfn/local/cli/templates/";
    // each template's files, and which of them run
    private static final Map<Runtime, List<String>> FILES = Map.of(
            Runtime.java,
            List.of(
                    "function.yaml",
                    "pom.xml",
                    ".gitignore",
                    "src/main/java/example/Handler.java",
                    "src/test/java/example/HandlerTest.java"),
            Runtime.provided,
            List.of("function.yaml", ".gitignore", "src/bootstrap", "src/handler.sh", "build.sh", "test.sh"));
    private static final List<String> EXECUTABLE = List.of("src/bootstrap", "src/handler.sh", "build.sh", "test.sh");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the function's name: lower-case letters, digits and dashes")
    String name;

    @Option(
            names = {"-r", "--runtime"},
            required = true,
            paramLabel = "RUNTIME",
            description =
                    "java (a RequestHandler built by Maven) or provided (a bootstrap speaking the Lambda Runtime API)")
    Runtime runtime;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to create it (default: ./NAME)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new CliException(
                    name
                            + " cannot name a function: use lower-case letters, digits and dashes, at most 63 (my-function)",
                    2);
        }
        Path target = (dir == null ? Path.of(name) : dir).toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new CliException(target + " exists and is not empty; pick another name or --dir", 2);
        }
        for (String file : FILES.get(runtime)) {
            Path written = target.resolve(file);
            Files.createDirectories(written.getParent());
            // a dotfile is stored without its dot: Maven leaves .gitignore out of a jar's resources
            String resource = runtime + "/" + (file.startsWith(".") ? file.substring(1) : file);
            Files.writeString(written, template(resource).replace("${name}", name));
            if (EXECUTABLE.contains(file)
                    && written.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        var out = spec.commandLine().getOut();
        Path kfn = Path.of(System.getProperty("kfn.home", ".")).toAbsolutePath().normalize();
        out.println("created " + target + ": a " + runtime + " function (handler, function.yaml, test)");
        if (runtime == Runtime.java) {
            out.println("  test it:   " + kfn.resolve("mvnw") + " -f " + target.resolve("pom.xml") + " test");
            out.println("  build it:  " + kfn.resolve("mvnw") + " -f " + target.resolve("pom.xml") + " package");
        } else {
            out.println("  test it:   " + target.resolve("test.sh"));
            out.println("  build it:  " + target.resolve("build.sh"));
        }
        out.println("  serve it:  " + kfn.resolve("kfn") + " local " + target);
        out.println("  invoke it: " + kfn.resolve("kfn") + " invoke " + name + " -d '{\"name\":\"kfn\"}'");
        return 0;
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String template(String path) {
        try (InputStream in = NewCommand.class.getResourceAsStream(TEMPLATES + path)) {
            if (in == null) {
                throw new IllegalStateException("the template " + path + " is missing from kfn's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
