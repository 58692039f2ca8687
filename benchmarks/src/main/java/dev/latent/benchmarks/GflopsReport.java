package dev.latent.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a JMH CSV result file ({@code -rf csv -rff FILE}) of the GEMM benchmarks into a Markdown table of GFLOPS:
 * one operation is {@code 2 n^3} flops for a {@code size} parameter, or the {@link GemmShape}'s flops for a
 * {@code shape} parameter. Usage: {@code java -cp benchmarks.jar dev.latent.benchmarks.GflopsReport FILE}.
 */
public final class GflopsReport {
    private GflopsReport() {
    }

    /** Prints the table for the CSV file named by the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GflopsReport <jmh-results.csv>");
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(table(lines));
    }

    /** The Markdown table for the lines of a JMH CSV file. */
    static String table(List<String> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("empty JMH result file");
        }
        List<String> header = parse(lines.get(0));
        int bench = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = header.indexOf("Unit");
        int size = header.indexOf("Param: size");
        int shape = header.indexOf("Param: shape");
        int threads = header.indexOf("Param: threads");
        if (bench < 0 || score < 0 || unit < 0) {
            throw new IllegalArgumentException("not a JMH CSV result file: " + lines.get(0));
        }
        StringBuilder out = new StringBuilder("| benchmark | problem | threads | ops/s | GFLOPS |\n|---|---|---:|---:|---:|\n");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> row = parse(line);
            if (!row.get(unit).equals("ops/s")) {
                throw new IllegalArgumentException("expected throughput in ops/s, got " + row.get(unit));
            }
            String problem;
            double flops;
            if (shape >= 0 && !row.get(shape).isEmpty()) {
                GemmShape s = GemmShape.valueOf(row.get(shape));
                problem = s + " (" + s.m + "x" + s.n + "x" + s.k + ")";
                flops = s.flops();
            } else if (size >= 0 && !row.get(size).isEmpty()) {
                double n = Double.parseDouble(row.get(size));
                problem = row.get(size);
                flops = 2 * n * n * n;
            } else {
                continue;
            }
            double ops = number(row.get(score));
            double err = error >= 0 ? number(row.get(error)) : Double.NaN;
            String name = row.get(bench);
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            String gflops = String.format(Locale.ROOT, "%.1f", ops * flops / 1e9)
                    + (Double.isNaN(err) ? "" : String.format(Locale.ROOT, " ± %.1f", err * flops / 1e9));
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %s |%n", name, problem,
                    threads >= 0 ? row.get(threads) : "", ops, gflops));
        }
        return out.toString();
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(',', '.'));
    }

    /** One CSV line: comma-separated, fields optionally in double quotes. */
    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        fields.add(f.toString());
        return fields;
    }
}
