package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

class BrokerIdentityTest {

    private final FunctionId hello = new FunctionId("shop", "hello");

    @Test
    void derivesTheSamePasswordFromTheSameKeyAndFunctionAndAnotherForAnyOther() {
        String password = BrokerIdentity.password("key", hello);
        assertThat(password).hasSizeGreaterThanOrEqualTo(43).isEqualTo(BrokerIdentity.password("key", hello));
        assertThat(BrokerIdentity.password("other key", hello)).isNotEqualTo(password);
        assertThat(BrokerIdentity.password("key", new FunctionId("shop", "hello2")))
                .isNotEqualTo(password);
        assertThat(BrokerIdentity.password("key", new FunctionId("shop2", "hello")))
                .isNotEqualTo(password);
    }

    @Test
    void writesTheCredentialsInASecretTheFunctionOwns() {
        Function fn = TestFunctions.java(hello);
        fn.getMetadata().setUid("0b3c-uid");
        Secret secret = BrokerIdentity.secret(fn, "key");
        assertThat(secret.getMetadata().getName()).isEqualTo("hello-broker");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Function");
            assertThat(ref.getName()).isEqualTo("hello");
            assertThat(ref.getUid()).isEqualTo("0b3c-uid");
        });
        assertThat(secret.getStringData())
                .containsEntry("username", "kfn-function.shop.hello")
                .containsEntry("password", BrokerIdentity.password("key", hello));
    }
}
