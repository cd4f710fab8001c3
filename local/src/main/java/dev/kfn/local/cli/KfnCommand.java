package dev.kfn.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kfn}: the command line for functions on kfn local or a cluster. */
@Command(
        name = "kfn",
        mixinStandardHelpOptions = true,
        version = "kfn 0.1.0",
        description = "Functions on kfn: invoke them, list them, read their logs, start a new one.",
        subcommands = {
            InvokeCommand.class,
            GetCommand.class,
            LogsCommand.class,
            DlqCommand.class,
            NewCommand.class,
            EventsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "kfn local [folder] and kfn operator are run by the ./kfn script of a checkout.",
            "The commands talk to kfn local (its gateway, http://localhost:8080 or $KFN_GATEWAY_URL,",
            "and its API through .kfn/kubeconfig) or to a cluster (--gateway, --kubeconfig)."
        })
public final class KfnCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the CLI says what went wrong itself; Fabric8's warnings (v1alpha1 is not stable) are noise here
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.exit(commandLine().execute(args));
    }

    /** The command line with kfn's error handling: a failure says what went wrong and what to do, no stack trace. */
    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new KfnCommand());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kfn: " + (e instanceof CliException ? e.getMessage() : e.toString()));
            return e instanceof CliException cli ? cli.exitCode() : 1;
        });
        return line;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a command: invoke, get, list, logs, dlq or new");
    }
}
