#!/usr/bin/env bash
# Each model shape: Latent (JMH, 1 and 2 threads, 2 forks) then OpenBLAS on the same shape right after, so both
# libraries see the same machine state; the whole list twice.
cd /work/main
R=benchmarks/results/reference-2026-11-27d
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAR=${JAR:-/tmp/r/bench-7c88694.jar}
declare -A DIM=([AE_CONV1]=50176x8x9 [AE_CONV2]=12544x16x72 [AE_CONV3]=2304x32x144 [AE_LINEAR]=256x64x288
 [VAE_CONV1]=50176x64x16 [VAE_CONV2]=12544x128x1024 [VAE_CONV2_B64]=3136x128x1024 [VAE_CONV2_WGRAD]=1024x128x12544
 [VAE_CONV2_DGRAD]=12544x1024x128 [VAE_CONVT2]=50176x16x64 [VAE_ENC_LINEAR]=256x32x6272 [VAE_HEAD_WGRAD]=16x6272x256
 [DCGAN_D_OUT]=256x1x6272 [DCGAN_D_OUT_WGRAD]=1x6272x256 [GAN_G_LINEAR]=256x6272x100 [MLP_784_512]=256x512x784
 [MLP_256_512]=256x512x256 [MLP_512_784]=256x784x512)
ORDER="AE_CONV1 AE_CONV2 AE_CONV3 AE_LINEAR VAE_CONV1 VAE_CONV2 VAE_CONV2_B64 VAE_CONV2_WGRAD VAE_CONV2_DGRAD VAE_CONVT2 VAE_ENC_LINEAR VAE_HEAD_WGRAD DCGAN_D_OUT DCGAN_D_OUT_WGRAD GAN_G_LINEAR MLP_784_512 MLP_256_512 MLP_512_784"
for pass in ${PASSES:-1 2}; do
  echo "pass $pass start $(date -u +%H:%M:%S)" >> $R/interleaved-times.txt
  for s in $ORDER; do
    $J -jar $JAR GemmShapesBenchmark -p shape=$s -p threads=1,2 -wi 4 -w 1 -i 3 -r 1 -f 2 > $R/interleaved-$pass-$s-latent.txt 2>&1
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 benchmarks/openblas/sgemm.py --seconds 1.5 --sizes ${DIM[$s]} > $R/interleaved-$pass-$s-openblas.csv 2>&1
  done
  echo "pass $pass end $(date -u +%H:%M:%S)" >> $R/interleaved-times.txt
done
echo done >> $R/interleaved-times.txt
