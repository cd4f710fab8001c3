package dev.kfn.runtime.java;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.InputStream;
import java.io.OutputStream;

/** A loaded handler, whatever its shape: reads the event, writes the response. */
@FunctionalInterface
interface JavaHandler {

    void handle(InputStream event, OutputStream response, Context context) throws Throwable;
}
