package dev.latent.tensor;

/** Printing and tolerance comparison of tensors. */
final class TensorFormat {
    private static final int SUMMARIZE_ABOVE = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        appendDim(sb, t, 0, t.offset(), summarize, 7);
        sb.append(", shape=").append(t.shape());
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn().name());
        } else if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, Tensor t, int d, int at, boolean summarize, int indent) {
        if (d == t.dim()) {
            sb.append(formatValue(t.data()[at]));
            return;
        }
        int size = t.size(d);
        int stride = t.stride(d);
        sb.append('[');
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append("...");
                i = size - EDGE_ITEMS - 1;
                sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
                continue;
            }
            appendDim(sb, t, d + 1, at + i * stride, summarize, indent);
            if (i < size - 1) {
                sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
            }
        }
        sb.append(']');
    }

    private static String formatValue(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v) + ".";
        }
        float a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            return String.format(java.util.Locale.ROOT, "%.4f", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4e", v);
    }

    static String firstMismatch(Tensor a, Tensor b, float rtol, float atol) {
        if (!a.shape().equals(b.shape())) {
            return "shapes differ: " + a.shape() + " vs " + b.shape();
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        int[] dims = a.shape().toArray();
        for (int i = 0; i < x.length; i++) {
            float d = Math.abs(x[i] - y[i]);
            if (!(d <= atol + rtol * Math.abs(y[i])) && !(x[i] == y[i])) {
                return "at index " + java.util.Arrays.toString(unravel(i, dims)) + ": " + x[i] + " vs " + y[i]
                        + " (|diff| " + d + " > " + (atol + rtol * Math.abs(y[i])) + ")";
            }
        }
        return null;
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = flat % dims[d];
            flat /= dims[d];
        }
        return idx;
    }
}
