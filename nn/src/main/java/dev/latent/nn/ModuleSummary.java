package dev.latent.nn;

import dev.latent.tensor.GradMode;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table of a model's modules with their output shapes and parameter counts, like {@code torchinfo.summary};
 * {@link #toString()} prints it. Made by {@link Module#summary(int...)}.
 *
 * <pre>
 * ================================================================================
 * Layer (type)                          Output Shape              Param #
 * ================================================================================
 * Sequential                            [64, 10]                  --
 *   0 (Linear)                          [64, 128]                 100,480
 *   1 (ReLU)                            [64, 128]                 --
 *   2 (Linear)                          [64, 10]                  1,290
 * ================================================================================
 * Total params: 101,770
 * Trainable params: 101,770
 * Non-trainable params: 0
 * Params size (MB): 0.41
 * ================================================================================
 * </pre>
 */
public final class ModuleSummary {
    /**
     * One module.
     *
     * @param name        dotted name within the model ({@code ""} for the model itself)
     * @param type        the module's type name
     * @param depth       0 for the model, 1 for its children, ...
     * @param outputShape the shape of its output in the summary's forward pass, or null if it did not run
     * @param parameters  elements of the module's own parameters (not its children's)
     */
    public record Row(String name, String type, int depth, Shape outputShape, long parameters) {
    }

    private static final int WIDTH = 80;
    private final List<Row> rows;
    private final Shape inputShape;
    private final long total;
    private final long trainable;

    private ModuleSummary(List<Row> rows, Shape inputShape, long total, long trainable) {
        this.rows = List.copyOf(rows);
        this.inputShape = inputShape;
        this.total = total;
        this.trainable = trainable;
    }

    static ModuleSummary of(Module root, Tensor input) {
        Map<String, Module> modules = root.namedModules();
        ForwardRecorder recorder = null;
        if (input != null) {
            Map<Module, Boolean> modes = new IdentityHashMap<>();
            for (Module m : modules.values()) {
                modes.put(m, m.isTraining());
            }
            root.eval();
            try (var scope = GradMode.noGrad(); var rec = ForwardRecorder.start()) {
                recorder = rec;
                root.forward(input);
            } finally {
                modes.forEach(Module::setTrainingFlag);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (var e : modules.entrySet()) {
            String name = e.getKey();
            int depth = name.isEmpty() ? 0 : name.split("\\.").length;
            Shape shape = recorder == null ? null : recorder.shapeOf(e.getValue());
            rows.add(new Row(name, e.getValue().typeName(), depth, shape, e.getValue().ownParameterCount()));
        }
        return new ModuleSummary(rows, input == null ? null : input.shape(), root.parameterCount(),
                root.trainableParameterCount());
    }

    /** The modules, the model first, then its descendants depth first. */
    public List<Row> rows() {
        return rows;
    }

    /** The input shape of the forward pass, or null if the summary ran none. */
    public Shape inputShape() {
        return inputShape;
    }

    /** Parameter elements in the model (shared tensors counted once). */
    public long totalParameters() {
        return total;
    }

    /** Parameter elements that require grad. */
    public long trainableParameters() {
        return trainable;
    }

    /** Parameter elements that are frozen. */
    public long nonTrainableParameters() {
        return total - trainable;
    }

    /** The table. */
    @Override
    public String toString() {
        String rule = "=".repeat(WIDTH);
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "%-38s%-26s%s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule).append('\n');
        for (Row r : rows) {
            String label = r.depth() == 0 ? r.type() : "  ".repeat(r.depth()) + lastPart(r.name()) + " (" + r.type()
                    + ")";
            String shape = r.outputShape() == null ? "--" : r.outputShape().toString();
            String params = r.parameters() == 0 ? "--" : String.format(Locale.ROOT, "%,d", r.parameters());
            sb.append(String.format(Locale.ROOT, "%-38s%-26s%s%n", label, shape, params));
        }
        sb.append(rule).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        if (inputShape != null) {
            sb.append("Input shape: ").append(inputShape).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "Params size (MB): %.2f%n", total * 4 / 1e6));
        sb.append(rule).append('\n');
        return sb.toString();
    }

    private static String lastPart(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
