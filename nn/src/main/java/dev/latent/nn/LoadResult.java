package dev.latent.nn;

import java.util.List;

/**
 * What a non-strict {@link Module#loadStateDict(StateDict, boolean)} left out, like PyTorch's
 * {@code _IncompatibleKeys}.
 *
 * @param missingKeys    names the module has but the source did not provide (left unchanged)
 * @param unexpectedKeys names the source has but the module does not (ignored)
 */
public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    /** Whether every name matched on both sides. */
    public boolean isComplete() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty();
    }
}
