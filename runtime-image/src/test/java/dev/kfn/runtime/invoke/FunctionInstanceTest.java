package dev.kfn.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kfn.contract.FunctionId;
import dev.kfn.contract.HostEnvironment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionInstanceTest {

    private static final FunctionId SHOP_ORDERS = new FunctionId("shop", "orders");

    @Test
    void namesFollowTheFunctionIdWhenThePodSetsNone() {
        FunctionInstance instance = FunctionInstance.of(SHOP_ORDERS, 256, "eu-west-1", Map.of());
        assertThat(instance.logGroup()).isEqualTo("/kfn/shop/orders");
        assertThat(instance.logStream()).startsWith("kfn-");
        assertThat(instance.arn()).hasToString("arn:aws:lambda:eu-west-1:shop:function:orders");
        assertThat(instance.arn().latest()).hasToString("arn:aws:lambda:eu-west-1:shop:function:orders:$LATEST");
    }

    @Test
    void thePodsLambdaVariablesWin() {
        FunctionInstance instance = FunctionInstance.of(
                SHOP_ORDERS,
                256,
                "eu-west-1",
                Map.of(
                        HostEnvironment.AWS_REGION, "us-west-2",
                        HostEnvironment.LAMBDA_LOG_GROUP_NAME, "/custom/group",
                        HostEnvironment.LAMBDA_LOG_STREAM_NAME, "orders-7d9f-abc12"));
        assertThat(instance.region()).isEqualTo("us-west-2");
        assertThat(instance.logGroup()).isEqualTo("/custom/group");
        assertThat(instance.logStream()).isEqualTo("orders-7d9f-abc12");
    }
}
