package dev.latent.nn.io;

import dev.latent.io.AtomicFiles;
import dev.latent.nn.DType;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Generator;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static StateDict sample() {
        StateDict d = new StateDict();
        d.put("encoder.0.weight", Tensor.randn(new Generator(1), 3, 4));
        d.put("encoder.0.bias", Tensor.of(1, -2, 3.5f));
        d.put("bn.num_batches_tracked", Tensor.scalar(7), DType.I64);
        d.put("empty", Tensor.zeros(0, 3));
        d.put("transposed", Tensor.arange(6).reshape(2, 3).t());
        d.metadata().put("format", "pt");
        return d;
    }

    @Test
    void roundTripsNamesShapesDtypesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        StateDict d = sample();
        SafeTensors.save(file, d);
        StateDict back = SafeTensors.load(file);
        assertEquals(List.copyOf(d.names()), List.copyOf(back.names()));
        for (String n : d.names()) {
            assertEquals(d.get(n).shape(), back.get(n).shape(), n);
            assertArrayEquals(d.get(n).toArray(), back.get(n).toArray(), n);
            assertEquals(d.dtype(n), back.dtype(n), n);
        }
        assertEquals("pt", back.metadata().get("format"));
        assertEquals(Shape.of(), back.get("bn.num_batches_tracked").shape());
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(bytes, SafeTensors.toBytes(d), "save and toBytes write the same bytes");
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + headerLength) % 8, "data starts 8-byte aligned");
        var header = SafeTensors.readHeader(file);
        assertEquals(DType.I64, header.tensors().get("bn.num_batches_tracked").dtype());
        assertEquals(48, header.tensors().get("encoder.0.weight").end() - header.tensors().get("encoder.0.weight").begin());
    }

    @Test
    void everyDtypeConvertsBothWays() throws IOException {
        float[] values = {0, 1, -2, 3, 100, -100};
        for (DType t : DType.values()) {
            float[] v = t == DType.U8 || t == DType.BOOL ? new float[] {0, 1, 1, 0, 1, 1} : values;
            if (t == DType.U8) {
                v = new float[] {0, 1, 255, 3, 100, 7};
            }
            StateDict d = new StateDict().put("x", Tensor.of(v), t);
            StateDict back = SafeTensors.read(SafeTensors.toBytes(d), "mem");
            assertArrayEquals(v, back.get("x").toArray(), t.name());
        }
        StateDict halves = new StateDict().put("h", Tensor.of(0.1f, 65504f), DType.F16).put("b", Tensor.of(0.1f), DType.BF16);
        StateDict back = SafeTensors.read(SafeTensors.toBytes(halves), "mem");
        assertEquals(0.0999755859375f, back.get("h").toArray()[0]);
        assertEquals(65504f, back.get("h").toArray()[1]);
        assertEquals(0.10009765625f, back.get("b").toArray()[0]);
        var e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(new StateDict().put("n", Tensor.of(1.5f), DType.I64)));
        assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(new StateDict().put("u", Tensor.of(256f), DType.U8)));
    }

    @Test
    void failedWritesLeaveThePreviousFileIntact() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.save(file, sample());
        byte[] before = Files.readAllBytes(file);
        StateDict bad = new StateDict().put("a", Tensor.ones(3)).put("count", Tensor.of(0.5f), DType.I64);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.save(file, bad));
        assertThrows(IOException.class, () -> AtomicFiles.write(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    /** A file with the given header JSON and {@code dataBytes} zero bytes of data. */
    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static String rejected(byte[] bytes) {
        try {
            SafeTensors.read(bytes, "bad.safetensors");
        } catch (SafeTensorsException e) {
            assertTrue(e.getMessage().startsWith("bad.safetensors: "), e.getMessage());
            return e.getMessage();
        }
        return fail("accepted a bad file");
    }

    private static void assertRejected(byte[] bytes, String expected) {
        String message = rejected(bytes);
        assertTrue(message.contains(expected), () -> "'" + message + "' does not mention '" + expected + "'");
    }

    @Test
    void hostileHeadersAreRejectedWithoutAllocatingTheClaimedSize() {
        assertRejected(new byte[5], "too short");
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 62);
        assertRejected(huge.array(), "exceeds the limit");
        ByteBuffer negative = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8);
        assertRejected(negative.array(), "exceeds the limit");
        ByteBuffer beyond = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(50_000_000);
        assertRejected(beyond.array(), "truncated");
        byte[] badUtf8 = file("{\"a\":1}", 0);
        badUtf8[10] = (byte) 0xC3;
        assertRejected(badUtf8, "UTF-8");
        assertRejected(file("{\"a\": {\"dtype\": \"F32\", ", 0), "not valid JSON");
        assertRejected(file("[1, 2]", 0), "must be a JSON object");
        assertRejected(file("{\"x\": 5}", 0), "tensor 'x': expected an object");
        assertRejected(file("{\"x\": {\"dtype\": \"F8\", \"shape\": [1], \"data_offsets\": [0, 1]}}", 1), "unsupported dtype");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4), "non-negative");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4), "non-negative");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4), "needs 8");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}", 4), "invalid data_offsets");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", 4), "two integers");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4], \"extra\": 1}}", 4),
                "unknown field 'extra'");
        assertRejected(file("{\"__metadata__\": {\"k\": 1}}", 0), "must be a string");
        // Claims 4 * 10^15 bytes: rejected by arithmetic, never allocated.
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [1000000, 1000000, 1000], \"data_offsets\": [0, 4000000000000000000]}}", 8),
                "more than a Java array can hold");
        assertRejected(file("{\"x\": {\"dtype\": \"F32\", \"shape\": [100000000], \"data_offsets\": [0, 400000000]}}", 8),
                "truncated");
        assertRejected(file("{\"x\": {\"dtype\": \"I64\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 0]}}", 0),
                "too large");
        String deep = "{\"__metadata__\": " + "[".repeat(50) + "]".repeat(50) + "}";
        assertRejected(file(deep, 0), "deeper than the limit");
    }

    @Test
    void offsetsMustTileTheDataSectionExactly() {
        String a = "\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [%d, %d]}";
        String b = "\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [%d, %d]}";
        assertRejected(file("{" + String.format(a, 0, 8) + ", " + String.format(b, 4, 8) + "}", 8), "overlaps");
        assertRejected(file("{" + String.format(a, 0, 8) + ", " + String.format(b, 12, 16) + "}", 16),
                "belong to no tensor");
        assertRejected(file("{" + String.format(a, 0, 8) + ", " + String.format(b, 8, 12) + "}", 11), "truncated");
        assertRejected(file("{" + String.format(a, 0, 8) + ", " + String.format(b, 8, 12) + "}", 13),
                "cover only 12");
        // the same two tensors stored in reverse order are fine
        byte[] ok = file("{" + String.format(a, 4, 12) + ", " + String.format(b, 0, 4) + "}", 12);
        try {
            StateDict d = SafeTensors.read(ok, "ok");
            assertEquals(List.of("a", "b"), List.copyOf(d.names()));
        } catch (SafeTensorsException e) {
            fail(e);
        }
    }

    @Test
    void truncatedFilesAreRejectedAtEveryLength() throws IOException {
        byte[] valid = SafeTensors.toBytes(sample());
        for (int len = 0; len < valid.length; len++) {
            byte[] cut = Arrays.copyOf(valid, len);
            assertThrows(SafeTensorsException.class, () -> SafeTensors.read(cut, "cut"), "length " + len);
        }
        Path file = dir.resolve("cut.safetensors");
        Files.write(file, Arrays.copyOf(valid, valid.length - 3));
        var e = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void fuzzedFilesLoadOrFailCleanly() {
        byte[] valid = SafeTensors.toBytes(sample());
        Generator gen = new Generator(2024);
        int loaded = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] b = valid.clone();
            int flips = 1 + gen.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = gen.nextInt(b.length);
                b[at] = gen.nextInt(4) == 0 ? (byte) gen.nextInt(256) : (byte) (b[at] ^ (1 << gen.nextInt(8)));
            }
            if (gen.nextInt(4) == 0) {
                b = Arrays.copyOf(b, gen.nextInt(b.length + 1));
            }
            try {
                SafeTensors.read(b, "fuzz");
                loaded++;
            } catch (SafeTensorsException expected) {
                // a clear rejection is a correct outcome
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new AssertionError("trial " + trial + " failed with " + e, e);
            }
        }
        assertTrue(loaded > 0, "flips inside the data section still load");
    }
}
