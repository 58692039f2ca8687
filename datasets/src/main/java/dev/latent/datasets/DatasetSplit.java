package dev.latent.datasets;

/**
 * A dataset split in two, e.g. by {@link Dataset#randomSplit(int, long)}.
 *
 * @param train the examples to train on
 * @param validation the held-out examples
 */
public record DatasetSplit(Dataset train, Dataset validation) {
}
