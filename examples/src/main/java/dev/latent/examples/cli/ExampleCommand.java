package dev.latent.examples.cli;

import dev.latent.examples.run.RunContext;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A subcommand of the launcher: it takes the {@link CommonOptions}, names its defaults, and runs with a
 * {@link RunContext} that writes the pictures and the summary.
 */
public abstract class ExampleCommand implements Callable<Integer>, CommandDefaults.Defaults {
    /** The shared options. */
    @Mixin
    public CommonOptions common = new CommonOptions();

    /** The command's model, injected by picocli. */
    @Spec
    protected CommandSpec spec;

    /** Creates the command (picocli instantiates it). */
    protected ExampleCommand() {
    }

    /**
     * The defaults shared by all commands: batch 256, Adam lr 1e-3, latent size 16, output {@code out/<command>};
     * subclasses add their epochs and may override these.
     */
    @Override
    public Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("--batch-size", "256");
        d.put("--lr", "0.001");
        d.put("--latent-dim", "16");
        d.put("--epochs", "3");
        d.put("--limit", "10000");
        d.put("--out", "out/" + name());
        return d;
    }

    /** The subcommand's name, e.g. {@code conv-ae}. */
    protected abstract String name();

    /** Checks the command's own options before anything is created; throws {@link UsageException}. */
    protected void validate() {
    }

    /** Runs the example. */
    protected abstract void run(RunContext ctx) throws Exception;

    @Override
    public Integer call() throws Exception {
        validate();
        RunContext ctx = RunContext.start(name(), common, spec.commandLine().getParseResult().originalArgs(),
                spec.commandLine().getOut());
        run(ctx);
        return 0;
    }
}
