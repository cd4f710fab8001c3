package dev.kfn.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kfn's Helm chart rendered as {@code helm template} renders it: release {@code kfn} in {@code kfn-system}. */
public final class Chart {

    /** From a module's directory, as Maven runs its tests. */
    public static final Path DIRECTORY = Path.of("../charts/kfn");
    /** The chart ships no broker login, so every render names one. */
    public static final String BROKER_LOGIN = "broker.existingSecret=rabbit-creds";
    /** Nor a broker address. */
    public static final String BROKER_HOST = "broker.host=rabbitmq.messaging.svc";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

    private Chart() {}

    /** @param values {@code key=value} as {@code helm --set} takes them; the broker's host and login come first */
    public static List<HasMetadata> render(String... values) {
        return Serialization.unmarshal(template("kfn", "kfn-system", values));
    }

    /** Without the broker host and login {@link #render} adds. */
    public static List<HasMetadata> renderBare(String... values) {
        return Serialization.unmarshal(templateBare("kfn", "kfn-system", values));
    }

    /** The rendered YAML of release {@code release} in {@code namespace}, given a broker host and login. */
    public static String template(String release, String namespace, String... values) {
        String[] all = new String[values.length + 2];
        all[0] = BROKER_HOST;
        all[1] = BROKER_LOGIN;
        System.arraycopy(values, 0, all, 2, values.length);
        return templateBare(release, namespace, all);
    }

    private static String templateBare(String release, String namespace, String... values) {
        var template = new Helm(DIRECTORY).template().withName(release).withNamespace(namespace);
        for (String value : values) {
            String[] kv = value.split("=", 2);
            template = template.set(kv[0], kv[1]);
        }
        return template.call();
    }

    /** What {@code helm install} prints (NOTES.txt), from a client-only dry run, given a broker host and login. */
    public static String notes(String release, String namespace, String... values) {
        var install = new Helm(DIRECTORY)
                .install()
                .withName(release)
                .withNamespace(namespace)
                .dryRun()
                .clientOnly()
                .set("broker.host", "rabbitmq.messaging.svc")
                .set("broker.existingSecret", "rabbit-creds");
        for (String value : values) {
            String[] kv = value.split("=", 2);
            install = install.set(kv[0], kv[1]);
        }
        return install.call().getOutput();
    }

    /**
     * {@code helm lint --strict} of a copy of the chart whose values.yaml has a broker host and login and these
     * values set: lint reads only the chart's own values file.
     */
    public static LintResult lint(Path copy, String... values) {
        try {
            copyTree(DIRECTORY, copy);
            Path file = copy.resolve("values.yaml");
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = YAML.readValue(file.toFile(), LinkedHashMap.class);
            set(tree, BROKER_HOST);
            set(tree, BROKER_LOGIN);
            for (String value : values) {
                set(tree, value);
            }
            YAML.writeValue(file.toFile(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    /** {@code a.b[0].c=v} as {@code --set} reads it: dots descend into maps, {@code [n]} into lists. */
    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> tree, String assignment) throws IOException {
        String[] kv = assignment.split("=", 2);
        Object value = kv[1].isEmpty() ? "" : YAML.readValue(kv[1], Object.class);
        List<Object> steps = new ArrayList<>();
        for (String segment : kv[0].split("\\.")) {
            Matcher indexed = INDEXED.matcher(segment);
            if (indexed.matches()) {
                steps.add(indexed.group(1));
                steps.add(Integer.valueOf(indexed.group(2)));
            } else {
                steps.add(segment);
            }
        }
        Object node = tree;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            Object child =
                    last ? value : steps.get(i + 1) instanceof Integer ? new ArrayList<>() : new LinkedHashMap<>();
            if (step instanceof Integer index) {
                List<Object> list = (List<Object>) node;
                while (list.size() <= index) {
                    list.add(null);
                }
                if (last || list.get(index) == null) {
                    list.set(index, child);
                }
                node = list.get(index);
            } else {
                Map<String, Object> map = (Map<String, Object>) node;
                if (last) {
                    map.put((String) step, child);
                } else {
                    map.putIfAbsent((String) step, child);
                }
                node = map.get(step);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    public static ClusterRole clusterRole(List<HasMetadata> rendered, String name) {
        return rendered.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no ClusterRole " + name));
    }

    /** The rules of the ClusterRole {@code name} with the chart's defaults and a broker host and login. */
    public static List<PolicyRule> clusterRules(String name) {
        return clusterRole(render(), name).getRules();
    }
}
