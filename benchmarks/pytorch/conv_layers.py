#!/usr/bin/python3
"""Times the convolution layers of the reference models in PyTorch, for comparison with Latent's ConvBenchmark.

Same layers, shapes and batches as dev.latent.benchmarks.ConvLayer / ConvBenchmark: forward = conv2d or
conv_transpose2d with bias under no_grad; backward = aten::convolution_backward computing the input, weight and
bias gradients (what the autograd node runs, without the graph bookkeeping).

Each thread setting runs in its own process, because OpenBLAS fixes its pool size when it loads:
  torch threads / OpenBLAS threads = 1/1, 2/1, 2/2 (see ../shared reference: PyTorch's convolutions run on oneDNN
  and use torch's OpenMP threads; transposed convolutions go through ATen's im2col/col2im + OpenBLAS).
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset so that OpenBLAS picks its AVX-512 kernels (its fastest here);
where OpenBLAS does not recognise the CPU it falls back to generic SSE3 kernels, and --coretype SkylakeX forces
AVX-512 (see ../openblas/sgemm.py).

Usage: /usr/bin/python3 benchmarks/pytorch/conv_layers.py [--repeats 30] [--settings 1/1,2/1,2/2] > torch.csv
Output: CSV lines layer,batch,setting,pass,median_ms,p10_ms,p90_ms

  --compare JMH[,JMH2...] TORCH.csv[,TORCH2.csv...] prints a Markdown table of Latent (JMH ConvBenchmark: a `-rf csv`
  file gives JMH's mean, a JMH text log the median of the measured iterations) against PyTorch per layer, batch and thread count: the median over the given runs of each, and for
  PyTorch at n threads the best torch setting n/x of those measured.
"""
import csv
import statistics
import argparse
import os
import subprocess
import sys
import time

# name: (transposed, in, out, kernel, stride, padding, output_padding, input size)
LAYERS = {
    "AE_CONV1": (False, 1, 8, 3, 2, 1, 0, 28),
    "AE_CONV2": (False, 8, 16, 3, 2, 1, 0, 14),
    "AE_CONV3": (False, 16, 32, 3, 2, 0, 0, 7),
    "AE_CONVT1": (True, 32, 16, 3, 2, 0, 0, 3),
    "AE_CONVT2": (True, 16, 8, 3, 2, 1, 1, 7),
    "AE_CONVT3": (True, 8, 1, 3, 2, 1, 1, 14),
    "VAE_CONV1": (False, 1, 64, 4, 2, 1, 0, 28),
    "VAE_CONV2": (False, 64, 128, 4, 2, 1, 0, 14),
    "VAE_CONVT1": (True, 128, 64, 4, 2, 1, 0, 7),
    "VAE_CONVT2": (True, 64, 1, 4, 2, 1, 0, 14),
}
BATCHES = (64, 256)


def quantile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def time_ms(fn, repeats, min_warmup_s=0.5):
    start = time.perf_counter()
    while time.perf_counter() - start < min_warmup_s:
        fn()
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1e3)
    samples.sort()
    return quantile(samples, 0.5), quantile(samples, 0.1), quantile(samples, 0.9)


def worker(setting, repeats, layers):
    import torch
    import torch.nn.functional as F
    torch_threads = int(setting.split("/")[0])
    torch.set_num_threads(torch_threads)
    torch.manual_seed(0)
    for name in layers:
        transposed, cin, cout, k, s, p, op, size = LAYERS[name]
        for batch in BATCHES:
            x = torch.randn(batch, cin, size, size)
            w = torch.randn(cin, cout, k, k) if transposed else torch.randn(cout, cin, k, k)
            b = torch.randn(cout)
            with torch.no_grad():
                if transposed:
                    y = F.conv_transpose2d(x, w, b, stride=s, padding=p, output_padding=op)
                else:
                    y = F.conv2d(x, w, b, stride=s, padding=p)
            dy = torch.randn_like(y)

            def forward():
                with torch.no_grad():
                    if transposed:
                        F.conv_transpose2d(x, w, b, stride=s, padding=p, output_padding=op)
                    else:
                        F.conv2d(x, w, b, stride=s, padding=p)

            def backward():
                torch.ops.aten.convolution_backward(dy, x, w, [cout], [s, s], [p, p], [1, 1], transposed,
                                                    [op, op], 1, [True, True, True])

            for pass_name, fn in (("forward", forward), ("backward", backward)):
                med, p10, p90 = time_ms(fn, repeats)
                print(f"{name},{batch},{setting},{pass_name},{med:.4f},{p10:.4f},{p90:.4f}", flush=True)


