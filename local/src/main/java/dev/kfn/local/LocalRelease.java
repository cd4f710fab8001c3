package dev.kfn.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import dev.kfn.contract.broker.IdentityKeySecret;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * kfn's chart installed into the embedded API as {@code helm install} would install it on a cluster: rendered with
 * helm-java from {@link LocalChartValues}, every object applied (the CRDs, RBAC, Services, Secrets, Deployments), and
 * the identity key's Secret written beside them. What runs the Deployments is {@link ReleasePods}.
 */
final class LocalRelease {

    static final String VALUES_FILE = "chart-values.yaml";

    private final List<HasMetadata> objects;

    private LocalRelease(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static LocalRelease install(LocalSettings settings, KubernetesClient client) throws IOException {
        Path values = writeValues(settings);
        String rendered = new Helm(settings.chart())
                .template()
                .withName(LocalChartValues.RELEASE)
                .withNamespace(LocalChartValues.NAMESPACE)
                .withValuesFile(values)
                .call();
        List<HasMetadata> objects = Serialization.unmarshal(rendered);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(LocalChartValues.NAMESPACE)
                        .endMetadata()
                        .build())
                .createOr(NonDeletingOperation::update);
        client.secrets()
                .inNamespace(LocalChartValues.NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(LocalChartValues.IDENTITY_KEY_SECRET)
                        .withNamespace(LocalChartValues.NAMESPACE)
                        .endMetadata()
                        .withType("Opaque")
                        .addToStringData(IdentityKeySecret.KEY, BrokerIdentityKey.in(settings.workDir()))
                        .build())
                .createOr(NonDeletingOperation::update);
        for (HasMetadata object : objects) {
            client.resource(object).inNamespace(namespaceOf(object)).createOr(NonDeletingOperation::update);
        }
        return new LocalRelease(objects);
    }

    /** The values file, readable by its owner only: it holds the broker's password, as the chart's Secret does. */
    private static Path writeValues(LocalSettings settings) throws IOException {
        Path file = settings.workDir().resolve(VALUES_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(), LocalChartValues.of(settings));
        return file;
    }

    private static String namespaceOf(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null ? LocalChartValues.NAMESPACE : namespace;
    }

    /** The release's Deployments as rendered: the operator and the gateway. */
    List<Deployment> deployments() {
        return objects.stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .toList();
    }
}
