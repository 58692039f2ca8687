#!/usr/bin/env bash
# The convolution layers of the reference models in Latent (JMH ConvBenchmark) and PyTorch
# (benchmarks/pytorch/conv_layers.py) side by side, interleaved: for each round and layer, PyTorch times the layer
# and Latent right after, so both libraries see the same phases of the host (whose speed changes over minutes:
# passes run library after library differed by up to 2x for the same code).
#
#   mvn -q -Pquick -DskipTests package -pl benchmarks -am     # builds benchmarks/target/benchmarks.jar
#   benchmarks/conv-side-by-side.sh                           # every layer, batch 64 and 256, threads 1 and 2
#   LAYERS="AE_CONV2 VAE_CONV2" BATCHES=256 ROUNDS=3 benchmarks/conv-side-by-side.sh
#
# The table printed at the end has, per layer, batch and thread count, the median over the rounds of each
# library's time (Latent: median of JMH's measured iterations; PyTorch: median of its timed calls, best of its
# torch/OpenBLAS thread settings). Raw output goes to $OUT (default benchmarks/target/conv-side-by-side/).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
LAYERS=${LAYERS:-"AE_CONV1 AE_CONV2 AE_CONV3 AE_CONVT1 AE_CONVT2 AE_CONVT3 VAE_CONV1 VAE_CONV2 VAE_CONVT1 VAE_CONVT2"}
BATCHES=${BATCHES:-"64 256"}
THREADS=${THREADS:-"1 2"}
ROUNDS=${ROUNDS:-2}
REPEATS=${REPEATS:-15}
OUT=${OUT:-benchmarks/target/conv-side-by-side}

[[ -f "$JAR" ]] || { echo "conv-side-by-side: $JAR not found; build it first (see the header)" >&2; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/latent-*.log "$OUT"/torch-*.csv

settings=""
for t in $THREADS; do settings="$settings${settings:+,}$t/1"; done
csv() { echo "$*" | tr ' ' ','; }

for round in $(seq 1 "$ROUNDS"); do
  for layer in $LAYERS; do
    echo "round $round: $layer" >&2
    "$PYTHON" benchmarks/pytorch/conv_layers.py --repeats "$REPEATS" --settings "$settings" --layers "$layer" \
      --coretype SkylakeX > "$OUT/torch-$round-$layer.csv"
    "$JAVA" -jar "$JAR" ConvBenchmark -p layer="$layer" -p batch="$(csv $BATCHES)" -p threads="$(csv $THREADS)" \
      -wi 3 -i 5 -w 1 -r 1 -f 1 -jvmArgsPrepend "--add-modules=jdk.incubator.vector" \
      > "$OUT/latent-$round-$layer.log" 2>/dev/null
  done
done

latent=$(ls "$OUT"/latent-*.log | paste -sd,)
torch=$(ls "$OUT"/torch-*.csv | paste -sd,)
"$PYTHON" benchmarks/pytorch/conv_layers.py --compare "$latent" "$torch"
