package dev.kfn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

    private final Container container = new ContainerBuilder()
            .addNewEnv()
            .withName("PLAIN")
            .withValue("x")
            .endEnv()
            .addNewEnv()
            .withName("POD")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("hello-broker")
            .withKey("password")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .build();

    @Test
    void resolvesValuesPodFieldsAndSecretKeysAsTheKubeletDoes() {
        Map<String, String> env = PodEnvironment.resolve(
                container,
                "hello-1",
                "default",
                (secret, key) -> secret.equals("hello-broker") && key.equals("password")
                        ? Optional.of("s3cret")
                        : Optional.empty());
        assertThat(env)
                .containsExactly(Map.entry("PLAIN", "x"), Map.entry("POD", "hello-1"), Map.entry("PASSWORD", "s3cret"));
    }

    @Test
    void refusesToStartWithoutARequiredSecretKey() {
        assertThatThrownBy(() -> PodEnvironment.resolve(container, "hello-1", "default", (s, k) -> Optional.empty()))
                .hasMessage("env PASSWORD: Secret default/hello-broker has no key password");
    }
}
