package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.kfn.gateway.LambdaError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiResponseTest {

    /** What a handler returning the typed response writes, through Lambda's own serializer. */
    private static byte[] asLambdaWritesIt(APIGatewayV2HTTPResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JacksonFactory.getInstance()
                .getSerializer(APIGatewayV2HTTPResponse.class)
                .toJson(response, out);
        return out.toByteArray();
    }

    private static String body(HttpApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void theTypedResponseGivesStatusHeadersCookiesAndBody() {
        HttpApiResponse response = HttpApiResponse.ofReply(asLambdaWritesIt(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("x-one", "1"))
                .withMultiValueHeaders(Map.of("x-many", List.of("a", "b")))
                .withCookies(List.of("s=1; Path=/", "t=2"))
                .withBody("created")
                .build()));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.headers())
                .containsExactly(
                        Map.entry("x-one", "1"),
                        Map.entry("x-many", "a"),
                        Map.entry("x-many", "b"),
                        Map.entry("set-cookie", "s=1; Path=/"),
                        Map.entry("set-cookie", "t=2"));
        assertThat(body(response)).isEqualTo("created");
    }

    @Test
    void aBase64BodyIsDecoded() {
        byte[] binary = {0, (byte) 0xfe, 7};
        HttpApiResponse response = HttpApiResponse.ofReply(asLambdaWritesIt(APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withBody(Base64.getEncoder().encodeToString(binary))
                .withIsBase64Encoded(true)
                .build()));

        assertThat(response.body()).isEqualTo(binary);
    }

    @Test
    void aValueWithoutStatusCodeIsA200JsonBody() {
        HttpApiResponse object = HttpApiResponse.ofReply("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        HttpApiResponse string = HttpApiResponse.ofReply("\"hello\"".getBytes(StandardCharsets.UTF_8));
        HttpApiResponse number = HttpApiResponse.ofReply("42".getBytes(StandardCharsets.UTF_8));

        assertThat(object.status()).isEqualTo(200);
        assertThat(object.headers()).containsExactly(Map.entry("content-type", "application/json"));
        assertThat(body(object)).isEqualTo("{\"ok\":true}");
        assertThat(body(string)).isEqualTo("hello");
        assertThat(body(number)).isEqualTo("42");
    }

    @Test
    void aStatusCodeThatIsNoHttpStatusIsAnInternalServerError() {
        assertThat(HttpApiResponse.ofReply("{\"statusCode\":\"soon\"}".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(500);
        assertThat(HttpApiResponse.ofReply("{\"statusCode\":0}".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(500);
        assertThat(HttpApiResponse.ofReply("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"%%\"}"
                                .getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(500);
    }

    @Test
    void functionErrorsAndServiceErrorsInApiGatewaysWords() {
        HttpApiResponse failed =
                HttpApiResponse.ofFunctionError("{\"errorType\":\"java.lang.IllegalStateException\"}".getBytes());
        HttpApiResponse timedOut = HttpApiResponse.ofFunctionError("{\"errorType\":\"Sandbox.Timedout\"}".getBytes());

        assertThat(failed.status()).isEqualTo(500);
        assertThat(body(failed)).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(body(timedOut)).isEqualTo("{\"message\":\"Endpoint request timed out\"}");
        assertThat(body(HttpApiResponse.of(LambdaError.queueFull("full", 1))))
                .isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(HttpApiResponse.of(LambdaError.replyTimeout("late")).status())
                .isEqualTo(504);
        assertThat(body(HttpApiResponse.of(LambdaError.unauthorized("who"))))
                .isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(body(HttpApiResponse.of(LambdaError.forbidden("no")))).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(HttpApiResponse.of(LambdaError.notReady("broken")).status()).isEqualTo(500);
        assertThat(body(HttpApiResponse.of(LambdaError.serviceUnavailable("broker"))))
                .isEqualTo("{\"message\":\"Service Unavailable\"}");
    }
}
