#!/usr/bin/env bash
# Training (and conv AE inference) throughput of Latent and PyTorch side by side, in one run, on the same shapes,
# optimizers and step structure: benchmarks/pytorch/throughput.py mirrors dev.latent.benchmarks.Throughput.
#
#   mvn -q -Pquick -DskipTests package -pl benchmarks -am     # builds benchmarks/target/benchmarks.jar
#   benchmarks/side-by-side.sh                                # all models, batch 64 and 256, threads 1 and 2
#   MODELS="conv-ae mlp-gan" BATCHES=256 THREADS=2 REPEATS=3 benchmarks/side-by-side.sh
#
# Each configuration runs REPEATS times (alternating Latent and PyTorch) and the table shows the median of the
# runs' median images/s. PyTorch gets the best of its thread settings: torch/OpenBLAS threads 1/1 for one
# thread; 2/1 and 1/2 for two (both pools at 2 oversubscribes 2 cores). Latent runs with -Xmx1g (the issue's heap
# budget). Raw JSON lines go to $OUT (default benchmarks/target/side-by-side.jsonl). TORCH_CORETYPE=SkylakeX gives
# PyTorch's OpenBLAS calls (transposed convolutions, Linear) the AVX-512 kernels that autodetection misses on this
# CPU (throughput.py --coretype); unset, OpenBLAS autodetects, as the issue prescribes.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
MODELS=${MODELS:-"conv-ae vae dcgan mlp-gan"}
BATCHES=${BATCHES:-"64 256"}
THREADS=${THREADS:-"1 2"}
REPEATS=${REPEATS:-1}
INFER=${INFER:-1}
OUT=${OUT:-benchmarks/target/side-by-side.jsonl}
JVM_FLAGS=${JVM_FLAGS:-"-Xmx1g"}
LATENT_WARMUP_SECONDS=${LATENT_WARMUP_SECONDS:-6}
TORCH_CORETYPE=${TORCH_CORETYPE:-}

[[ -f "$JAR" ]] || { echo "side-by-side: $JAR not found; build it first (see the header)" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
: > "$OUT"

# Steps and warm-up per model: enough for the JIT to settle (a few seconds of warm-up: C2 compiles the vector
# kernels only after thousands of calls, and at 40 warm-up steps conv AE inference was still half as fast as in
# steady state), few enough for the slow models to finish. The MLP GAN's GEMM epilogue and packing were still
# being recompiled after uncommon traps 6-7 s into a run (-XX:+PrintCompilation), running meanwhile as the Vector
# API's Java fallback: with 20 warm-up steps it allocated 0.5-2.9 MB per step, with 200 steps 0.27. The VAE on
# 2 threads had its last such recompilation 4.7 s in, after 8 warm-up steps (about 2.5 s), so it gets 16.
# Latent also warms up for at least LATENT_WARMUP_SECONDS (default 6): a step count lasts 0.5 s for the DCGAN at
# batch 64, while its one-row and one-column products, called a few times per step, reach C2 4.5-4.8 s into a run;
# with 12 steps alone it timed them as the Java fallback (11.7 MB allocated per step, 1,126 images/s; 0.8 MB and
# 1,446 images/s after 60 steps).
steps() {
  case "$1" in
    conv-ae-infer) echo "200 400" ;;
    conv-ae) echo "60 120" ;;
    mlp-gan) echo "30 200" ;;
    vae) echo "10 16" ;;
    dcgan) echo "8 12" ;;
  esac
}

latent() { # model batch threads [--infer]
  local s w
  read -r s w < <(steps "$1${4:+-infer}")
  # shellcheck disable=SC2086
  "$JAVA" $JVM_FLAGS --add-modules jdk.incubator.vector -cp "$JAR" dev.latent.benchmarks.Throughput \
    --model "$1" --batch "$2" --threads "$3" --steps "$s" --warmup "$w" --warmup-seconds "$LATENT_WARMUP_SECONDS" \
    ${4:-} 2>/dev/null | tail -1 >> "$OUT"
}

pytorch() { # model batch torch-threads blas-threads [--infer]
  local s w
  read -r s w < <(steps "$1${5:+-infer}")
  "$PYTHON" benchmarks/pytorch/throughput.py --model "$1" --batch "$2" --threads "$3" --blas-threads "$4" \
    --steps "$((s * 2))" --warmup "$w" ${TORCH_CORETYPE:+--coretype "$TORCH_CORETYPE"} ${5:-} 2>/dev/null \
    | tail -1 >> "$OUT"
}

run() { # model batch threads [--infer]
  latent "$1" "$2" "$3" ${4:-}
  if [[ "$3" == 1 ]]; then
    pytorch "$1" "$2" 1 1 ${4:-}
  else
    pytorch "$1" "$2" 2 1 ${4:-}
    pytorch "$1" "$2" 1 2 ${4:-}
  fi
}

echo "side-by-side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$("$JAVA" -version 2>&1 | head -1), JVM flags: $JVM_FLAGS, PyTorch's OpenBLAS: ${TORCH_CORETYPE:-autodetected}" >&2
for ((r = 1; r <= REPEATS; r++)); do
  for m in $MODELS; do
    for b in $BATCHES; do
      for t in $THREADS; do
        echo "  run $r/$REPEATS: $m batch $b threads $t" >&2
        run "$m" "$b" "$t"
      done
    done
  done
  if [[ "$INFER" == 1 ]]; then
    for b in $BATCHES; do
      for t in $THREADS; do
        echo "  run $r/$REPEATS: conv-ae inference batch $b threads $t" >&2
        run conv-ae "$b" "$t" --infer
      done
    done
  fi
done
echo "side-by-side: done, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$PYTHON" - "$OUT" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
configs = {}
for r in rows:
    key = (r["model"], r["mode"], r["batch"], r["threads"] if r["framework"] == "latent"
           else max(r["threads"], r["blas_threads"]))
    c = configs.setdefault(key, {"latent": [], "torch": {}})
    if r["framework"] == "latent":
        c["latent"].append(r)
    else:
        c["torch"].setdefault("%d/%d" % (r["threads"], r["blas_threads"]), []).append(r["images_per_s"])
print("| model | mode | batch | threads | Latent img/s | PyTorch img/s (torch/BLAS threads) | Latent / PyTorch"
      " | Latent MB alloc/step | Latent GC % | Latent peak heap MB |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
order = {"conv-ae": 0, "vae": 1, "dcgan": 2, "mlp-gan": 3}
for key in sorted(configs, key=lambda k: (k[1] != "train", order.get(k[0], 9), k[2], k[3])):
    c = configs[key]
    if not c["latent"]:
        continue
    lat = statistics.median(r["images_per_s"] for r in c["latent"])
    alloc = statistics.median(r["alloc_mb_per_step"] for r in c["latent"])
    gc = statistics.median(r["gc_fraction"] for r in c["latent"]) * 100
    peak = max(r["peak_heap_mb"] for r in c["latent"])
    best = max(((statistics.median(v), s) for s, v in c["torch"].items()), default=None)
    torch = "%.0f (%s)" % best if best else "-"
    ratio = "%.2f" % (lat / best[0]) if best else "-"
    print("| %s | %s | %d | %d | %.0f | %s | %s | %.1f | %.1f | %.0f |"
          % (key[0], key[1], key[2], key[3], lat, torch, ratio, alloc, gc, peak))
EOF
