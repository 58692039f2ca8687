/**
 * Datasets for training: the {@link dev.latent.datasets.Dataset} interface and the in-memory
 * {@link dev.latent.datasets.TensorDataset}, subsets and random splits, and the
 * {@link dev.latent.datasets.DataLoader} (seeded per-epoch shuffling, drop-last, transforms and corruptions,
 * background prefetch). MNIST and Fashion-MNIST are in {@code dev.latent.datasets.mnist}, the IDX format in
 * {@code dev.latent.datasets.idx}, transforms in {@code dev.latent.datasets.transforms}.
 */
package dev.latent.datasets;
