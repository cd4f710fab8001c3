package dev.kfn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kfn.api.HttpTrigger;
import dev.kfn.api.Trigger;
import dev.kfn.api.http.RouteMatch;
import dev.kfn.api.http.RouteTable;
import dev.kfn.contract.FunctionId;
import dev.kfn.testsupport.EventSampleAssert;
import dev.kfn.testsupport.TestFunctions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event as Lambda's Java runtime reads it: through aws-lambda-java-serialization into aws-lambda-java-events' class. */
class HttpApiEventTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123Z");

    private final RouteTable table =
            RouteTable.of(List.of(TestFunctions.java(new FunctionId("team-a", "orders"), spec -> {
                HttpTrigger http = new HttpTrigger();
                http.setRoutes(List.of("GET /orders/{id}", "ANY /files/{proxy+}"));
                Trigger trigger = new Trigger();
                trigger.setHttp(http);
                spec.setTriggers(List.of(trigger));
            })));

    private static HttpApiRequest request(
            String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {
        return new HttpApiRequest(
                method, path, Optional.ofNullable(query), headers, body, "HTTP/1.1", "10.1.2.3", "http", 8080);
    }

    private RouteMatch match(HttpApiRequest request) {
        return table.match("team-a", request.method(), request.routePath()).orElseThrow();
    }

    private static APIGatewayV2HTTPEvent asLambdaReadsIt(byte[] event) {
        return JacksonFactory.getInstance()
                .getSerializer(APIGatewayV2HTTPEvent.class)
                .fromJson(new ByteArrayInputStream(event));
    }

    /** {@code kfn events http} prints what this builder writes for this request. */
    @Test
    void theSampleEventIsThisBuildersOutput() throws Exception {
        HttpApiRequest request = request(
                "GET",
                "/orders/42",
                "tag=a&tag=b",
                List.of(
                        Map.entry("Host", "team-a.api.example.com"),
                        Map.entry("User-Agent", "curl/8.5.0"),
                        Map.entry("Accept", "application/json"),
                        Map.entry("Cookie", "theme=dark")),
                new byte[0]);
        byte[] built = HttpApiEvent.of(
                request, match(request), "team-a", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", NOW, Optional.empty());
        EventSampleAssert.isTheSample(built, "http");
    }

    @Test
    void carriesEveryFieldOfPayloadTwoPointZero() {
        HttpApiRequest request = request(
                "GET",
                "/orders/42",
                "tag=a&tag=b&q=x%20y&flag",
                List.of(
                        Map.entry("Host", "gw.example:8080"),
                        Map.entry("User-Agent", "curl/8"),
                        Map.entry("X-Dup", "1"),
                        Map.entry("x-dup", "2"),
                        Map.entry("Cookie", "a=1; b=2"),
                        Map.entry("Cookie", "c=3")),
                new byte[0]);

        byte[] json = HttpApiEvent.of(request, match(request), "team-a", "req-1", NOW, Optional.empty());
        APIGatewayV2HTTPEvent event = asLambdaReadsIt(json);

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("GET /orders/{id}");
        assertThat(event.getRawPath()).isEqualTo("/orders/42");
        assertThat(event.getRawQueryString()).isEqualTo("tag=a&tag=b&q=x%20y&flag");
        assertThat(event.getQueryStringParameters())
                .containsExactly(Map.entry("tag", "a,b"), Map.entry("q", "x y"), Map.entry("flag", ""));
        assertThat(event.getCookies()).containsExactly("a=1", "b=2", "c=3");
        assertThat(event.getHeaders())
                .containsEntry("x-dup", "1,2")
                .containsEntry("host", "gw.example:8080")
                .containsEntry("user-agent", "curl/8")
                .containsEntry("x-forwarded-for", "10.1.2.3")
                .containsEntry("x-forwarded-proto", "http")
                .containsEntry("x-forwarded-port", "8080")
                .doesNotContainKey("cookie");
        assertThat(event.getPathParameters()).containsExactly(Map.entry("id", "42"));
        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        assertThat(context.getAccountId()).isEqualTo("team-a");
        assertThat(context.getApiId()).isEqualTo("team-a");
        assertThat(context.getDomainName()).isEqualTo("gw.example");
        assertThat(context.getDomainPrefix()).isEqualTo("gw");
        assertThat(context.getRequestId()).isEqualTo("req-1");
        assertThat(context.getRouteKey()).isEqualTo("GET /orders/{id}");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getTime()).isEqualTo("01/Dec/2026:10:15:30 +0000");
        assertThat(context.getTimeEpoch()).isEqualTo(NOW.toEpochMilli());
        assertThat(context.getHttp().getMethod()).isEqualTo("GET");
        assertThat(context.getHttp().getPath()).isEqualTo("/orders/42");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("10.1.2.3");
        assertThat(context.getHttp().getUserAgent()).isEqualTo("curl/8");
        assertThat(context.getAuthorizer()).isNull();
    }

    @Test
    void leavesOutWhatTheRequestDidNotHave() throws Exception {
        HttpApiRequest request = request("GET", "/orders/42", null, List.of(), new byte[0]);

        JsonNode event = new ObjectMapper()
                .readTree(HttpApiEvent.of(request, match(request), "team-a", "r", NOW, Optional.empty()));

        assertThat(event.path("rawQueryString").asText()).isEmpty();
        assertThat(event.has("cookies")).isFalse();
        assertThat(event.has("queryStringParameters")).isFalse();
        assertThat(event.has("body")).isFalse();
        assertThat(event.has("stageVariables")).isFalse();
    }

    @Test
    void textBodiesStayTextAndOthersAreBase64() {
        byte[] binary = {0, 1, 2, (byte) 0xff};
        HttpApiRequest json = request(
                "PUT",
                "/files/a/b.txt",
                null,
                List.of(Map.entry("Content-Type", "application/json; charset=utf-8")),
                "{\"é\":1}".getBytes(StandardCharsets.UTF_8));
        HttpApiRequest octets = request(
                "PUT", "/files/a", null, List.of(Map.entry("Content-Type", "application/octet-stream")), binary);
        HttpApiRequest untyped = request("PUT", "/files/a", null, List.of(), "text".getBytes(StandardCharsets.UTF_8));
        HttpApiRequest notUtf8 =
                request("PUT", "/files/a", null, List.of(Map.entry("Content-Type", "text/plain")), binary);

        APIGatewayV2HTTPEvent text =
                asLambdaReadsIt(HttpApiEvent.of(json, match(json), "team-a", "r", NOW, Optional.empty()));
        APIGatewayV2HTTPEvent base64 =
                asLambdaReadsIt(HttpApiEvent.of(octets, match(octets), "team-a", "r", NOW, Optional.empty()));

        assertThat(text.getBody()).isEqualTo("{\"é\":1}");
        assertThat(text.getIsBase64Encoded()).isFalse();
        assertThat(text.getPathParameters()).containsExactly(Map.entry("proxy", "a/b.txt"));
        assertThat(base64.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(base64.getBody())).isEqualTo(binary);
        assertThat(HttpApiEvent.text(untyped)).isEmpty();
        assertThat(HttpApiEvent.text(notUtf8)).isEmpty();
    }

    @Test
    void carriesTheJwtClaimsWhenTheRouteVerifiedAToken() {
        HttpApiRequest request = request("GET", "/orders/1", null, List.of(), new byte[0]);
        HttpApiEvent.Jwt jwt = new HttpApiEvent.Jwt(Map.of("sub", "user-1"), Optional.of(List.of("orders:read")));

        APIGatewayV2HTTPEvent event =
                asLambdaReadsIt(HttpApiEvent.of(request, match(request), "team-a", "r", NOW, Optional.of(jwt)));

        assertThat(event.getRequestContext().getAuthorizer().getJwt().getClaims())
                .containsExactly(Map.entry("sub", "user-1"));
        assertThat(event.getRequestContext().getAuthorizer().getJwt().getScopes())
                .containsExactly("orders:read");
    }
}
