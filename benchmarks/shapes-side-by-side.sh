#!/usr/bin/env bash
# The model GEMM shapes (GemmShapesBenchmark) in Latent and in OpenBLAS (benchmarks/openblas/sgemm.py, numpy on
# Debian's libopenblas0-pthread) side by side, interleaved: for each pass and shape, JMH measures Latent on 1 and 2
# threads and OpenBLAS runs the same shape right after, so both libraries see the same state of the host. (Passes
# run library after library moved every ratio by 5-20% when the host's speed changed in between.)
#
#   mvn -q -Pquick -DskipTests package -pl benchmarks -am     # builds benchmarks/target/benchmarks.jar
#   benchmarks/shapes-side-by-side.sh                         # every shape, 2 passes (about 25 minutes)
#   SHAPES="DCGAN_D_OUT MLP_784_512" PASSES=1 benchmarks/shapes-side-by-side.sh
#
# The table printed at the end has, per shape and thread count and pass, Latent's GFLOPS per JMH fork, OpenBLAS's
# median GFLOPS and the ratio of Latent's mean to it, and the mean ratio over the passes. Raw output goes to $OUT
# (default benchmarks/target/shapes-side-by-side/).
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
PASSES=${PASSES:-2}
FORKS=${FORKS:-2}
OUT=${OUT:-benchmarks/target/shapes-side-by-side}

[[ -f "$JAR" ]] || { echo "shapes-side-by-side: $JAR not found; build it first (see the header)" >&2; exit 1; }
# NAME MxNxK for every shape, from the enum itself
declare -A DIMS
while read -r name dims; do DIMS[$name]=$dims; done < <(sed -nE \
  's/^ *([A-Z0-9_]+)\(([0-9]+), ([0-9]+), ([0-9]+)\)[,;]?$/\1 \2x\3x\4/p' \
  benchmarks/src/main/java/dev/latent/benchmarks/GemmShape.java)
SHAPES=${SHAPES:-$(sed -nE 's/^ *([A-Z0-9_]+)\([0-9]+, [0-9]+, [0-9]+\)[,;]?$/\1/p' \
  benchmarks/src/main/java/dev/latent/benchmarks/GemmShape.java | paste -sd' ')}
for s in $SHAPES; do
  [[ -n "${DIMS[$s]:-}" ]] || { echo "shapes-side-by-side: no shape $s in GemmShape.java" >&2; exit 1; }
done
mkdir -p "$OUT"
rm -f "$OUT"/*-latent.txt "$OUT"/*-openblas.csv

for pass in $(seq 1 "$PASSES"); do
  for s in $SHAPES; do
    echo "pass $pass: $s (${DIMS[$s]})" >&2
    "$JAVA" -jar "$JAR" GemmShapesBenchmark -p shape="$s" -p threads=1,2 -wi 4 -w 1 -i 3 -r 1 -f "$FORKS" \
      -jvmArgsPrepend "--add-modules=jdk.incubator.vector" > "$OUT/$pass-$s-latent.txt" 2>/dev/null
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" benchmarks/openblas/sgemm.py --seconds 1.5 \
      --sizes "${DIMS[$s]}" > "$OUT/$pass-$s-openblas.csv"
  done
done

"$PYTHON" benchmarks/openblas/compare_shapes.py "$OUT"
