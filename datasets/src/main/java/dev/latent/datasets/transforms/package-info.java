/**
 * Batch transforms: {@link dev.latent.datasets.transforms.Transform} and the built-in ones in
 * {@link dev.latent.datasets.transforms.Transforms} (scale, normalize, flatten, Gaussian noise, salt-and-pepper,
 * masking).
 */
package dev.latent.datasets.transforms;
