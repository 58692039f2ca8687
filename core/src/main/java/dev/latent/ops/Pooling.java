package dev.latent.ops;

import dev.latent.kernels.ConvGeometry;
import dev.latent.kernels.PoolGeometry;
import dev.latent.kernels.PoolKernels;
import dev.latent.kernels.Workspace;
import dev.latent.tensor.Function;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

/**
 * 2-D max and average pooling and nearest-neighbour upsampling on {@code [N, C, H, W]} (or {@code [C, H, W]})
 * tensors of any strides, with PyTorch's defaults ({@code ceil_mode=False}, {@code count_include_pad=True}) and
 * output sizes. All are differentiable.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * Max pooling, as {@code torch.nn.functional.max_pool2d} with dilation 1 and {@code ceil_mode=False}: padding
     * is at most half the kernel and padded cells never win the max. The gradient flows to the first maximum of
     * each window.
     */
    public static Tensor maxPool2d(Tensor input, int kernelH, int kernelW, int strideH, int strideW, int padH,
                                   int padW) {
        PoolGeometry g = poolGeometry("max_pool2d", input, kernelH, kernelW, strideH, strideW, padH, padW);
        Shape outShape = outShape(input, g.outH(), g.outW());
        return new Function() {
            private int[] argmax;

            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0].contiguous();
                float[] y = Workspace.result(outShape.numel());
                argmax = new int[y.length];
                PoolKernels.maxForward(g, x.data(), x.offset(), y, 0, argmax);
                return Tensor.wrap(y, outShape);
            }

            @Override
            protected Tensor[] backward(Tensor grad) {
                Tensor dy = grad.contiguous();
                float[] dx = Workspace.result(input.numel());
                PoolKernels.maxBackward(g, dy.data(), dy.offset(), argmax, dx, 0);
                return new Tensor[] {Tensor.wrap(dx, input.shape())};
            }

            @Override
            public String name() {
                return "MaxPool2dBackward";
            }
        }.apply(input);
    }

    /**
     * Average pooling, as {@code torch.nn.functional.avg_pool2d} with {@code ceil_mode=False} and
     * {@code count_include_pad=True}: every window is divided by {@code kernelH * kernelW}.
     */
    public static Tensor avgPool2d(Tensor input, int kernelH, int kernelW, int strideH, int strideW, int padH,
                                   int padW) {
        PoolGeometry g = poolGeometry("avg_pool2d", input, kernelH, kernelW, strideH, strideW, padH, padW);
        Shape outShape = outShape(input, g.outH(), g.outW());
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0].contiguous();
                float[] y = Workspace.result(outShape.numel());
                PoolKernels.avgForward(g, x.data(), x.offset(), y, 0);
                return Tensor.wrap(y, outShape);
            }

            @Override
            protected Tensor[] backward(Tensor grad) {
                Tensor dy = grad.contiguous();
                float[] dx = Workspace.result(input.numel());
                PoolKernels.avgBackward(g, dy.data(), dy.offset(), dx, 0);
                return new Tensor[] {Tensor.wrap(dx, input.shape())};
            }

            @Override
            public String name() {
                return "AvgPool2dBackward";
            }
        }.apply(input);
    }

    /**
     * Nearest-neighbour upsampling by integer factors, as {@code torch.nn.functional.interpolate(mode="nearest",
     * scale_factor=(scaleH, scaleW))}: output {@code (oh, ow)} copies input {@code (oh / scaleH, ow / scaleW)}.
     */
    public static Tensor upsampleNearest2d(Tensor input, int scaleH, int scaleW) {
        String op = "upsample_nearest2d";
        checkRank(op, input);
        if (scaleH < 1 || scaleW < 1) {
            throw new IllegalArgumentException(op + ": scale factors must be at least 1, got (" + scaleH + ", "
                    + scaleW + ") for input " + input.shape());
        }
        int h = input.size(-2);
        int w = input.size(-1);
        if ((long) input.numel() * scaleH * scaleW > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": output of input " + input.shape() + " scaled by (" + scaleH
                    + ", " + scaleW + ") is too large");
        }
        int planes = planes(input);
        Shape outShape = outShape(input, h * scaleH, w * scaleW);
        return new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                Tensor x = in[0].contiguous();
                float[] y = Workspace.result(outShape.numel());
                PoolKernels.upsampleNearestForward(planes, h, w, scaleH, scaleW, x.data(), x.offset(), y, 0);
                return Tensor.wrap(y, outShape);
            }

            @Override
            protected Tensor[] backward(Tensor grad) {
                Tensor dy = grad.contiguous();
                float[] dx = Workspace.result(input.numel());
                PoolKernels.upsampleNearestBackward(planes, h, w, scaleH, scaleW, dy.data(), dy.offset(), dx, 0);
                return new Tensor[] {Tensor.wrap(dx, input.shape())};
            }

            @Override
            public String name() {
                return "UpsampleNearest2dBackward";
            }
        }.apply(input);
    }

    private static PoolGeometry poolGeometry(String op, Tensor input, int kernelH, int kernelW, int strideH,
                                             int strideW, int padH, int padW) {
        checkRank(op, input);
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException(op + ": kernel (" + kernelH + ", " + kernelW + ") and stride ("
                    + strideH + ", " + strideW + ") must be positive and padding (" + padH + ", " + padW
                    + ") non-negative, for input " + input.shape());
        }
        if (padH > kernelH / 2 || padW > kernelW / 2) {
            throw new IllegalArgumentException(op + ": padding (" + padH + ", " + padW + ") should be at most half"
                    + " of the kernel size (" + kernelH + ", " + kernelW + ")");
        }
        int h = input.size(-2);
        int w = input.size(-1);
        int ho = ConvGeometry.convOutputSize(h, kernelH, strideH, padH, 1);
        int wo = ConvGeometry.convOutputSize(w, kernelW, strideW, padW, 1);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(op + ": input " + input.shape() + " padded by (" + padH + ", " + padW
                    + ") is smaller than the kernel (" + kernelH + ", " + kernelW + "): output size would be " + ho
                    + "x" + wo);
        }
        return new PoolGeometry(planes(input), h, w, ho, wo, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    private static void checkRank(String op, Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(op + ": input must not be null");
        }
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException(op + ": expects a 3-D [C, H, W] or 4-D [N, C, H, W] input, got "
                    + input.shape());
        }
        if (input.numel() == 0) {
            throw new IllegalArgumentException(op + ": empty input " + input.shape());
        }
    }

    private static int planes(Tensor input) {
        return input.numel() / (input.size(-2) * input.size(-1));
    }

    private static Shape outShape(Tensor input, int h, int w) {
        return input.shape().with(input.dim() - 2, h).with(input.dim() - 1, w);
    }
}
