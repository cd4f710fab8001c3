package dev.kfn.gateway.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kfn.api.topic.MessageAttribute;
import dev.kfn.gateway.AccountNamespaces;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What either publish API reads from a request, and SNS's rules for what it may hold. */
class PublishRequestsTest {

    private static final AccountNamespaces NAMESPACES = new AccountNamespaces("default", Map.of());

    private static PublishRequest request(String message, Map<String, MessageAttribute> attributes) {
        return new PublishRequest("shop", "orders", message, Optional.empty(), attributes);
    }

    private static void refused(PublishRequest request, String message) {
        assertThatThrownBy(() -> PublishRules.check(request))
                .isInstanceOfSatisfying(TopicException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("InvalidParameter");
                })
                .hasMessage(message);
    }

    @Test
    void theQueryFormIsReadAsTheSdkSendsIt() {
        String body = "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3Ashop%3Aorders"
                + "&Message=%7B%22id%22%3A+1%7D&Subject=paid"
                + "&MessageAttributes.entry.1.Name=color&MessageAttributes.entry.1.Value.DataType=String"
                + "&MessageAttributes.entry.1.Value.StringValue=red"
                + "&MessageAttributes.entry.2.Name=blob&MessageAttributes.entry.2.Value.DataType=Binary"
                + "&MessageAttributes.entry.2.Value.BinaryValue=AQI%3D";
        PublishRequest request = SnsQuery.read(SnsQuery.form(body), NAMESPACES);
        assertThat(request.namespace()).isEqualTo("shop");
        assertThat(request.topic()).isEqualTo("orders");
        assertThat(request.message()).isEqualTo("{\"id\": 1}");
        assertThat(request.subject()).contains("paid");
        assertThat(request.attributes())
                .containsEntry("color", new MessageAttribute("String", "red"))
                .containsEntry("blob", new MessageAttribute("Binary", "AQI="));
        PublishRules.check(request);
    }

    @Test
    void aJsonMessageStructureDeliversTheLambdaKeyElseTheDefault() {
        String arn = "TopicArn=arn:aws:sns:us-east-1:shop:orders&MessageStructure=json&Action=Publish&Message=";
        assertThat(SnsQuery.read(
                                SnsQuery.form(arn + "%7B%22default%22%3A%22d%22%2C%22lambda%22%3A%22l%22%7D"),
                                NAMESPACES)
                        .message())
                .isEqualTo("l");
        assertThat(SnsQuery.read(SnsQuery.form(arn + "%7B%22default%22%3A%22d%22%7D"), NAMESPACES)
                        .message())
                .isEqualTo("d");
        assertThatThrownBy(() -> SnsQuery.read(SnsQuery.form(arn + "%7B%22email%22%3A%22e%22%7D"), NAMESPACES))
                .hasMessage("Invalid parameter: Message Structure - No default entry in JSON message body");
    }

    @Test
    void anAwsAccountIdInTheTopicArnNamesTheDefaultNamespace() {
        assertThat(SnsQuery.read(
                                SnsQuery.form(
                                        "Action=Publish&TopicArn=arn:aws:sns:us-east-1:000000000000:orders&Message=m"),
                                NAMESPACES)
                        .namespace())
                .isEqualTo("default");
    }

    @Test
    void otherActionsTargetsAndFifoFieldsAreRefused() {
        assertThatThrownBy(() -> SnsQuery.read(SnsQuery.form("Action=CreateTopic&Name=x"), NAMESPACES))
                .isInstanceOfSatisfying(
                        TopicException.class, e -> assertThat(e.code()).isEqualTo("InvalidAction"))
                .hasMessage("kfn serves the SNS action Publish only, not CreateTopic");
        assertThatThrownBy(() ->
                        SnsQuery.read(SnsQuery.form("Action=Publish&PhoneNumber=%2B15555550100&Message=m"), NAMESPACES))
                .hasMessage("Invalid parameter: PhoneNumber: kfn publishes to topics only; give TopicArn");
        assertThatThrownBy(() -> SnsQuery.read(
                        SnsQuery.form(
                                "Action=Publish&TopicArn=arn:aws:sns:us-east-1:shop:orders&Message=m&MessageGroupId=g"),
                        NAMESPACES))
                .hasMessageContaining("standard topics");
        assertThatThrownBy(() -> SnsQuery.read(SnsQuery.form("Action=Publish&TopicArn=orders&Message=m"), NAMESPACES))
                .hasMessage("Invalid parameter: TopicArn: orders is not arn:aws:sns:<region>:<namespace>:<topic>");
    }

    @Test
    void theJsonApiIsStrictAboutItsKeys() {
        PublishRequest request = PublishBody.read(
                "shop",
                "orders",
                "{\"Message\":\"m\",\"Subject\":\"s\",\"MessageAttributes\":{\"n\":{\"Type\":\"Number\",\"Value\":\"5\"}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(request.attributes()).containsEntry("n", new MessageAttribute("Number", "5"));
        assertThatThrownBy(() -> PublishBody.read("shop", "orders", "{\"Message\": {\"a\": 1}}".getBytes()))
                .hasMessage("Invalid parameter: Message is a string; send a JSON document as its text");
        assertThatThrownBy(() ->
                        PublishBody.read("shop", "orders", "{\"Message\":\"m\",\"MessageGroupId\":\"g\"}".getBytes()))
                .hasMessageContaining("standard topics");
        assertThatThrownBy(() -> PublishBody.read(
                        "shop",
                        "orders",
                        "{\"Message\":\"m\",\"MessageAttributes\":{\"n\":{\"DataType\":\"String\"}}}".getBytes()))
                .hasMessageStartingWith("Invalid parameter: MessageAttributes.n is {\"Type\"");
        assertThatThrownBy(() -> PublishBody.read("shop", "orders", "not json".getBytes()))
                .hasMessageStartingWith("Invalid parameter: the body is not JSON");
    }

    @Test
    void snsRulesForMessagesAndAttributes() {
        refused(request("", Map.of()), "Invalid parameter: Empty message");
        refused(
                new PublishRequest("shop", "orders", "m", Optional.of("line\nbreak"), Map.of()),
                "Invalid parameter: Subject: printable ASCII that does not start with a space, without line breaks or"
                        + " control characters");
        refused(
                new PublishRequest("shop", "orders", "m", Optional.of("s".repeat(101)), Map.of()),
                "Invalid parameter: Subject: 1 to 100 characters, got 101");
        refused(
                request("m", Map.of("AWS.trace", new MessageAttribute("String", "x"))),
                "Invalid parameter: The message attribute 'AWS.trace' has an invalid name: up to 256 letters, digits,"
                        + " _ - and . (not first, last or doubled), not starting with AWS. or Amazon.");
        refused(
                request("m", Map.of("a", new MessageAttribute("Text", "x"))),
                "Invalid parameter: The message attribute 'a' has an invalid type 'Text': String, String.Array, Number"
                        + " or Binary, optionally with a custom label (Number.float)");
        refused(
                request("m", Map.of("a", new MessageAttribute("String", ""))),
                "Invalid parameter: The message attribute 'a' must contain a non-empty value of type 'String'");
        refused(
                request("m", Map.of("a", new MessageAttribute("String.Array", "[[1]]"))),
                "Invalid parameter: The message attribute 'a' with type 'String.Array' must be a JSON array of strings,"
                        + " numbers, true, false or null, got [[1]]");
        refused(
                request("m", Map.of("a", new MessageAttribute("Binary", "not base64!"))),
                "Invalid parameter: The message attribute 'a' with type 'Binary' must be base64");
        PublishRules.check(request("m", Map.of("a", new MessageAttribute("Number.float", "1.5e3"))));
        Map<String, MessageAttribute> eleven = new java.util.HashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, new MessageAttribute("String", "x"));
        }
        refused(request("m", eleven), "Invalid parameter: Message attributes: at most 10, got 11");
    }

    @Test
    void the256KibLimitCountsTheAttributes() {
        PublishRules.check(request("x".repeat(PublishRules.MAX_BYTES), Map.of()));
        refused(
                request(
                        "x".repeat(PublishRules.MAX_BYTES - 10),
                        Map.of("note", new MessageAttribute("String", "1234"))),
                "Invalid parameter: Message too long: 262148 bytes with its attributes, SNS's limit is 262144");
    }

    @Test
    void errorsAreSnsXml() {
        assertThat(SnsXml.error(TopicException.notFound("Topic does not exist: <x>"), "r-1"))
                .isEqualTo(
                        "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>"
                                + "<Code>NotFound</Code><Message>Topic does not exist: &lt;x&gt;</Message></Error>"
                                + "<RequestId>r-1</RequestId></ErrorResponse>");
    }
}
