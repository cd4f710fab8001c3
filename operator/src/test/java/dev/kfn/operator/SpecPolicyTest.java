package dev.kfn.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.api.Destination;
import dev.kfn.api.Function;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.TestFunctions;
import org.junit.jupiter.api.Test;

class SpecPolicyTest {

    private final Function fn = TestFunctions.java(new FunctionId("shop", "hello"));
    private final SpecPolicy strict = new SpecPolicy(false, false);
    private final SpecPolicy lenient = new SpecPolicy(true, true);

    private void onFailure(String function) {
        Destination d = new Destination();
        d.setFunction(function);
        fn.getSpec().getAsync().setOnFailure(d);
    }

    @Test
    void refusesADestinationInAnotherNamespaceNamingTheField() {
        onFailure("billing/audit");
        assertThat(strict.problems(fn))
                .singleElement()
                .asString()
                .startsWith("spec.async.onFailure.function: billing/audit is in another namespace");
        assertThat(lenient.problems(fn)).isEmpty();
    }

    @Test
    void acceptsADestinationInTheFunctionsOwnNamespaceHoweverWritten() {
        onFailure("shop/audit");
        assertThat(strict.problems(fn)).isEmpty();
        onFailure("audit");
        assertThat(strict.problems(fn)).isEmpty();
    }

    @Test
    void refusesPlainHttpCodeUnlessAllowed() {
        fn.getSpec().getCode().setUrl("http://code.example/hello.zip");
        assertThat(strict.problems(fn)).singleElement().asString().startsWith("spec.code.url: ");
        assertThat(lenient.problems(fn)).isEmpty();
        fn.getSpec().getCode().setUrl("https://code.example/hello.zip");
        assertThat(strict.problems(fn)).isEmpty();
    }
}
