/**
 * The IDX file format of MNIST and Fashion-MNIST: {@link dev.latent.datasets.idx.IdxReader} (any rank and element
 * type, raw or gzip detected from the bytes, streaming, strict about damaged or hostile files) and
 * {@link dev.latent.datasets.idx.IdxWriter} (atomic writes).
 */
package dev.latent.datasets.idx;
