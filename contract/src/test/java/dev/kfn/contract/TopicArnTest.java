package dev.kfn.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicArnTest {

    @Test
    void theNamespaceTakesTheAccountsPlace() {
        TopicArn arn = new TopicArn("us-east-1", "shop", "orders");
        assertThat(arn).hasToString("arn:aws:sns:us-east-1:shop:orders");
        assertThat(TopicArn.parse("arn:aws:sns:us-east-1:shop:orders")).contains(arn);
        assertThat(arn.subscription("abc")).isEqualTo("arn:aws:sns:us-east-1:shop:orders:abc");
    }

    @Test
    void otherArnsAreNotTopics() {
        assertThat(TopicArn.parse("arn:aws:lambda:us-east-1:shop:function:hello"))
                .isEmpty();
        assertThat(TopicArn.parse("arn:aws:sns:us-east-1:shop:orders:sub-1")).isEmpty();
        assertThat(TopicArn.parse("orders")).isEmpty();
    }
}
