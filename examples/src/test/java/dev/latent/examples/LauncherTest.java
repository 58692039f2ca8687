package dev.latent.examples;

import dev.latent.examples.cli.CommonOptions;
import dev.latent.examples.commands.ConvAeCommand;
import dev.latent.examples.commands.VaeCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command-line parsing of the launcher: per-command defaults, overrides, and errors without stack traces. */
class LauncherTest {
    /** The output of one launcher call. */
    record Outcome(int status, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    private static CommonOptions parse(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(args);
        Object command = r.subcommand().commandSpec().userObject();
        return ((dev.latent.examples.cli.ExampleCommand) command).common;
    }

    @Test
    void eachCommandHasItsOwnDefaults() {
        CommonOptions ae = parse("conv-ae");
        assertEquals(8, ae.epochs);
        assertEquals(64, ae.batchSize);
        assertEquals(1e-3, ae.lr);
        assertEquals(16, ae.latentDim);
        assertEquals(10000, ae.limit);
        assertEquals(42, ae.seed);
        assertEquals(Path.of("out/conv-ae"), ae.out);
        assertEquals(CommonOptions.DatasetName.FASHION_MNIST, ae.dataset);
        CommonOptions vae = parse("vae");
        assertEquals(4, vae.epochs);
        assertEquals(Path.of("out/vae"), vae.out);
        assertEquals(5000, parse("grid-search").limit);
        CommonOptions gan = parse("gan");
        assertEquals(2e-4, gan.lr);
        assertEquals(100, gan.latentDim);
    }

    @Test
    void optionsOverrideTheDefaults() {
        CommonOptions o = parse("denoising-ae", "--epochs", "2", "--batch-size", "32", "--lr", "3e-3",
                "--latent-dim", "4", "--limit", "100", "--threads", "1", "--seed", "7", "--out", "x/y",
                "--dataset", "mnist", "--resume", "--val-fraction", "0.2");
        assertEquals(2, o.epochs);
        assertEquals(32, o.batchSize);
        assertEquals(3e-3, o.lr);
        assertEquals(4, o.latentDim);
        assertEquals(100, o.limit);
        assertEquals(1, o.threads);
        assertEquals(7, o.seed);
        assertEquals(Path.of("x/y"), o.out);
        assertEquals(CommonOptions.DatasetName.MNIST, o.dataset);
        assertTrue(o.resume);
        assertEquals(0.2, o.valFraction);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("conv-ae", "denoising-ae", "vae", "finetune", "latent", "grid-search", "gan")) {
            Outcome o = run(cmd, "--help");
            assertEquals(0, o.status(), cmd);
            assertTrue(o.out().contains("--latent-dim") && o.out().contains("--data"), cmd + ": " + o.out());
        }
        Outcome top = run("--help");
        assertEquals(0, top.status());
        assertTrue(top.out().contains("conv-ae") && top.out().contains("grid-search"), top.out());
    }

    @Test
    void helpShowsTheCommandsDefaults() {
        String help = run("conv-ae", "--help").out();
        assertTrue(help.contains("Training epochs (default: 8)"), help);
        assertTrue(help.contains("(default: out/conv-ae)"), help);
        assertTrue(run("vae", "--help").out().contains("Training epochs (default: 4)"));
    }

    @Test
    void badInputGivesAMessageNotAStackTrace() {
        assertUsageError(run("conv-ae", "--epochs", "many"), "'many' is not an int");
        assertUsageError(run("conv-ae", "--bogus"), "Unknown option: '--bogus'");
        assertUsageError(run("conv-ae", "--dataset", "cifar"), "unknown dataset 'cifar'");
        assertUsageError(run("conv-ae", "--data", "/no/such/folder"), "--data /no/such/folder: no such directory");
        assertUsageError(run("conv-ae", "--epochs", "0"), "--epochs must be at least 1");
        assertUsageError(run("vae", "--embedded", "--dataset", "mnist"), "--embedded is Fashion-MNIST");
        assertUsageError(run("denoising-ae", "--corruption", "blur:2"), "kind must be gaussian");
        assertUsageError(run(), "Missing a command");
        assertUsageError(run("gan", "--arch", "dcgan", "--conditional", "--embedded"), "--conditional is available"
                + " for --arch mlp only");
    }

    @Test
    void missingDataFilesAreReportedWithTheSearchedPlaces(@org.junit.jupiter.api.io.TempDir Path empty) {
        Outcome o = run("conv-ae", "--data", empty.toString(), "--out", empty.resolve("out").toString());
        assertEquals(1, o.status(), o.err());
        assertTrue(o.err().startsWith("error: directory " + empty), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    private static void assertUsageError(Outcome o, String expected) {
        assertEquals(2, o.status(), o.err());
        assertTrue(o.err().startsWith("error: "), o.err());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
        assertTrue(o.err().contains("--help"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void commandsAreRegisteredUnderTheirNames() {
        CommandLine cl = Main.commandLine();
        assertTrue(cl.getSubcommands().get("conv-ae").getCommand() instanceof ConvAeCommand);
        assertTrue(cl.getSubcommands().get("vae").getCommand() instanceof VaeCommand);
    }
}
