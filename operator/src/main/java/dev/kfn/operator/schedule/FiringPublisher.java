package dev.kfn.operator.schedule;

import com.rabbitmq.client.Channel;
import dev.kfn.contract.Exchange;
import dev.kfn.contract.FunctionId;
import dev.kfn.contract.InvocationMessage;
import dev.kfn.contract.WakeMessage;
import dev.kfn.operator.BrokerConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts a firing on the function's asynchronous queue, as every other source does: through {@code kfn.invoke},
 * persistent, confirmed by the broker, and mandatory, because a confirm alone does not say that a queue took the
 * message (a function whose queues are not declared yet would lose it). Then wakes a function at zero. Used from
 * one thread: the scheduler's, or the cluster events'.
 */
public final class FiringPublisher {

    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(5);

    private final BrokerConnection broker;
    private final AtomicReference<String> returned = new AtomicReference<>();
    private Channel channel;

    public FiringPublisher(BrokerConnection broker) {
        this.broker = broker;
    }

    /** @throws IOException when there is no broker, it refused the firing or no queue took it; the caller tries again later */
    public void publish(FunctionId function, InvocationMessage message, byte[] body, boolean wake)
            throws IOException, TimeoutException, InterruptedException {
        Channel ch = channel();
        String queue = function.queues().async();
        returned.set(null);
        try {
            ch.basicPublish(Exchange.INVOKE.exchangeName(), queue, true, message.encode(), body);
            // a return comes before its confirm on the same connection, so it is known by the time this returns
            ch.waitForConfirmsOrDie(CONFIRM_WITHIN.toMillis());
        } catch (IOException | TimeoutException | RuntimeException e) {
            channel = null;
            throw e;
        }
        if (message.requestId().equals(returned.get())) {
            throw new NotRoutedException("no queue took it: " + queue + " is not declared yet");
        }
        if (wake) {
            ch.basicPublish(Exchange.WAKE.exchangeName(), "", null, WakeMessage.encode(function));
        }
    }

    private Channel channel() throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        Channel opened = broker.connection().createChannel();
        Exchange.INVOKE.declare(opened);
        Exchange.WAKE.declare(opened);
        opened.confirmSelect();
        opened.addReturnListener(r -> returned.set(r.getProperties().getMessageId()));
        channel = opened;
        return opened;
    }

    /** The broker took the message but no queue did: the function's queues are not there. */
    public static final class NotRoutedException extends IOException {
        NotRoutedException(String message) {
            super(message);
        }
    }
}
