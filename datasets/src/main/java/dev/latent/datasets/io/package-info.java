/** File helpers shared by the dataset readers, writers and downloads: atomic writes and checked downloads. */
package dev.latent.datasets.io;
