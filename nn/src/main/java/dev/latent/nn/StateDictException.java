package dev.latent.nn;

import java.util.List;

/** A state dict that does not fit a module; {@link #problems()} lists every mismatch by name. */
public final class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** One line per problem. */
    private final transient List<String> problems;

    /**
     * Creates the exception; the message is the headline followed by every problem on its own line.
     *
     * @param headline what failed
     * @param problems one line per problem, each naming the tensor
     */
    public StateDictException(String headline, List<String> problems) {
        super(headline + ":\n\t" + String.join("\n\t", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, one line each, naming the tensor. */
    public List<String> problems() {
        return problems;
    }
}
