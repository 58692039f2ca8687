/**
 * MNIST and Fashion-MNIST: {@link dev.latent.datasets.mnist.FashionMnist#load},
 * {@link dev.latent.datasets.mnist.Mnist#load} and the configurable {@link dev.latent.datasets.mnist.MnistLoader}
 * (search path, checksum-verified download, the embedded Fashion-MNIST test set).
 */
package dev.latent.datasets.mnist;
