/**
 * Files: where datasets are looked for ({@link dev.latent.datasets.io.DatasetLocator}) and where loaded data came
 * from ({@link dev.latent.datasets.io.DatasetSource}), checksum-verified downloads
 * ({@link dev.latent.datasets.io.Downloader}) (files are written atomically through {@link dev.latent.io.AtomicFiles}).
 */
package dev.latent.datasets.io;
