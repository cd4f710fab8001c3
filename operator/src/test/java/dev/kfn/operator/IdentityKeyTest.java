package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.contract.broker.IdentityKeySecret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** The identity key kept in a Secret of the operator's namespace: made once, then the same on every start. */
@EnableKubernetesMockClient(crud = true)
class IdentityKeyTest {

    KubernetesClient client;

    @Test
    void madeOnceAndReadOnEveryLaterStart() {
        String first = IdentityKey.fromSecret(client, "kfn-system", "kfn-identity-key");
        String again = IdentityKey.fromSecret(client, "kfn-system", "kfn-identity-key");

        assertThat(first).hasSizeGreaterThan(40).isEqualTo(again);
        assertThat(IdentityKey.fromSecret(client, "elsewhere", "kfn-identity-key"))
                .isNotEqualTo(first);
    }

    @Test
    void aKeyTheAdministratorWroteIsTaken() {
        client.secrets()
                .inNamespace("kfn-system")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("mine")
                        .endMetadata()
                        .addToData(IdentityKeySecret.KEY, "c2VjcmV0")
                        .build())
                .create();

        assertThat(IdentityKey.fromSecret(client, "kfn-system", "mine")).isEqualTo("secret");
    }

    @Test
    void aSecretWithoutTheKeyIsRefusedSayingWhatToDo() {
        client.secrets()
                .inNamespace("kfn-system")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("wrong")
                        .endMetadata()
                        .addToData("other", "eA==")
                        .build())
                .create();

        assertThatThrownBy(() -> IdentityKey.fromSecret(client, "kfn-system", "wrong"))
                .hasMessageContaining("put the identity key under key");
    }
}
