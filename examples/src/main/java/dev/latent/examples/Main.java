package dev.latent.examples;

import dev.latent.examples.cli.CommandDefaults;
import dev.latent.examples.cli.ErrorHandler;
import dev.latent.examples.commands.ConvAeCommand;
import dev.latent.examples.commands.DenoisingAeCommand;
import dev.latent.examples.commands.FinetuneCommand;
import dev.latent.examples.commands.GanCommand;
import dev.latent.examples.commands.GridSearchCommand;
import dev.latent.examples.commands.LatentCommand;
import dev.latent.examples.commands.VaeCommand;
import dev.latent.examples.run.Versions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The example launcher: {@code java --add-modules jdk.incubator.vector -jar latent-examples.jar <command>
 * [options]}. Every subcommand trains a model on MNIST or Fashion-MNIST (whatever it finds, else the embedded
 * test set) and writes pictures, weights, metrics and {@code summary.json} into {@code --out}; the last line it
 * prints is that summary.
 */
@Command(name = "latent-examples", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Train Latent's models and write pictures of what they learned.",
        subcommands = {ConvAeCommand.class, DenoisingAeCommand.class, VaeCommand.class, FinetuneCommand.class,
            LatentCommand.class, GridSearchCommand.class, GanCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Run with java --add-modules jdk.incubator.vector -jar latent-examples.jar for the SIMD kernels."})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    private Main() {
    }

    /** Without a subcommand: the usage and an error exit. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. conv-ae");
    }

    /**
     * Runs the launcher and exits with its status (0 on success, 1 for a failed run, 2 for a bad command line).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the launcher and returns its exit status (for tests and embedding). */
    public static int execute(String... args) {
        ErrorHandler.configureLogging();
        return commandLine().execute(args);
    }

    /** The configured command line: defaults per subcommand and clear error messages. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setDefaultValueProvider(new CommandDefaults());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(ErrorHandler::parameterError);
        cl.setUsageHelpWidth(100);
        cl.setOverwrittenOptionsAllowed(true); // the last value wins, as in most command-line tools
        return cl;
    }
}
