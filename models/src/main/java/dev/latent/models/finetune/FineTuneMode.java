package dev.latent.models.finetune;

/** How a pretrained encoder is trained along with a new classification head. */
public enum FineTuneMode {
    /** The encoder's weights stay fixed; only the head learns. */
    FROZEN,
    /** The encoder learns too, with a smaller learning rate than the head. */
    FULL
}
