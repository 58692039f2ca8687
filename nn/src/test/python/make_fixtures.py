#!/usr/bin/python3
"""Generates the PyTorch reference fixtures for Latent's nn tests, and checks files written by Latent.

Run with the system Python that has PyTorch 1.13 (Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/make_fixtures.py

It writes safetensors files into nn/src/test/resources/fixtures/ (with its own small safetensors writer, since
torch 1.13 has no safetensors module) and then loads java_model.safetensors, which Latent's writer produced (see
InteropTest), into the same PyTorch model and checks its output against the output Latent recorded. The Java tests
read only the generated files; they never need Python.

Every case stores its inputs, the module's full state dict (loaded strictly on the Java side, which also checks
that parameter names match PyTorch's), the output, an upstream gradient and the gradients of
sum(output * grad_output) with respect to the input and every parameter.
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.float64: "F64"}
NUMPY_DTYPES = {"F32": torch.float32, "I64": torch.int64, "F64": torch.float64}


# ---------------------------------------------------------------------------------------------- safetensors

def save(name, tensors, metadata=None):
    """Writes tensors (an ordered dict of name -> tensor) as a safetensors file, atomically."""
    header = {}
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for key, t in tensors.items():
        t = t.detach().contiguous().cpu()
        data = t.numpy().tobytes()  # little-endian: checked at start-up
        header[key] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)
    print("wrote %s (%d tensors, %d bytes)" % (name, len(tensors), 8 + len(h) + offset))


def load(path):
    """Reads a safetensors file into (dict of name -> (tensor, dtype name), metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = raw[8 + n:]
    out = {}
    for key, info in header.items():
        begin, end = info["data_offsets"]
        dtype = NUMPY_DTYPES[info["dtype"]]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(info["shape"]) if end > begin \
            else torch.zeros(info["shape"], dtype=dtype)
        out[key] = (t.clone(), info["dtype"])
    return out, meta


# ---------------------------------------------------------------------------------------------- layers

def layer_case(out, meta, name, module, inputs, mode="train", input_grad=True, second_input=None):
    """Records state, output and gradients of `module` on `inputs[0]` under `name.`."""
    module.train(mode == "train")
    for k, v in module.state_dict().items():
        out["%s.state.%s" % (name, k)] = v.clone()
    x = inputs.clone().requires_grad_(input_grad)
    y = module(x)
    g = torch.randn(y.shape, generator=GEN)
    (y * g).sum().backward()
    out[name + ".input"] = inputs
    out[name + ".output"] = y.detach()
    out[name + ".grad_output"] = g
    if input_grad:
        out[name + ".grad.input"] = x.grad
    for k, p in module.named_parameters():
        out["%s.grad.%s" % (name, k)] = p.grad
    if second_input is not None:
        out[name + ".input2"] = second_input
        module(second_input)
    for k, v in module.named_buffers():
        out["%s.after.%s" % (name, k)] = v.clone()
    meta[name + ".mode"] = mode


def randn(*shape):
    return torch.randn(*shape, generator=GEN)


def trained_batch_norm(bn, batches):
    """Gives a BatchNorm layer running statistics, a batch count and affine parameters away from the defaults."""
    c = bn.num_features
    with torch.no_grad():
        bn.running_mean.copy_(randn(c))
        bn.running_var.copy_(torch.rand(c, generator=GEN) + 0.5)
        bn.num_batches_tracked.fill_(batches)
        bn.weight.copy_(randn(c))
        bn.bias.copy_(randn(c))
    return bn


def layers():
    out, meta = {}, {}
    torch.manual_seed(1)
    layer_case(out, meta, "linear", nn.Linear(5, 3), randn(4, 5))
    layer_case(out, meta, "linear_nobias", nn.Linear(5, 3, bias=False), randn(4, 5))
    layer_case(out, meta, "linear_3d", nn.Linear(5, 3), randn(2, 4, 5))
    layer_case(out, meta, "bn1d_train", nn.BatchNorm1d(4), randn(6, 4) * 2 + 1)
    layer_case(out, meta, "bn1d_3d_train", nn.BatchNorm1d(4), randn(3, 4, 5) * 3 - 1)
    bn = nn.BatchNorm1d(4, eps=1e-3, momentum=0.3)
    with torch.no_grad():
        bn.weight.copy_(randn(4))
        bn.bias.copy_(randn(4))
    layer_case(out, meta, "bn1d_custom_train", bn, randn(5, 4))
    layer_case(out, meta, "bn1d_eval", trained_batch_norm(nn.BatchNorm1d(4), 7), randn(6, 4), mode="eval")
    layer_case(out, meta, "bn1d_cma_train", nn.BatchNorm1d(3, momentum=None), randn(4, 3),
               second_input=randn(4, 3) + 2)
    layer_case(out, meta, "bn2d_train", nn.BatchNorm2d(3), randn(2, 3, 4, 5) * 2 + 0.5)
    layer_case(out, meta, "bn2d_eval", trained_batch_norm(nn.BatchNorm2d(3), 11), randn(2, 3, 4, 5), mode="eval")
    layer_case(out, meta, "bn2d_plain_train", nn.BatchNorm2d(3, affine=False, track_running_stats=False),
               randn(2, 3, 3, 3))
    layer_case(out, meta, "bn2d_plain_eval", nn.BatchNorm2d(3, affine=False, track_running_stats=False),
               randn(2, 3, 3, 3), mode="eval")
    layer_case(out, meta, "relu", nn.ReLU(), randn(3, 7))
    layer_case(out, meta, "leaky_relu", nn.LeakyReLU(0.2), randn(3, 7))
    layer_case(out, meta, "sigmoid", nn.Sigmoid(), randn(3, 7) * 3)
    layer_case(out, meta, "tanh", nn.Tanh(), randn(3, 7) * 2)
    layer_case(out, meta, "softplus", nn.Softplus(), randn(3, 7) * 5)
    layer_case(out, meta, "softplus_beta", nn.Softplus(beta=2, threshold=5), randn(3, 7) * 3)
    layer_case(out, meta, "flatten", nn.Flatten(), randn(2, 3, 4, 5))
    layer_case(out, meta, "unflatten", nn.Unflatten(1, (3, 4)), randn(2, 12, 5))
    layer_case(out, meta, "dropout_eval", nn.Dropout(0.5), randn(4, 6), mode="eval")
    layer_case(out, meta, "embedding", nn.Embedding(10, 4), torch.tensor([[1, 3, 3], [9, 0, 1]]).float(),
               input_grad=False)
    save("layers.safetensors", out, meta)


def embedding_forward_patch():
    # nn.Embedding needs integer indices; the fixture stores them as floats (as Latent's tensors hold them).
    original = nn.Embedding.forward

    def forward(self, x):
        return original(self, x.long() if x.is_floating_point() else x)

    nn.Embedding.forward = forward


def conv_layers():
    out, meta = {}, {}
    torch.manual_seed(2)
    layer_case(out, meta, "conv_basic", nn.Conv2d(3, 4, 3, stride=1, padding=1), randn(2, 3, 7, 6))
    layer_case(out, meta, "conv_stride", nn.Conv2d(2, 5, (3, 2), stride=(2, 1), padding=(1, 0)), randn(2, 2, 8, 5))
    layer_case(out, meta, "conv_dilation_groups", nn.Conv2d(4, 6, 3, padding=2, dilation=2, groups=2),
               randn(2, 4, 7, 7))
    layer_case(out, meta, "conv_nobias", nn.Conv2d(1, 8, 3, stride=2, padding=1, bias=False), randn(2, 1, 9, 9))
    layer_case(out, meta, "convt_basic", nn.ConvTranspose2d(4, 3, 3, stride=2), randn(2, 4, 3, 3))
    layer_case(out, meta, "convt_output_padding",
               nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), randn(2, 3, 4, 4))
    layer_case(out, meta, "convt_k4", nn.ConvTranspose2d(4, 2, 4, stride=2, padding=1), randn(2, 4, 3, 3))
    layer_case(out, meta, "convt_groups",
               nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2), randn(2, 4, 3, 3))
    layer_case(out, meta, "maxpool", nn.MaxPool2d(2), randn(2, 3, 6, 6))
    layer_case(out, meta, "maxpool_stride_pad", nn.MaxPool2d(3, stride=2, padding=1), randn(2, 2, 7, 7))
    layer_case(out, meta, "avgpool", nn.AvgPool2d(2), randn(2, 3, 6, 6))
    layer_case(out, meta, "avgpool_stride_pad", nn.AvgPool2d(3, stride=2, padding=1), randn(2, 2, 7, 7))
    layer_case(out, meta, "upsample", nn.Upsample(scale_factor=2, mode="nearest"), randn(2, 3, 3, 4))
    layer_case(out, meta, "upsample_2x3", nn.Upsample(scale_factor=(2, 3), mode="nearest"), randn(1, 2, 2, 3))
    save("conv_layers.safetensors", out, meta)


