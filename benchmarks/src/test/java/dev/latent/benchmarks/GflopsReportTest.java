package dev.latent.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GflopsReportTest {
    @Test
    void convertsOpsPerSecondToGflopsForSizesAndShapes() {
        String table = GflopsReport.table(List.of(
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\","
                        + "\"Param: shape\",\"Param: size\",\"Param: threads\"",
                "\"dev.latent.benchmarks.GemmBenchmark.latent\",\"thrpt\",1,8,100.0,2.0,\"ops/s\",,1024,2",
                "\"dev.latent.benchmarks.GemmShapesBenchmark.latent\",\"thrpt\",1,8,1000.0,NaN,\"ops/s\","
                        + "AE_CONV2,,1"));
        // 100 ops/s of 2 * 1024^3 flops
        assertTrue(table.contains("| GemmBenchmark.latent | 1024 | 2 | 100.0 | 214.7 ± 4.3 |"), table);
        // 1000 ops/s of 2 * 12544 * 16 * 72 flops
        assertTrue(table.contains("| GemmShapesBenchmark.latent | AE_CONV2 (12544x16x72) | 1 | 1000.0 | 28.9 |"),
                table);
    }

    @Test
    void parsesQuotedFields() {
        assertEquals(List.of("a,b", "c\"d", "", "e"), GflopsReport.parse("\"a,b\",\"c\"\"d\",,e"));
    }

    @Test
    void rejectsOtherFiles() {
        assertThrows(IllegalArgumentException.class, () -> GflopsReport.table(List.of("x,y")));
        assertThrows(IllegalArgumentException.class, () -> GflopsReport.table(List.of()));
    }
}
