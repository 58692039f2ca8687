package dev.latent.nn.layers;

import dev.latent.nn.Module;

/** Base of the parameter-free elementwise layers; they keep no state and work on any shape. */
abstract class Activation extends Module {
    Activation() {
    }
}