# ---------------------------------------------------------------------------------------------- losses

def loss_case(out, name, fn, inputs, diff):
    """`inputs` is an ordered dict; `diff` names the inputs whose gradients are recorded."""
    for reduction in ("none", "mean", "sum"):
        xs = {k: v.clone().requires_grad_(k in diff) for k, v in inputs.items()}
        y = fn(reduction=reduction, **xs)
        key = "%s.%s" % (name, reduction)
        if y.dim() > 0:
            g = torch.randn(y.shape, generator=GEN)
            out[key + ".grad_output"] = g
            (y * g).sum().backward()
        else:
            y.backward()
        out[key + ".output"] = y.detach()
        for k in diff:
            out["%s.grad.%s" % (key, k)] = xs[k].grad
    for k, v in inputs.items():
        out["%s.%s" % (name, k)] = v


def losses():
    out = {}
    torch.manual_seed(3)
    x = randn(4, 5)
    y = randn(4, 5)
    loss_case(out, "mse", lambda reduction, input, target: F.mse_loss(input, target, reduction=reduction),
              {"input": x, "target": y}, ["input", "target"])
    y_ties = y.clone()
    y_ties[0, :2] = x[0, :2]  # |x - y| has a kink at 0: PyTorch's gradient there is 0
    loss_case(out, "l1", lambda reduction, input, target: F.l1_loss(input, target, reduction=reduction),
              {"input": x, "target": y_ties}, ["input", "target"])
    p = torch.rand(4, 5, generator=GEN) * 0.98 + 0.01
    t = torch.rand(4, 5, generator=GEN)
    loss_case(out, "bce", lambda reduction, input, target: F.binary_cross_entropy(input, target, reduction=reduction),
              {"input": p, "target": t}, ["input", "target"])
    p_edge = torch.tensor([[0.0, 1.0, 1e-30, 1 - 1e-7, 0.5], [0.0, 1.0, 0.3, 0.7, 1e-4]])
    t_edge = torch.tensor([[0.0, 1.0, 0.0, 1.0, 0.5], [1.0, 0.0, 0.2, 0.9, 1.0]])
    loss_case(out, "bce_edges",
              lambda reduction, input, target: F.binary_cross_entropy(input, target, reduction=reduction),
              {"input": p_edge, "target": t_edge}, ["input"])
    logits = randn(4, 5) * 4
    logits[0, 0], logits[0, 1], logits[1, 0] = 100.0, -100.0, 30.0
    loss_case(out, "bce_logits",
              lambda reduction, input, target: F.binary_cross_entropy_with_logits(input, target, reduction=reduction),
              {"input": logits, "target": t}, ["input", "target"])
    lp = F.log_softmax(randn(6, 4), dim=1)
    labels = torch.tensor([0, 3, 1, 1, 2, 3]).float()
    loss_case(out, "nll", lambda reduction, input, target: F.nll_loss(input, target.long(), reduction=reduction),
              {"input": lp, "target": labels}, ["input"])
    lp3 = F.log_softmax(randn(2, 3, 4), dim=1)
    labels3 = torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]]).float()
    loss_case(out, "nll_3d", lambda reduction, input, target: F.nll_loss(input, target.long(), reduction=reduction),
              {"input": lp3, "target": labels3}, ["input"])
    z = randn(6, 4) * 2
    loss_case(out, "cross_entropy",
              lambda reduction, input, target: F.cross_entropy(input, target.long(), reduction=reduction),
              {"input": z, "target": labels}, ["input"])
    loss_case(out, "cross_entropy_smooth",
              lambda reduction, input, target: F.cross_entropy(input, target.long(), reduction=reduction,
                                                               label_smoothing=0.1),
              {"input": z, "target": labels}, ["input"])
    probs = F.softmax(randn(6, 4), dim=1)
    loss_case(out, "cross_entropy_probs",
              lambda reduction, input, target: F.cross_entropy(input, target, reduction=reduction,
                                                               label_smoothing=0.2),
              {"input": z, "target": probs}, ["input", "target"])

    def kl(reduction, mu, logvar):
        per_sample = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
        return {"none": per_sample, "mean": per_sample.mean(), "sum": per_sample.sum()}[reduction]

    loss_case(out, "gaussian_kl", kl, {"mu": randn(5, 3), "logvar": randn(5, 3) * 0.5}, ["mu", "logvar"])
    var = torch.rand(4, 5, generator=GEN) + 0.1
    var[0, 0] = 1e-8  # below eps: clamped, gradient still flows
    loss_case(out, "gaussian_nll",
              lambda reduction, input, target, var: F.gaussian_nll_loss(input, target, var, reduction=reduction),
              {"input": x, "target": y, "var": var}, ["input", "target", "var"])
    loss_case(out, "gaussian_nll_full_shared",
              lambda reduction, input, target, var: F.gaussian_nll_loss(input, target, var, full=True,
                                                                        reduction=reduction),
              {"input": x, "target": y, "var": torch.rand(4, generator=GEN) + 0.2}, ["input", "target", "var"])
    save("losses.safetensors", out)


