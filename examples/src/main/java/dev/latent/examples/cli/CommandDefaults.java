package dev.latent.examples.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Map;

/**
 * Gives the shared options ({@link CommonOptions}) the defaults of the subcommand they belong to: a command that
 * implements {@link Defaults} names its own epochs, learning rate and so on, and {@code --help} shows them.
 */
public final class CommandDefaults implements IDefaultValueProvider {
    /** A command's defaults for options by their long name, e.g. {@code "--epochs" -> "3"}. */
    public interface Defaults {
        /** Default values by option name. */
        Map<String, String> defaults();
    }

    /** Creates the provider. */
    public CommandDefaults() {
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && arg.command() != null
                && arg.command().userObject() instanceof Defaults d) {
            return d.defaults().get(option.longestName());
        }
        return null;
    }
}