def read_jmh_log(path, latent):
    """Adds the median of the measured iterations of each benchmark in a JMH text log (robust to the outlier
    iterations of a loaded machine, which JMH's mean is not)."""
    import re
    key, samples = None, []

    def flush():
        if key and samples:
            latent.setdefault(key, []).append(statistics.median(samples))

    method = None
    with open(path) as fh:
        for line in fh:
            m = re.match(r"# Benchmark: .*\.(\w+)$", line.strip())
            if m:
                method = m.group(1)
                continue
            m = re.match(r"# Parameters: \(batch = (\d+), layer = (\w+), threads = (\d+)\)", line)
            if m:
                flush()
                key, samples = (m.group(2), int(m.group(1)), int(m.group(3)), method), []
                continue
            m = re.match(r"Iteration\s+\d+: ([\d.]+) ms/op", line)
            if m:
                samples.append(float(m.group(1)))
    flush()


def compare(jmh_files, torch_files):
    latent = {}
    for f in jmh_files:
        if not f.endswith(".csv"):
            read_jmh_log(f, latent)
            continue
        with open(f, newline="") as fh:
            for row in csv.DictReader(fh):
                if row["Unit"] != "ms/op":
                    sys.exit(f"{f}: expected ms/op (ConvBenchmark), got {row['Unit']}")
                key = (row["Param: layer"], int(row["Param: batch"]), int(row["Param: threads"]),
                       row["Benchmark"].rsplit(".", 1)[1])
                latent.setdefault(key, []).append(float(row["Score"]))
    torch = {}
    for f in torch_files:
        with open(f, newline="") as fh:
            for row in csv.DictReader(fh):
                key = (row["layer"], int(row["batch"]), row["setting"], row["pass"])
                torch.setdefault(key, []).append(float(row["median_ms"]))
    med = lambda xs: statistics.median(xs) if xs else None
    settings = sorted({k[2] for k in torch})
    print("| layer | batch | threads | Latent fwd ms | Latent bwd ms | PyTorch fwd ms | PyTorch bwd ms | torch setting"
          " | Latent / PyTorch (fwd+bwd) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name in LAYERS:
        for batch in BATCHES:
            for threads in (1, 2):
                lf = med(latent.get((name, batch, threads, "forward"), []))
                lb = med(latent.get((name, batch, threads, "backward"), []))
                best = None
                for st in settings:
                    if int(st.split("/")[0]) != threads:
                        continue
                    tf = med(torch.get((name, batch, st, "forward"), []))
                    tb = med(torch.get((name, batch, st, "backward"), []))
                    if tf is not None and tb is not None and (best is None or tf + tb < best[0] + best[1]):
                        best = (tf, tb, st)
                if lf is None or lb is None or best is None:
                    continue
                ratio = (lf + lb) / (best[0] + best[1])
                print(f"| {name} | {batch} | {threads} | {lf:.3f} | {lb:.3f} | {best[0]:.3f} | {best[1]:.3f} | {best[2]}"
                      f" | {ratio:.2f} |")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2].split(","), sys.argv[3].split(","))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=30, help="timed calls per layer, batch and pass")
    parser.add_argument("--settings", default="1/1,2/1,2/2", help="torch threads/OpenBLAS threads, comma-separated")
    parser.add_argument("--layers", default=",".join(LAYERS), help="comma-separated layer names")
    parser.add_argument("--coretype", help="OPENBLAS_CORETYPE to force, e.g. SkylakeX")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    layers = [n for n in args.layers.split(",") if n]
    for n in layers:
        if n not in LAYERS:
            sys.exit(f"unknown layer {n}; known: {', '.join(LAYERS)}")
    if args.worker:
        worker(args.worker, args.repeats, layers)
        return
    print("layer,batch,setting,pass,median_ms,p10_ms,p90_ms", flush=True)
    for setting in args.settings.split(","):
        torch_threads, blas_threads = setting.split("/")
        env = dict(os.environ)
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
        if args.coretype:
            env["OPENBLAS_CORETYPE"] = args.coretype
        env["OMP_NUM_THREADS"] = torch_threads
        env["OPENBLAS_NUM_THREADS"] = blas_threads
        subprocess.run([sys.executable, __file__, "--worker", setting, "--repeats", str(args.repeats),
                        "--layers", ",".join(layers)], env=env, check=True)


if __name__ == "__main__":
    main()
