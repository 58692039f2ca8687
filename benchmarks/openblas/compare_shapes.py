#!/usr/bin/python3
"""Table of benchmarks/shapes-side-by-side.sh's output: per shape, thread count and pass, Latent's GFLOPS per JMH
fork, OpenBLAS's median GFLOPS, the ratio of Latent's mean to it, and the mean ratio over the passes; then how many
shapes are at or above OpenBLAS per pass and thread count.

Usage: /usr/bin/python3 benchmarks/openblas/compare_shapes.py DIR
DIR holds <pass>-<shape>-latent.txt (JMH GemmShapesBenchmark output, one shape, threads 1 and 2) and
<pass>-<shape>-openblas.csv (sgemm.py output for that shape).
"""
import csv
import glob
import os
import re
import sys


def latent_forks(path):
    """{threads: [mean ops/s of each fork's measured iterations]} from a JMH log."""
    forks, threads = {}, None
    for line in open(path):
        m = re.match(r'# Parameters: \(shape = \w+, threads = (\d+)\)', line)
        if m:
            threads = int(m.group(1))
            forks.setdefault(threads, [])
        if line.startswith('# Warmup Iteration   1') and threads:
            forks[threads].append([])
        m = re.match(r'Iteration\s+\d+: ([\d.]+) ops/s', line)
        if m and threads:
            forks[threads][-1].append(float(m.group(1)))
    return {t: [sum(f) / len(f) for f in fs if f] for t, fs in forks.items()}


def shape_order():
    """The shape names in GemmShape.java's order, or [] if the file is not where the repository keeps it."""
    enum = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'main', 'java', 'dev', 'latent',
                        'benchmarks', 'GemmShape.java')
    if not os.path.exists(enum):
        return []
    return re.findall(r'^\s*([A-Z0-9_]+)\(\d+, \d+, \d+\)[,;]?$', open(enum).read(), re.M)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = sys.argv[1]
    runs = {}  # (shape) -> {pass: (dims, {threads: (latent gflops per fork, openblas gflops)})}
    order = []
    for path in sorted(glob.glob(os.path.join(out, '*-latent.txt'))):
        name = os.path.basename(path)[:-len('-latent.txt')]
        pass_no, shape = name.split('-', 1)
        ob_path = os.path.join(out, f'{name}-openblas.csv')
        if not os.path.exists(ob_path):
            continue
        rows = list(csv.DictReader(open(ob_path)))
        if not rows:
            continue
        dims = rows[0]['size']
        m, n, k = map(int, dims.split('x'))
        gflop = 2.0 * m * n * k / 1e9
        ob = {int(r['threads']): float(r['median_gflops']) for r in rows}
        la = latent_forks(path)
        if shape not in runs:
            runs[shape] = {}
            order.append(shape)
        runs[shape][int(pass_no)] = (dims, {t: ([v * gflop for v in la.get(t, [])], ob.get(t)) for t in (1, 2)})
    # rows in the enum's order (file times do not survive a clone)
    enum_order = shape_order()
    order.sort(key=lambda s: (enum_order.index(s) if s in enum_order else len(enum_order), s))
    passes = sorted({p for r in runs.values() for p in r})
    if not passes:
        raise SystemExit(f'compare_shapes: no results in {out}')
    print('| shape | M x N x K | threads | '
          + ' | '.join(f'pass {p}: Latent (forks) / OpenBLAS, ratio' for p in passes) + ' | mean ratio |')
    print('|---|---|---:|' + '---|' * len(passes) + '---:|')
    at_or_above = {(p, t): 0 for p in passes for t in (1, 2)}
    for shape in order:
        dims = next(iter(runs[shape].values()))[0]
        for t in (1, 2):
            cells, ratios = [], []
            for p in passes:
                if p not in runs[shape]:
                    cells.append('')
                    continue
                forks, ob = runs[shape][p][1][t]
                if not forks or not ob:
                    cells.append('')
                    continue
                ratio = sum(forks) / len(forks) / ob
                ratios.append(ratio)
                at_or_above[(p, t)] += ratio >= 1.0
                cells.append(f"{' / '.join(f'{v:.0f}' for v in forks)} / {ob:.1f}, {ratio:.2f}")
            mean = f'{sum(ratios) / len(ratios):.2f}' if ratios else ''
            print(f"| {shape} | {dims.replace('x', ' x ')} | {t} | " + ' | '.join(cells) + f' | {mean} |')
    print()
    for p in passes:
        print(f'pass {p}: ' + ', '.join(f'{at_or_above[(p, t)]} of {len(runs)} at or above OpenBLAS on {t} thread'
                                        + ('s' if t > 1 else '') for t in (1, 2)))


if __name__ == '__main__':
    main()
