#!/usr/bin/python3
"""OpenBLAS sgemm reference for Latent's GemmBenchmark: square float32 C = A @ B through numpy (Debian's numpy on
libopenblas0-pthread), the same sizes and thread counts, GFLOPS = 2 n^3 / time. A size may also be a shape MxNxK
(C[M,N] = A[M,K] @ B[K,N], 2 M N K flops), for GemmShapesBenchmark's model shapes.

Each thread count runs in its own process with OPENBLAS_NUM_THREADS set before numpy loads. By default
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the environment, so OpenBLAS autodetects its AVX-512 kernels
(this machine kind sets them to force the AVX2 kernels; --keep-env keeps them). On a CPU that OpenBLAS 0.3.21 does
not recognise (a virtualised "Intel(R) Xeon(R) Processor" model) autodetection falls back to its generic 'Prescott'
SSE3 kernels (OPENBLAS_VERBOSE=2 prints the choice); --coretype SkylakeX (or Cooperlake) then forces AVX-512.

Usage: /usr/bin/python3 benchmarks/openblas/sgemm.py [--sizes 64,...,2048] [--threads 1,2] [--seconds 2] [--keep-env]
       /usr/bin/python3 benchmarks/openblas/sgemm.py --sizes 12544x16x72,2304x32x144 --coretype SkylakeX
Output: CSV lines size,threads,median_gflops,p10_gflops,p90_gflops,samples
"""
import argparse
import os
import subprocess
import sys
import time


def shape(size):
    """(M, N, K) of a size "n" (square) or "MxNxK"."""
    parts = [int(p) for p in size.split("x")]
    if len(parts) == 1:
        return parts[0], parts[0], parts[0]
    if len(parts) != 3:
        raise SystemExit(f"sgemm.py: size {size!r} is neither n nor MxNxK")
    return tuple(parts)


def worker(sizes, seconds):
    import numpy as np
    rng = np.random.default_rng(1)
    threads = os.environ["OPENBLAS_NUM_THREADS"]
    for size in sizes:
        m, n, k = shape(size)
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        c = np.empty((m, n), dtype=np.float32)
        end = time.perf_counter() + seconds / 2
        while time.perf_counter() < end:
            np.matmul(a, b, out=c)
        samples = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or len(samples) < 5:
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            samples.append(2.0 * m * n * k / (time.perf_counter() - t0) / 1e9)
        samples.sort()
        q = lambda f: samples[min(len(samples) - 1, int(f * len(samples)))]
        print(f"{size},{threads},{q(0.5):.1f},{q(0.1):.1f},{q(0.9):.1f},{len(samples)}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="64,128,256,512,1024,2048")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--seconds", type=float, default=2.0, help="measured seconds per size")
    p.add_argument("--keep-env", action="store_true", help="keep OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE")
    p.add_argument("--coretype", help="OPENBLAS_CORETYPE to force, e.g. SkylakeX")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    sizes = args.sizes.split(",")
    for size in sizes:
        shape(size)  # fail before starting workers
    if args.worker:
        worker(sizes, args.seconds)
        return
    print("size,threads,median_gflops,p10_gflops,p90_gflops,samples", flush=True)
    for t in args.threads.split(","):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=t)
        if not args.keep_env:
            env.pop("OPENBLAS_CORETYPE", None)
            env.pop("OPENBLAS_L2_SIZE", None)
        if args.coretype:
            env["OPENBLAS_CORETYPE"] = args.coretype
        subprocess.run([sys.executable, __file__, "--worker", "--sizes", args.sizes, "--seconds", str(args.seconds)],
                       env=env, check=True)


if __name__ == "__main__":
    main()
