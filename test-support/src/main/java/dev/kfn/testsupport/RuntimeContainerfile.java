package dev.kfn.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runtime image's Containerfile, read as a build reads it: its base, its user, its training step, its command. */
public final class RuntimeContainerfile {

    /** From a module's directory, as Maven runs its tests. */
    public static final Path FILE = Path.of("../runtime-image/src/main/docker/Containerfile");

    private static final Pattern BUILD_TAG = Pattern.compile("#\\s+podman build .* -t (\\S+) \\.");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z_]+)=(\\S+)");

    private final List<String> lines;
    private final String header;

    private RuntimeContainerfile(String text) {
        this.header = text;
        // continuation lines joined, as the build joins them
        this.lines = text.replace("\\\n", " ").lines().toList();
    }

    public static RuntimeContainerfile read() {
        try {
            return new RuntimeContainerfile(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String from() {
        return instruction("FROM").get(0);
    }

    /** The last {@code USER}: the one the image runs as. */
    public String user() {
        List<String> users = instruction("USER");
        return users.get(users.size() - 1);
    }

    /** The image name the documented build command tags. */
    public String imageName() {
        Matcher tag = BUILD_TAG.matcher(header);
        if (!tag.find()) {
            throw new AssertionError("the Containerfile documents no `podman build … -t <image> .`");
        }
        return tag.group(1);
    }

    public List<String> command() {
        try {
            return new ObjectMapper().readValue(instruction("CMD").get(0), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The step that trains the AOT cache: its environment and its java command, up to the command's end. */
    public Training training() {
        String run = instruction("RUN").stream()
                .filter(r -> r.contains("-XX:AOTCacheOutput="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the Containerfile trains no AOT cache"));
        List<String> words = Arrays.stream(run.split("\\s+")).toList();
        Map<String, String> env = new LinkedHashMap<>();
        for (String word : words) {
            Matcher assignment = ASSIGNMENT.matcher(word);
            if (assignment.matches()) {
                env.put(assignment.group(1), assignment.group(2));
            }
        }
        int java = words.indexOf("java");
        int end = words.subList(java, words.size()).indexOf("-jar") + java + 2;
        List<String> command = words.subList(java, end).stream()
                .map(w -> w.endsWith(";") ? w.substring(0, w.length() - 1) : w)
                .toList();
        return new Training(env, command);
    }

    /** @param command from {@code java} to the host jar */
    public record Training(Map<String, String> environment, List<String> command) {}

    private List<String> instruction(String name) {
        return lines.stream()
                .filter(l -> l.startsWith(name + " "))
                .map(l -> l.substring(name.length() + 1).trim())
                .toList();
    }
}
