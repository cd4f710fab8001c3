package dev.kfn.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** One method per handler signature Lambda's Java runtime accepts, and one it does not. */
public class Shapes {

    public String noArguments() {
        return "none";
    }

    public void streams(InputStream in, OutputStream out) throws IOException {
        out.write(in.readAllBytes());
    }

    public int sizeWithContext(List<String> items, Context context) {
        return items.size() + context.getMemoryLimitInMB();
    }

    public void nothingBack(Map<String, Object> event) {}

    public String twoEvents(String a, String b) {
        return a + b;
    }
}
