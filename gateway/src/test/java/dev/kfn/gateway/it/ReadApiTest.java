package dev.kfn.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kfn.api.Concurrency;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.FunctionCrdSetup;
import dev.kfn.testsupport.TestFunctions;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Lambda's read API and request checks through the real AWS SDK v2 and the real AWS CLI: ListFunctions (paged),
 * GetFunction, GetFunctionConfiguration, GetFunctionConcurrency, an AWS account id in an ARN, unknown paths in
 * Lambda's error format, and a payload that is not JSON refused before any handler sees it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = FunctionCrdSetup.class)
@QuarkusTestResource(BrokerProxy.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiTest {

    @Inject
    KubernetesClient client;

    private final String namespace = "rd-" + UUID.randomUUID().toString().substring(0, 8);
    private final FunctionId orders = new FunctionId(namespace, "orders");
    private final FunctionId reports = new FunctionId(namespace, "reports");
    /** The gateway's default namespace, where an ARN with an AWS account id looks. */
    private final FunctionId inDefault =
            new FunctionId("default", "rd-" + UUID.randomUUID().toString().substring(0, 8));

    private Gateway gateway;
    private LambdaClient lambda;

    @BeforeAll
    void createFunctions() {
        gateway = new Gateway();
        lambda = gateway.lambda();
        EnvVar fromSecret = new EnvVarBuilder()
                .withName("DB_PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "db", false)
                .endValueFrom()
                .build();
        TestFunctions.create(client, TestFunctions.java(orders, spec -> {
            spec.setMemory("512Mi");
            spec.setTimeout("30s");
            spec.setEnv(List.of(new EnvVar("STAGE", "prod", null), fromSecret));
            Concurrency concurrency = new Concurrency();
            concurrency.setReserved(7);
            spec.setConcurrency(concurrency);
        }));
        TestFunctions.create(client, TestFunctions.java(reports));
        TestFunctions.create(client, TestFunctions.java(inDefault));
        await().atMost(Duration.ofSeconds(30)).until(() -> names().containsAll(List.of("orders", "reports")));
    }

    @AfterAll
    void deleteFunctions() {
        lambda.close();
        TestFunctions.deleteAll(client, namespace, Duration.ofSeconds(10));
        client.resource(TestFunctions.java(inDefault)).delete();
    }

    private List<String> names() {
        return lambda.listFunctionsPaginator(r -> r.maxItems(1)).functions().stream()
                .filter(fn -> fn.functionArn().contains(":" + namespace + ":"))
                .map(FunctionConfiguration::functionName)
                .toList();
    }

    @Test
    void listFunctionsPagesThroughEveryFunctionInOrder() {
        ListFunctionsResponse first = lambda.listFunctions(r -> r.maxItems(1));
        assertThat(first.functions()).hasSize(1);
        assertThat(first.nextMarker()).isNotBlank();
        assertThat(names()).containsExactly("orders", "reports");
    }

    @Test
    void getFunctionConfigurationDescribesTheSpecAsLambdaDoes() {
        GetFunctionConfigurationResponse config =
                lambda.getFunctionConfiguration(r -> r.functionName(orders.toString()));
        assertThat(config.functionName()).isEqualTo("orders");
        assertThat(config.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:" + namespace + ":function:orders");
        assertThat(config.runtimeAsString()).isEqualTo("java17");
        assertThat(config.handler()).isEqualTo(TestFunctions.HANDLER);
        assertThat(config.memorySize()).isEqualTo(512);
        assertThat(config.timeout()).isEqualTo(30);
        assertThat(config.version()).isEqualTo("$LATEST");
        assertThat(config.ephemeralStorage().size()).isEqualTo(512);
        assertThat(config.packageTypeAsString()).isEqualTo("Zip");
        assertThat(config.stateAsString()).isEqualTo("Pending");
        // a value from a Secret is never shown
        assertThat(config.environment().variables()).containsExactly(Map.entry("STAGE", "prod"));
        assertThat(config.lastModified()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
    }

    @Test
    void getFunctionAddsCodeAndConcurrency() {
        GetFunctionResponse fn =
                lambda.getFunction(r -> r.functionName("arn:aws:lambda:us-east-1:" + namespace + ":function:orders"));
        assertThat(fn.configuration().functionName()).isEqualTo("orders");
        assertThat(fn.code().repositoryType()).isEqualTo("S3");
        assertThat(fn.code().location()).isEqualTo(TestFunctions.CODE_URL);
        assertThat(fn.concurrency().reservedConcurrentExecutions()).isEqualTo(7);
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName(orders.toString()))
                        .reservedConcurrentExecutions())
                .isEqualTo(7);
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName(reports.toString()))
                        .reservedConcurrentExecutions())
                .isNull();
    }

    @Test
    void anArnWithAnAwsAccountIdNamesTheDefaultNamespace() {
        String arn = "arn:aws:lambda:us-east-1:000000000000:function:" + inDefault.name();
        assertThat(lambda.getFunctionConfiguration(r -> r.functionName(arn)).functionArn())
                .isEqualTo("arn:aws:lambda:us-east-1:default:function:" + inDefault.name());
        // an invoke through that ARN reaches the same function: a dry run answers 204 for a function it found
        assertThat(lambda.invoke(r -> r.functionName(arn).invocationType(InvocationType.DRY_RUN))
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> lambda.getFunction(r -> r.functionName(namespace + "/nothere")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining(
                        "Function not found: arn:aws:lambda:us-east-1:" + namespace + ":function:nothere");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedAsLambdaRefusesIt() {
        assertThatThrownBy(() ->
                        lambda.invoke(r -> r.functionName(orders.toString()).payload(SdkBytes.fromUtf8String("hello"))))
                .isInstanceOf(InvalidRequestContentException.class)
                .hasMessageContaining("Could not parse request body into json");
    }

    @Test
    void anUnknownPathAnswersInLambdasErrorFormat() {
        HttpResponse<byte[]> response = gateway.send(gateway.request("/2015-03-31/nothing"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
        JsonNode body = Gateway.json(response.body());
        assertThat(body.path("message").asText()).contains("GET /2015-03-31/nothing");
    }

    @Test
    void theAwsCliListsAndDescribesFunctions() throws Exception {
        Assumptions.assumeTrue(AwsCli.installed(), "the AWS CLI is not installed");
        AwsCli.Result list = AwsCli.run(gateway.base(), "list-functions");
        assertThat(list.exitCode()).as(list.output()).isZero();
        List<String> listed = new ArrayList<>();
        Gateway.json(list.output().getBytes(StandardCharsets.UTF_8))
                .path("Functions")
                .forEach(fn -> listed.add(fn.path("FunctionArn").asText()));
        assertThat(listed).contains("arn:aws:lambda:us-east-1:" + namespace + ":function:orders");

        AwsCli.Result get = AwsCli.run(gateway.base(), "get-function", "--function-name", orders.toString());
        assertThat(get.exitCode()).as(get.output()).isZero();
        JsonNode fn = Gateway.json(get.output().getBytes(StandardCharsets.UTF_8));
        assertThat(fn.at("/Configuration/MemorySize").asInt()).isEqualTo(512);
        assertThat(fn.at("/Concurrency/ReservedConcurrentExecutions").asInt()).isEqualTo(7);

        AwsCli.Result missing = AwsCli.run(gateway.base(), "get-function", "--function-name", namespace + "/nothere");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.output()).contains("ResourceNotFoundException");
    }
}
