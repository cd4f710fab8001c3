package dev.kfn.contract.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.kfn.contract.DestinationAddress;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.FunctionTopology;
import dev.kfn.contract.ReplyRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The permission model on the real RabbitMQ: with one function's broker identity, another function's queues
 * cannot be read, purged or published into, and another function's callers cannot be answered.
 */
class FunctionIsolationTest {

    private static final BrokerSettings ADMIN = BrokerSettings.defaults();
    private static final BrokerManagement MANAGEMENT = new BrokerManagement(ADMIN);
    private static final String NAMESPACE =
            "iso-" + UUID.randomUUID().toString().substring(0, 8);
    private static final FunctionId ALICE = new FunctionId(NAMESPACE, "alice");
    private static final FunctionId BOB = new FunctionId(NAMESPACE, "bob");
    private static final FunctionId CAROL = new FunctionId(NAMESPACE, "carol");
    private static final DestinationAddress.ToTopic ORDERS = new DestinationAddress.ToTopic(NAMESPACE, "orders");
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final String REPLY_QUEUE = "kfn.reply." + UUID.randomUUID();

    private static Connection admin;
    private static Connection alice;

    @BeforeAll
    static void setUp() throws Exception {
        admin = plain(ADMIN).newConnection("kfn-isolation-admin");
        try (Channel channel = admin.createChannel()) {
            for (FunctionId function : List.of(ALICE, BOB, CAROL)) {
                FunctionTopology.of(function, FunctionTopology.Options.DEFAULTS, OptionalInt.empty())
                        .declare(channel);
            }
            channel.queueDeclare(REPLY_QUEUE, false, false, false, null);
            channel.queueBind(REPLY_QUEUE, Exchange.REPLY.exchangeName(), ReplyRoute.bindingKey(REPLY_QUEUE));
        }
        MANAGEMENT.putUser(BrokerPermissions.functionUser(ALICE), PASSWORD);
        MANAGEMENT.putPermissions(
                BrokerPermissions.functionUser(ALICE),
                BrokerPermissions.forFunction(ALICE, List.of(new DestinationAddress.ToFunction(CAROL), ORDERS)));
        alice = plain(ADMIN.withCredentials(BrokerPermissions.functionUser(ALICE), PASSWORD))
                .newConnection("kfn-isolation-alice");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (alice != null && alice.isOpen()) {
            alice.close();
        }
        MANAGEMENT.deleteUser(BrokerPermissions.functionUser(ALICE));
        try (Channel channel = admin.createChannel()) {
            for (FunctionId function : List.of(ALICE, BOB, CAROL)) {
                FunctionTopology.delete(channel, function);
            }
            channel.queueDelete(REPLY_QUEUE);
        }
        admin.close();
    }

    @Test
    void readsOnlyItsOwnQueues() throws Exception {
        try (Channel channel = alice.createChannel()) {
            channel.basicConsume(ALICE.queues().sync(), false, (tag, delivery) -> {}, tag -> {});
            channel.basicConsume(ALICE.queues().async(), false, (tag, delivery) -> {}, tag -> {});
        }
        assertRefused(channel -> channel.basicConsume(BOB.queues().sync(), false, (tag, delivery) -> {}, tag -> {}));
        assertRefused(channel -> channel.basicGet(BOB.queues().async(), true));
        assertRefused(channel -> channel.queuePurge(BOB.queues().async()));
        assertRefused(channel -> channel.queueDelete(BOB.queues().async()));
        assertRefused(channel -> channel.queueDeclare("kfn.mine", false, false, true, null));
    }

    @Test
    void cannotPublishIntoAnotherFunctionsQueues() throws Exception {
        assertRefused(channel ->
                publish(channel, Exchange.INVOKE.exchangeName(), BOB.queues().sync()));
        assertRefused(channel -> publish(channel, "", BOB.queues().async()));
        assertRefused(channel ->
                publish(channel, Exchange.SELF.exchangeName(), BOB.queues().retry(1)));
        assertRefused(channel -> publish(
                channel, Exchange.DESTINATION.exchangeName(), BOB.queues().async()));
        assertThat(admin.createChannel()
                        .queueDeclarePassive(BOB.queues().async())
                        .getMessageCount())
                .isZero();
    }

