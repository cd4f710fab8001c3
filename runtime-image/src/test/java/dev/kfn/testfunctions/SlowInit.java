package dev.kfn.testfunctions;

import java.util.Map;

/** A handler whose class initialisation never ends, as one waiting for a service that never answers. */
public class SlowInit {

    static {
        long forever = Long.MAX_VALUE;
        while (System.nanoTime() < forever) {
            Thread.onSpinWait();
        }
    }

    public String handle(Map<String, Object> event) {
        return "initialised";
    }
}
