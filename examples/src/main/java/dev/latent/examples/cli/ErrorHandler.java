package dev.latent.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Turns the failures a user can fix (missing data, unreadable files, bad options, a diverging run) into one clear
 * message instead of a stack trace; anything else is a bug and keeps its stack trace.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
    /** Exit status of a run that failed. */
    public static final int RUN_FAILED = 1;

    /** Creates the handler. */
    public ErrorHandler() {
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        var err = cmd.getErr();
        if (e instanceof UsageException) {
            err.println("error: " + e.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        if (isUserFacing(e)) {
            err.println("error: " + e.getMessage());
            err.flush();
            return RUN_FAILED;
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        err.flush();
        return RUN_FAILED;
    }

    /** A bad command line (unknown option, value of the wrong type): the problem and a pointer to --help. */
    public static int parameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        var err = cmd.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static boolean isUserFacing(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException || e instanceof dev.latent.models.train.NonFiniteLossException;
    }

    /**
     * One-line log records ("WARNING: Latent runs its scalar kernels ...") on standard error, so the library's
     * single warnings (no SIMD, embedded data) read like the launcher's own lines.
     */
    public static void configureLogging() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        StreamHandler h = new StreamHandler(System.err, new SimpleFormatter() {
            @Override
            public String format(java.util.logging.LogRecord r) {
                String msg = formatMessage(r);
                return r.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": " + msg
                        + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")") + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        h.setLevel(Level.INFO);
        root.addHandler(h);
    }
}
