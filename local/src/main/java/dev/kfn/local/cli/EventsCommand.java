package dev.kfn.local.cli;

import dev.kfn.contract.EventSamples;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sample events, exactly as kfn delivers them, to invoke a handler with while writing it. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Print a sample event of a source exactly as kfn delivers it (kfn events queue | kfn invoke"
                + " FN -); without a source, list the sources.")
final class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SOURCE", description = "a trigger kind: http, queue, schedule, …")
    String source;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (source == null) {
            EventSamples.SOURCES.forEach(out::println);
            return 0;
        }
        try {
            out.print(EventSamples.json(source));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        out.flush();
        return 0;
    }
}
