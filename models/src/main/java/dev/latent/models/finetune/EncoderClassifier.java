package dev.latent.models.finetune;

import dev.latent.nn.Module;
import dev.latent.nn.Sequential;
import dev.latent.nn.layers.Linear;
import dev.latent.nn.layers.ReLU;
import dev.latent.nn.optim.Adam;
import dev.latent.nn.optim.Optimizer;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Tensor;

import java.util.List;

/**
 * A classifier on top of a pretrained encoder: {@code encoder -> Linear(d,64) -> ReLU -> Linear(64,classes) ->
 * log-softmax}, trained with NLL. The encoder module is shared with the autoencoder it came from (not copied), so
 * in {@link FineTuneMode#FULL} mode fine-tuning changes it.
 */
public final class EncoderClassifier extends Module {
    private final Module encoder;
    private final Sequential head;
    private final FineTuneMode mode;

    /**
     * @param encoder   a module mapping images to codes {@code [N, latentDim]}
     * @param latentDim the encoder's output size
     * @param classes   number of classes
     * @param mode      frozen or full fine-tuning; frozen turns off the encoder's gradients
     * @param gen       generator for the head's initial weights
     */
    public EncoderClassifier(Module encoder, int latentDim, int classes, FineTuneMode mode, Generator gen) {
        if (latentDim < 1 || classes < 2) {
            throw new IllegalArgumentException("EncoderClassifier: latentDim must be >= 1 and classes >= 2, got "
                    + latentDim + " and " + classes);
        }
        this.encoder = registerModule("encoder", encoder);
        this.head = registerModule("head", new Sequential(new Linear(latentDim, 64, true, gen), new ReLU(),
                new Linear(64, classes, true, gen)));
        this.mode = mode;
        encoder.requiresGrad(mode == FineTuneMode.FULL);
    }

    /** The fine-tuning mode. */
    public FineTuneMode mode() {
        return mode;
    }

    /** The classification head. */
    public Sequential head() {
        return head;
    }

    /** Log-probabilities {@code [N, classes]}. */
    @Override
    protected Tensor compute(Tensor images) {
        return head.forward(encoder.forward(images)).logSoftmax(1);
    }

    /**
     * Adam over the head at {@code lr} and, in full mode, over the encoder at {@code lr * encoderLrScale} (a
     * smaller rate keeps the pretrained features from being destroyed early).
     */
    public Optimizer optimizer(double lr, double encoderLrScale) {
        Optimizer opt = Adam.builder().lr(lr).build(head.parameters());
        if (mode == FineTuneMode.FULL) {
            opt.addParamGroup(List.copyOf(encoder.parameters()), lr * encoderLrScale, 0);
        }
        return opt;
    }

    @Override
    protected String extraRepr() {
        return "mode=" + mode;
    }
}
