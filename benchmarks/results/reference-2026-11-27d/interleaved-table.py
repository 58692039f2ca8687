import sys, re, csv, glob, os
R = sys.argv[1]
order = "AE_CONV1 AE_CONV2 AE_CONV3 AE_LINEAR VAE_CONV1 VAE_CONV2 VAE_CONV2_B64 VAE_CONV2_WGRAD VAE_CONV2_DGRAD VAE_CONVT2 VAE_ENC_LINEAR VAE_HEAD_WGRAD DCGAN_D_OUT DCGAN_D_OUT_WGRAD GAN_G_LINEAR MLP_784_512 MLP_256_512 MLP_512_784".split()
dims = {}
def latent(path):
    forks = {}; cur = None
    for line in open(path):
        m = re.match(r'# Parameters: \(shape = (\w+), threads = (\d)\)', line)
        if m: cur = int(m.group(2)); forks.setdefault(cur, [])
        if line.startswith('# Warmup Iteration   1') and cur: forks[cur].append([])
        m = re.match(r'Iteration\s+\d+: ([\d.]+) ops/s', line)
        if m and cur: forks[cur][-1].append(float(m.group(1)))
    return {t: [sum(x)/len(x) for x in v if x] for t, v in forks.items()}
passes = sorted({int(os.path.basename(p).split('-')[1]) for p in glob.glob(f'{R}/interleaved-*-latent.txt')})
wins = {(p, t): 0 for p in passes for t in (1, 2)}; n = {p: 0 for p in passes}
allwin = {1: 0, 2: 0}
print('| shape | M x N x K | threads | ' + ' | '.join(f'pass {p}: Latent (forks) / OpenBLAS, ratio' for p in passes) + ' | both passes |')
print('|---|---|---:|' + '---|' * len(passes) + '---:|')
for s in order:
    res = {}
    for p in passes:
        lf = f'{R}/interleaved-{p}-{s}-latent.txt'; of = f'{R}/interleaved-{p}-{s}-openblas.csv'
        if not (os.path.exists(lf) and os.path.exists(of)): continue
        rows = list(csv.DictReader(open(of)))
        if not rows: continue
        size = rows[0]['size']; M, N, K = map(int, size.split('x')); f = 2.0 * M * N * K / 1e9
        ob = {int(r['threads']): float(r['median_gflops']) for r in rows}
        la = latent(lf)
        res[p] = (size, {t: ([v * f for v in la.get(t, [])], ob.get(t)) for t in (1, 2)})
        n[p] += 1
    if not res: continue
    size = next(iter(res.values()))[0]
    for t in (1, 2):
        cells = []; ratios = []
        for p in passes:
            if p not in res: cells.append(''); continue
            lv, o = res[p][1][t]
            if not lv or o is None: cells.append(''); continue
            mean = sum(lv) / len(lv); r = mean / o; ratios.append(r)
            wins[(p, t)] += r >= 1.0
            cells.append(f"{' / '.join(f'{v:.0f}' for v in lv)} / {o:.1f}, {r:.2f}")
        both = sum(ratios) / len(ratios) if ratios else 0
        allwin[t] += both >= 1.0 and len(ratios) == len(passes)
        print(f"| {s} | {size.replace('x', ' x ')} | {t} | " + ' | '.join(cells) + f" | {both:.2f} |")
print({f'pass {p} {t}T': f'{wins[(p, t)]} of {n[p]}' for p in passes for t in (1, 2)}, 'mean of passes >= 1:', allwin)
