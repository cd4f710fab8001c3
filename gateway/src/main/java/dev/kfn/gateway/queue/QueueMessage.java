package dev.kfn.gateway.queue;

import java.util.Map;

/**
 * One message taken from a trigger's queue, as the SQS record describes it.
 *
 * @param deliveryTag the broker's handle, valid on the channel that delivered it
 * @param receiveCount deliveries so far, this one included (SQS's ApproximateReceiveCount)
 * @param sentAt epoch milliseconds the producer sent it, or when kfn first saw it when the producer did not say
 * @param firstReceivedAt epoch milliseconds of the first delivery
 */
public record QueueMessage(
        long deliveryTag,
        String messageId,
        byte[] body,
        int receiveCount,
        long sentAt,
        long firstReceivedAt,
        String senderId,
        Map<String, String> attributes) {}
