package dev.kfn.runtime.it;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.kfn.contract.FunctionId;
import dev.kfn.testfunctions.Greeter;
import dev.kfn.testsupport.HostProcess;
import dev.kfn.testsupport.TaskRoots;
import java.nio.file.Path;
import org.joda.time.DateTime;

/** This module's test functions ({@code dev.kfn.testfunctions}) as a Lambda package, and hosts that run them. */
final class TestHosts {

    private TestHosts() {}

    /** The test functions at the root, aws-lambda-java-events and its joda-time in {@code lib/}. */
    static Path taskRoot() {
        return TaskRoots.java(Greeter.class, ScheduledEvent.class, DateTime.class);
    }

    static HostProcess java(FunctionId function, String handler) {
        return new HostProcess(function, handler, taskRoot());
    }
}