    @Test
    void publishesItsRetriesDeadLettersAndDeclaredDestinations() throws Exception {
        try (Channel channel = alice.createChannel()) {
            publish(channel, Exchange.SELF.exchangeName(), ALICE.queues().retry(1));
            publish(channel, Exchange.SELF.exchangeName(), ALICE.queues().deadLetter());
            publish(channel, Exchange.SELF.exchangeName(), ALICE.queues().sync());
            publish(channel, Exchange.DESTINATION.exchangeName(), CAROL.queues().async());
        }
        try (Channel channel = admin.createChannel()) {
            assertThat(channel.queueDeclarePassive(ALICE.queues().deadLetter()).getMessageCount())
                    .isEqualTo(1);
            assertThat(channel.queueDeclarePassive(CAROL.queues().async()).getMessageCount())
                    .isEqualTo(1);
        }
    }

    /** A topic destination is keyed by the function's namespace: the same topic name of another namespace is out of reach. */
    @Test
    void publishesToItsDeclaredTopicOnly() throws Exception {
        try (Channel channel = alice.createChannel()) {
            publish(channel, Exchange.TOPIC.exchangeName(), ORDERS.routingKey(), false);
        }
        assertRefused(channel -> publish(
                channel,
                Exchange.TOPIC.exchangeName(),
                new DestinationAddress.ToTopic("other", "orders").routingKey(),
                false));
        assertRefused(channel -> publish(channel, Exchange.TOPIC.exchangeName(), "orders", false));
        assertRefused(channel -> publish(
                channel,
                Exchange.TOPIC.exchangeName(),
                new DestinationAddress.ToTopic(NAMESPACE, "payments").routingKey(),
                false));
    }

    @Test
    void answersOnlyAsItselfSoAnotherFunctionsCallersAreOutOfReach() throws Exception {
        try (Channel channel = alice.createChannel()) {
            publish(channel, Exchange.REPLY.exchangeName(), ReplyRoute.routingKey(REPLY_QUEUE, ALICE));
        }
        assertRefused(
                channel -> publish(channel, Exchange.REPLY.exchangeName(), ReplyRoute.routingKey(REPLY_QUEUE, BOB)));
        assertRefused(channel -> publish(channel, Exchange.REPLY.exchangeName(), REPLY_QUEUE));
        try (Channel channel = admin.createChannel()) {
            var reply = channel.basicGet(REPLY_QUEUE, true);
            assertThat(ReplyRoute.answeredBy(REPLY_QUEUE, reply.getEnvelope().getRoutingKey()))
                    .contains(ALICE);
            assertThat(channel.basicGet(REPLY_QUEUE, true)).isNull();
        }
    }

    private interface ChannelAction {
        void run(Channel channel) throws Exception;
    }

    /** The broker refuses with 403 ACCESS_REFUSED and closes the channel; publishes show it at their confirm. */
    private static void assertRefused(ChannelAction action) throws IOException {
        Channel channel = alice.createChannel();
        assertThatThrownBy(() -> action.run(channel)).hasStackTraceContaining("ACCESS_REFUSED");
        assertThat(alice.isOpen()).isTrue();
    }

    private static void publish(Channel channel, String exchange, String routingKey) throws Exception {
        publish(channel, exchange, routingKey, true);
    }

    private static void publish(Channel channel, String exchange, String routingKey, boolean mandatory)
            throws Exception {
        channel.confirmSelect();
        channel.basicPublish(
                exchange, routingKey, mandatory, new AMQP.BasicProperties(), "x".getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
    }

    private static ConnectionFactory plain(BrokerSettings settings) {
        ConnectionFactory factory = settings.connectionFactory();
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }
}
