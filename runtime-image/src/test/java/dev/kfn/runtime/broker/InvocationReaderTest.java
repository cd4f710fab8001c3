package dev.kfn.runtime.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import dev.kfn.contract.InvocationHeaders;
import dev.kfn.contract.InvocationKind;
import dev.kfn.contract.InvocationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InvocationReaderTest {

    private static final InvocationMessage CALL = InvocationMessage.sync(
            "req-1",
            "corr-1",
            "replies",
            Duration.ofSeconds(5),
            "gateway",
            InvocationMessage.Context.NONE,
            Instant.now());

    private static AMQP.BasicProperties withHeader(AMQP.BasicProperties properties, String name, Object value) {
        Map<String, Object> headers = new HashMap<>(properties.getHeaders());
        headers.put(name, value);
        return properties.builder().headers(headers).build();
    }

    @Test
    void readsWhatTheContractEncodesAsBrokersDeliverIt() {
        AMQP.BasicProperties delivered =
                withHeader(CALL.encode(), InvocationHeaders.SOURCE, LongStringHelper.asLongString("gateway"));
        InvocationReader.Read read = InvocationReader.read(delivered, false, InvocationKind.SYNC);
        assertThat(read.problem()).isEmpty();
        assertThat(read.message().requestId()).isEqualTo("req-1");
        assertThat(read.message().replyTo()).hasValue("replies");
    }

    @Test
    void aMessageWithoutHeadersIsAFirstAttempt() {
        InvocationReader.Read read = InvocationReader.read(
                new AMQP.BasicProperties.Builder().messageId("m-1").build(), false, InvocationKind.ASYNC);
        assertThat(read.problem()).isEmpty();
        assertThat(read.message().attempt()).isEqualTo(1);
        assertThat(read.message().kind()).isEqualTo(InvocationKind.ASYNC);
    }

    @Test
    void aNonNumericAttemptIsAProblemAndTheReplyAddressIsKept() {
        InvocationReader.Read read = InvocationReader.read(
                withHeader(CALL.encode(), InvocationHeaders.ATTEMPT, "abc"), false, InvocationKind.SYNC);
        assertThat(read.problem())
                .hasValueSatisfying(p -> assertThat(p).contains("kfn-attempt must be a whole number", "abc"));
        assertThat(read.message().requestId()).isEqualTo("req-1");
        assertThat(read.message().correlationId()).hasValue("corr-1");
        assertThat(read.message().replyTo()).hasValue("replies");
        assertThat(read.message().kind()).isEqualTo(InvocationKind.SYNC);
    }

    @Test
    void headersOfTheWrongTypeAreProblems() {
        assertThat(InvocationReader.read(
                                withHeader(CALL.encode(), InvocationHeaders.ATTEMPT, Map.of("n", 1)),
                                false,
                                InvocationKind.SYNC)
                        .problem())
                .isPresent();
        assertThat(InvocationReader.read(
                                withHeader(CALL.encode(), InvocationHeaders.ENQUEUED_AT, new byte[] {1, 2}),
                                false,
                                InvocationKind.SYNC)
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).contains("kfn-enqueued-at", "bytes[2]"));
    }

    @Test
    void anAttemptBelowOneIsAProblem() {
        assertThat(InvocationReader.read(
                                withHeader(CALL.encode(), InvocationHeaders.ATTEMPT, -5), false, InvocationKind.ASYNC)
                        .problem())
                .hasValue("kfn-attempt must be 1 or more, got -5");
    }

    @Test
    void aRequestIdOrContentTypeNoHeaderCanCarryIsAProblem() {
        InvocationReader.Read badId = InvocationReader.read(
                CALL.encode().builder().messageId("a/b\nc").build(), false, InvocationKind.SYNC);
        assertThat(badId.problem()).hasValueSatisfying(p -> assertThat(p).contains("message_id", "a/b?c"));
        assertThat(badId.message().requestId()).isNotEqualTo("a/b\nc");
        assertThat(InvocationReader.read(
                                CALL.encode()
                                        .builder()
                                        .contentType("text/plain\r\nX: y")
                                        .build(),
                                false,
                                InvocationKind.SYNC)
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).contains("content_type"));
    }

    @Test
    void hugeHeadersAreProblems() {
        String big = "x".repeat(100_000);
        assertThat(InvocationReader.read(withHeader(CALL.encode(), "custom", big), false, InvocationKind.SYNC)
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).contains("more than 65536"));
        assertThat(InvocationReader.read(
                                withHeader(CALL.encode(), InvocationHeaders.CLIENT_CONTEXT, "e".repeat(3584)),
                                false,
                                InvocationKind.SYNC)
                        .problem())
                .hasValue("kfn-client-context is 3584 bytes long, more than 3583");
        assertThat(InvocationReader.read(
                                withHeader(CALL.encode(), InvocationHeaders.SOURCE, "s".repeat(2000)),
                                false,
                                InvocationKind.SYNC)
                        .problem())
                .isPresent();
    }

    @Test
    void anUnreadableMessageOfTheEventQueueIsAnEvent() {
        InvocationReader.Read read = InvocationReader.read(
                withHeader(CALL.encode(), InvocationHeaders.ATTEMPT, "x"), false, InvocationKind.ASYNC);
        assertThat(read.message().kind()).isEqualTo(InvocationKind.ASYNC);
        assertThat(read.message().replyTo()).isEqualTo(Optional.empty());
    }
}
