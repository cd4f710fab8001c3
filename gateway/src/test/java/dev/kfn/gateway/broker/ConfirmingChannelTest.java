package dev.kfn.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.kfn.contract.broker.BrokerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confirms on the real broker settle the publish they belong to, also after a publish the client refused. */
class ConfirmingChannelTest {

    private Connection connection;
    private Channel admin;
    private String queue;

    @BeforeEach
    void connect() throws Exception {
        connection = BrokerSettings.defaults().connectionFactory().newConnection();
        admin = connection.createChannel();
        queue = "kfn.test.confirms." + UUID.randomUUID();
        // room for one message, so the second is nacked
        admin.queueDeclare(queue, false, true, true, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    @Test
    void aPublishTheClientRefusesLeavesLaterConfirmsWithTheirOwnCallers() throws Exception {
        ConfirmingChannel channel = new ConfirmingChannel(connection);
        AMQP.BasicProperties tooLong =
                new AMQP.BasicProperties.Builder().contentType("x".repeat(300)).build();
        assertThatThrownBy(() -> channel.publish("", queue, tooLong, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(outcomeOf(channel.publish("", queue, message(), new byte[0])))
                .isEqualTo(PublishOutcome.ACCEPTED);
        assertThat(outcomeOf(channel.publish("", queue, message(), new byte[0])))
                .isEqualTo(PublishOutcome.REFUSED);
        assertThat(outcomeOf(channel.publish("", "kfn.test.nowhere." + UUID.randomUUID(), message(), new byte[0])))
                .isEqualTo(PublishOutcome.UNROUTABLE);
    }

    private static AMQP.BasicProperties message() {
        return new AMQP.BasicProperties.Builder()
                .messageId(UUID.randomUUID().toString())
                .build();
    }

    private static PublishOutcome outcomeOf(CompletableFuture<PublishOutcome> outcome) {
        await().atMost(Duration.ofSeconds(10)).until(outcome::isDone);
        return outcome.join();
    }
}