# ---------------------------------------------------------------------------------------------- optimizers

OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1),
    "sgd_nesterov_wd": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.01),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.01),
    "adam_wd_amsgrad": lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1,
                                                   amsgrad=True),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01),
    "adamw_amsgrad": lambda ps: torch.optim.AdamW(ps, lr=0.02, weight_decay=0.1, amsgrad=True),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.01),
    "rmsprop_centered_momentum_wd": lambda ps: torch.optim.RMSprop(ps, lr=0.005, alpha=0.9, eps=1e-6,
                                                                   weight_decay=0.05, momentum=0.7, centered=True),
}

SCHEDULED = {
    "sgd_momentum+step": (lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9),
                          lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)),
    "adam+cosine": (lambda ps: torch.optim.Adam(ps, lr=0.01),
                    lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=0.001)),
    "rmsprop+exponential": (lambda ps: torch.optim.RMSprop(ps, lr=0.01),
                            lambda opt: torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.7)),
}


def regression_loss(w, b, x, y):
    return (torch.tanh(x @ w.t() + b) - y).pow(2).mean()


def optimizers():
    out = {}
    torch.manual_seed(4)
    w0, b0, x, y = randn(3, 4), randn(3), randn(5, 4), randn(5, 3)
    out.update({"w0": w0, "b0": b0, "x": x, "y": y})
    runs = {k: (v, None) for k, v in OPTIMIZERS.items()}
    runs.update(SCHEDULED)
    for name, (make_opt, make_sched) in runs.items():
        w = w0.clone().requires_grad_(True)
        b = b0.clone().requires_grad_(True)
        opt = make_opt([w, b])
        sched = make_sched(opt) if make_sched else None
        for step in range(1, 6):
            opt.zero_grad()
            regression_loss(w, b, x, y).backward()
            opt.step()
            if sched:
                sched.step()
            out["%s.step%d.w" % (name, step)] = w.detach().clone()
            out["%s.step%d.b" % (name, step)] = b.detach().clone()
        for idx, st in opt.state_dict()["state"].items():
            for k, v in st.items():
                if v is None:
                    continue
                v = torch.tensor(float(v)) if not torch.is_tensor(v) else v
                out["%s.state.%d.%s" % (name, idx, k)] = v.float().reshape(v.shape)
    save("optimizers.safetensors", out)


