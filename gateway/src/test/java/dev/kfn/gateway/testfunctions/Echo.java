package dev.kfn.gateway.testfunctions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Answers with the bytes it was given, so every caller can recognise its own answer. */
public class Echo {

    public void echo(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }
}
