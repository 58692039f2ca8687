package dev.latent.benchmarks.throughput;

import dev.latent.kernels.Parallel;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Buffer reuse must not change results: seeded training with and without reuse ends at bitwise-equal weights. */
class BufferReuseTest {
    private static final int STEPS = 3;

    @AfterEach
    void restore() {
        Workspace.setReuse(true);
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv-ae", "vae", "dcgan", "mlp-gan"})
    void trainingWithAndWithoutReuseGivesTheSameWeights(String model) {
        Parallel.setThreads(2);
        List<float[]> initial = snapshot(Steps.create(model, 8, 16, false).parameters());
        List<float[]> reused = train(model, true);
        List<float[]> fresh = train(model, false);
        assertEquals(fresh.size(), reused.size());
        for (int i = 0; i < fresh.size(); i++) {
            assertArrayEquals(fresh.get(i), reused.get(i), model + " parameter " + i + " differs");
        }
        boolean moved = false;
        for (int i = 0; i < fresh.size(); i++) {
            moved |= !Arrays.equals(initial.get(i), fresh.get(i));
        }
        assertTrue(moved, model + ": training did not change any weight, so the comparison proves nothing");
    }

    private static List<float[]> train(String model, boolean reuse) {
        Workspace.setReuse(reuse);
        ModelStep step = Steps.create(model, 8, 16, false);
        for (int i = 0; i < STEPS; i++) {
            step.run();
        }
        return snapshot(step.parameters());
    }

    private static List<float[]> snapshot(List<Tensor> params) {
        List<float[]> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(p.toArray());
        }
        return out;
    }
}
