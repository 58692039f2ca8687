package dev.latent.examples;

import dev.latent.kernels.VectorSupport;
import dev.latent.tensor.Generator;
import dev.latent.tensor.GradMode;
import dev.latent.tensor.Tensor;

/**
 * The example launcher. Until the models land it runs a small autodiff demo: it fits a two-layer network to a
 * noisy sine curve with plain gradient descent and prints the loss going down.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("Latent autodiff demo, kernels: " + VectorSupport.describe());
        Generator gen = new Generator(1);
        Tensor x = Tensor.linspace(-3, 3, 256).reshape(256, 1);
        float[] sine = new float[256];
        for (int i = 0; i < sine.length; i++) {
            sine[i] = (float) Math.sin(x.get(i, 0));
        }
        Tensor y = Tensor.wrap(sine, 256, 1).add(Tensor.randn(gen, 256, 1).mul(0.05f));
        Tensor w1 = Tensor.randn(gen, 1, 32).mul(0.8f).setRequiresGrad(true);
        Tensor b1 = Tensor.zeros(32).setRequiresGrad(true);
        Tensor w2 = Tensor.randn(gen, 32, 1).mul(0.2f).setRequiresGrad(true);
        Tensor b2 = Tensor.zeros(1).setRequiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        float lr = 0.05f;
        for (int step = 0; step <= 2000; step++) {
            Tensor pred = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
            Tensor loss = pred.sub(y).pow(2f).mean();
            loss.backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : params) {
                    p.addInPlace(p.grad(), -lr);
                    p.clearGrad();
                }
            }
            if (step % 250 == 0) {
                System.out.printf("step %4d  mse %.5f%n", step, loss.item());
            }
        }
    }
}