def schedulers():
    out = {}

    def record(name, make, steps, metrics=None):
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = []
        for i in range(steps):
            opt.step()
            if metrics is None:
                sched.step()
            else:
                sched.step(metrics[i])
            lrs.append(opt.param_groups[0]["lr"])
        out[name] = torch.tensor(lrs, dtype=torch.float64)
        if metrics is not None:
            out[name + ".metrics"] = torch.tensor(metrics, dtype=torch.float64)

    record("step", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10)
    record("exponential", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 10)
    record("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=4, eta_min=0.01), 13)
    plateau_metrics = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.7999, 0.7]
    record("plateau_min", lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
        o, factor=0.5, patience=2, cooldown=1, min_lr=0.02), len(plateau_metrics), plateau_metrics)
    acc = [0.5, 0.6, 0.6, 0.605, 0.61, 0.61, 0.7, 0.7, 0.7, 0.7]
    record("plateau_max_abs", lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
        o, mode="max", factor=0.1, patience=1, threshold=0.01, threshold_mode="abs"), len(acc), acc)
    save("schedulers.safetensors", out)


def clipping():
    out = {}
    torch.manual_seed(5)
    g1, g2 = randn(3, 4), randn(5)
    out["g1"], out["g2"] = g1, g2
    cases = [("norm2", 1.0, 2.0), ("norm2_large", 100.0, 2.0), ("norm_inf", 0.5, float("inf")), ("norm1", 2.0, 1.0)]
    for name, max_norm, norm_type in cases:
        a = torch.zeros(3, 4, requires_grad=True)
        b = torch.zeros(5, requires_grad=True)
        a.grad, b.grad = g1.clone(), g2.clone()
        total = torch.nn.utils.clip_grad_norm_([a, b], max_norm, norm_type)
        out[name + ".total"] = total.reshape(1)
        out[name + ".g1"], out[name + ".g2"] = a.grad, b.grad
    a = torch.zeros(3, 4, requires_grad=True)
    b = torch.zeros(5, requires_grad=True)
    a.grad, b.grad = g1.clone(), g2.clone()
    torch.nn.utils.clip_grad_value_([a, b], 0.3)
    out["value.g1"], out["value.g2"] = a.grad, b.grad
    save("clipping.safetensors", out)


