package dev.kfn.gateway.broker;

import dev.kfn.contract.ReplyMessage;

/** A reply as it came off this instance's reply queue: the contract's properties and the body they describe. */
public record ReceivedReply(ReplyMessage message, byte[] body) {}
