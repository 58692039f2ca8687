package dev.latent.tensor;

/** The graph node of a leaf tensor that requires grad: backward adds the incoming gradient to the leaf's grad. */
final class AccumulateGrad extends Function {
    private final Tensor leaf;

    AccumulateGrad(Tensor leaf) {
        this.leaf = leaf;
    }

    @Override
    protected Tensor forward(Tensor... inputs) {
        throw new IllegalStateException("AccumulateGrad is created by the engine and never applied");
    }

    @Override
    protected Tensor[] backward(Tensor gradOutput) {
        leaf.accumulateGrad(gradOutput);
        return new Tensor[0];
    }

    @Override
    Tensor[] runBackward(Tensor gradOutput) {
        if (!gradOutput.shape().equals(leaf.shape())) {
            throw new IllegalStateException("gradient of shape " + gradOutput.shape() + " for a leaf of shape "
                    + leaf.shape());
        }
        leaf.accumulateGrad(gradOutput);
        return new Tensor[0];
    }

    @Override
    Function[] next() {
        return NONE;
    }

    @Override
    void release() {
        // A leaf's accumulator is reused by every graph the leaf takes part in.
    }

    @Override
    boolean isReleased() {
        return false;
    }

    private static final Function[] NONE = new Function[0];
}