# ---------------------------------------------------------------------------------------------- interop

class Net(nn.Module):
    """The interop model; InteropTest builds the same structure in Latent."""

    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU())
        self.head = nn.Linear(8, 3)

    def forward(self, x):
        return self.head(self.encoder(x))


def torch_model():
    torch.manual_seed(6)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    for _ in range(3):  # moves the BatchNorm statistics and num_batches_tracked away from their defaults
        opt.zero_grad()
        net(randn(10, 6)).pow(2).mean().backward()
        opt.step()
    net.eval()
    x = randn(4, 6)
    save("torch_model.safetensors", net.state_dict(), {"format": "pt", "written_by": "torch " + torch.__version__})
    save("torch_model_io.safetensors", {"input": x, "output": net(x).detach()})


def check_java_model():
    path = os.path.join(OUT, "java_model.safetensors")
    io_path = os.path.join(OUT, "java_model_io.safetensors")
    if not os.path.exists(path):
        print("java_model.safetensors not found: run InteropTest with -Dlatent.writeFixtures=true first")
        return False
    tensors, meta = load(path)
    io, _ = load(io_path)
    net = Net()
    expected = net.state_dict()
    assert list(tensors.keys()) == list(expected.keys()), "names differ: %s vs %s" % (list(tensors), list(expected))
    for k, (t, dtype) in tensors.items():
        want = DTYPES[expected[k].dtype]
        assert dtype == want, "%s: dtype %s, PyTorch expects %s" % (k, dtype, want)
        assert t.shape == expected[k].shape, "%s: shape %s vs %s" % (k, t.shape, expected[k].shape)
    net.load_state_dict({k: t for k, (t, _) in tensors.items()}, strict=True)
    net.eval()
    y = net(io["input"][0]).detach()
    java_y = io["output"][0]
    err = (y - java_y).abs().max().item()
    assert torch.allclose(y, java_y, rtol=1e-5, atol=1e-6), "outputs differ by %g" % err
    print("java_model.safetensors loads into PyTorch (strict, dtypes %s) and reproduces Latent's output"
          " (max abs difference %.3g); metadata %s" % (sorted({d for _, d in tensors.values()}), err, meta))
    return True


if __name__ == "__main__":
    assert sys.byteorder == "little", "the safetensors writer here assumes a little-endian machine"
    os.makedirs(OUT, exist_ok=True)
    GEN = torch.Generator().manual_seed(1234)
    embedding_forward_patch()
    if "--check-only" not in sys.argv:
        layers()
        conv_layers()
        losses()
        optimizers()
        schedulers()
        clipping()
        torch_model()
    sys.exit(0 if check_java_model() else 1)
