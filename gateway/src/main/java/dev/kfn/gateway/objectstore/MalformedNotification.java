package dev.kfn.gateway.objectstore;

/** A notification document that is not one of the formats kfn reads; the message says which field is wrong. */
public class MalformedNotification extends IllegalArgumentException {

    public MalformedNotification(String message) {
        super(message);
    }
}
