#!/usr/bin/env python3
"""PyTorch side of the training-throughput comparison: the same models, shapes, optimizers and step structure as
dev.latent.benchmarks.Throughput. Run with Debian's python3-torch (/usr/bin/python3). The last line is JSON.

  /usr/bin/python3 benchmarks/pytorch/throughput.py --model conv-ae --batch 256 --threads 2 [--blas-threads 1]
      [--steps 50] [--warmup 10] [--infer]

OPENBLAS_NUM_THREADS must be set before torch loads, so --blas-threads re-executes the script with it set. The
re-executed script runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, as the issue prescribes, unless
--coretype names the kernels to force: on this machine's CPU, which OpenBLAS 0.3.21 does not recognise,
autodetection picks its generic SSE3 ('Prescott') kernels, which PyTorch's transposed convolutions and Linear
layers use; --coretype SkylakeX gives them the AVX-512 kernels.
"""
import argparse
import json
import os
import statistics
import sys
import time


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=["conv-ae", "vae", "dcgan", "mlp-gan"])
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--threads", type=int, default=1, help="torch (OpenMP) threads")
    p.add_argument("--blas-threads", type=int, default=1, help="OpenBLAS threads")
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--latent-dim", type=int, default=16)
    p.add_argument("--infer", action="store_true", help="forward only (conv AE inference)")
    p.add_argument("--coretype", help="OPENBLAS_CORETYPE to force, e.g. SkylakeX (default: autodetect)")
    return p.parse_args()


def main():
    args = parse()
    if (os.environ.get("OPENBLAS_NUM_THREADS") != str(args.blas_threads)
            or os.environ.get("OPENBLAS_CORETYPE") != args.coretype or "OPENBLAS_L2_SIZE" in os.environ):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.blas_threads))
        # This machine kind forces OpenBLAS's AVX2 kernels; unset so it autodetects (see shared reference).
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
        if args.coretype:
            env["OPENBLAS_CORETYPE"] = args.coretype
        os.execve(sys.executable, [sys.executable] + sys.argv, env)

    import torch
    from torch import nn
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import models

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    b = args.batch
    x = torch.rand(b, 1, 28, 28)

    if args.model == "conv-ae":
        model = models.ConvAutoencoder(args.latent_dim)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)

        def step():
            if args.infer:
                with torch.no_grad():
                    model(x)
                return
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), x)
            loss.backward()
            opt.step()
    elif args.model == "vae":
        model = models.ConvVAE(args.latent_dim)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)

        def step():
            opt.zero_grad()
            recon, mu, logvar = model(x)
            loss = models.vae_loss(recon, x, mu, logvar)
            loss.backward()
            opt.step()
    else:
        g, d = models.dcgan() if args.model == "dcgan" else models.mlp_gan()
        opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
        real = x * 2 - 1
        if args.model == "mlp-gan":
            real = real.reshape(b, 784)
        ones = torch.ones(b, 1)
        zeros = torch.zeros(b, 1)
        bce = nn.functional.binary_cross_entropy_with_logits

        def step():
            # one discriminator step, then one non-saturating generator step
            z = torch.randn(b, 100)
            fake = g(z)
            opt_d.zero_grad()
            loss_d = bce(d(real), ones) + bce(d(fake.detach()), zeros)
            loss_d.backward()
            opt_d.step()
            opt_g.zero_grad()
            d.requires_grad_(False)  # the G step needs gradients through D's input, not D's weights
            loss_g = bce(d(fake), ones)
            loss_g.backward()
            d.requires_grad_(True)
            opt_g.step()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    times.sort()
    median = statistics.median(times)
    p10 = times[int(0.1 * (len(times) - 1))]
    p90 = times[int(0.9 * (len(times) - 1))]
    print(json.dumps({
        "framework": "pytorch " + torch.__version__,
        "model": args.model, "batch": b, "threads": args.threads, "blas_threads": args.blas_threads,
        "mode": "inference" if args.infer else "train",
        "steps": args.steps, "median_ms": round(median * 1e3, 3),
        "p10_ms": round(p10 * 1e3, 3), "p90_ms": round(p90 * 1e3, 3),
        "images_per_s": round(b / median, 1),
        "openblas_coretype": args.coretype or "autodetect",
    }))


if __name__ == "__main__":
    main()
