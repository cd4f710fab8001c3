package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FunctionArnTest {

    @Test
    void formatsAndParsesBack() {
        FunctionArn arn = FunctionArn.of("us-east-1", new FunctionId("team-a", "hello"));
        assertThat(arn).hasToString("arn:aws:lambda:us-east-1:team-a:function:hello");
        assertThat(FunctionArn.parse(arn.toString())).contains(arn);
    }

    @Test
    void readsAQualifier() {
        assertThat(FunctionArn.parse("arn:aws:lambda:eu-west-1:team-a:function:hello:$LATEST"))
                .contains(new FunctionArn("eu-west-1", "team-a", "hello", Optional.of("$LATEST")));
    }

    @Test
    void refusesWhatIsNotAFunctionArn() {
        assertThat(FunctionArn.parse("arn:aws:lambda:us-east-1:team-a:layer:hello"))
                .isEmpty();
        assertThat(FunctionArn.parse("arn:aws:s3:::bucket")).isEmpty();
        assertThat(FunctionArn.parse("hello")).isEmpty();
    }
}
