package dev.kfn.testsupport;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.List;

/** kfn's Helm chart rendered as {@code helm template} renders it: release {@code kfn} in {@code kfn-system}. */
public final class Chart {

    /** From a module's directory, as Maven runs its tests. */
    public static final Path DIRECTORY = Path.of("../charts/kfn");
    /** The chart ships no broker login, so every render names one. */
    public static final String BROKER_LOGIN = "broker.existingSecret=rabbit-creds";

    private Chart() {}

    /** @param values {@code key=value} as {@code helm --set} takes them */
    public static List<HasMetadata> render(String... values) {
        var template = new Helm(DIRECTORY).template().withName("kfn").withNamespace("kfn-system");
        for (String value : values) {
            String[] kv = value.split("=", 2);
            template = template.set(kv[0], kv[1]);
        }
        return Serialization.unmarshal(template.call());
    }

    public static ClusterRole clusterRole(List<HasMetadata> rendered, String name) {
        return rendered.stream()
                .filter(ClusterRole.class::isInstance)
                .map(ClusterRole.class::cast)
                .filter(r -> r.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no ClusterRole " + name));
    }

    /** The rules of the ClusterRole {@code name} with the chart's defaults and a broker login. */
    public static List<PolicyRule> clusterRules(String name) {
        return clusterRole(render(BROKER_LOGIN), name).getRules();
    }
}
