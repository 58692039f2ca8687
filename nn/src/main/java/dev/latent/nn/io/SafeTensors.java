package dev.latent.nn.io;

import dev.latent.io.AtomicFiles;
import dev.latent.nn.DType;
import dev.latent.nn.StateDict;
import dev.latent.tensor.Shape;
import dev.latent.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes state dicts in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * so weights move between Latent, PyTorch and other tools:
 *
 * <pre>
 * [8 bytes: header length N, little-endian u64][N bytes: JSON header][data]
 * header = {"__metadata__": {"key": "value"}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}
 * </pre>
 *
 * Data is little-endian, offsets are relative to the start of the data section, and the tensors tile the data
 * section exactly (no gaps, no overlaps), as the format requires.
 *
 * <p>Writing is atomic (temporary file, flushed, renamed). Reading treats the file as hostile: the header length,
 * every shape and offset are checked against the real file size before anything of the claimed size is allocated, so
 * a malformed file fails with a {@link SafeTensorsException} naming the file and the problem, never with an
 * {@link OutOfMemoryError} or an index error.
 */
public final class SafeTensors {
    /** Largest header accepted, in bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int MAX_RANK = 64;
    private static final int CHUNK = 1 << 16;
    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /** Where a tensor lives in a file: name, dtype, shape and byte range within the data section. */
    public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
    }

    /** A validated header: the tensors in header order and the metadata. */
    public record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataStart) {
    }

    // ------------------------------------------------------------------ writing

    /** Writes {@code dict} to {@code path} atomically (tensors in the dict's order, each as its entry's dtype). */
    public static void save(Path path, StateDict dict) throws IOException {
        byte[] header = headerBytes(dict); // validates every value before the file is touched
        AtomicFiles.write(path, ch -> writeTo(ch, header, dict));
    }

    /** The file content {@link #save} writes, in memory. */
    public static byte[] toBytes(StateDict dict) {
        byte[] header = headerBytes(dict);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), header, dict);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static byte[] headerBytes(StateDict dict) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!dict.metadata().isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(dict.metadata()));
        }
        long offset = 0;
        for (var e : dict.entries().entrySet()) {
            String name = e.getKey();
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("safetensors: '" + METADATA + "' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue().tensor();
            DType dtype = e.getValue().dtype();
            if (dtype.isIntegral()) {
                checkEncodable(name, t, dtype);
            }
            long bytes = (long) t.numel() * dtype.byteSize();
            List<Object> shape = new ArrayList<>();
            for (int s : t.shape().toArray()) {
                shape.add((long) s);
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtype.name());
            info.put("shape", shape);
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(name, info);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7; // pad with spaces so the data starts 8-byte aligned
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void checkEncodable(String name, Tensor t, DType dtype) {
        try {
            dtype.encode(t.toArray(), 0, t.numel(), ByteBuffer.allocate(t.numel() * dtype.byteSize()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("safetensors: tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void writeTo(WritableByteChannel ch, byte[] header, StateDict dict) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        writeFully(ch, len);
        writeFully(ch, ByteBuffer.wrap(header));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (StateDict.Entry e : dict.entries().values()) {
            Tensor t = e.tensor().detach().contiguous();
            DType dtype = e.dtype();
            int perChunk = CHUNK / dtype.byteSize();
            for (int at = 0; at < t.numel(); at += perChunk) {
                int n = Math.min(perChunk, t.numel() - at);
                buf.clear();
                dtype.encode(t.data(), t.offset() + at, n, buf);
                buf.flip();
                writeFully(ch, buf);
            }
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    // ------------------------------------------------------------------ reading

    /** Reads every tensor of a safetensors file (as float32 tensors that remember their stored dtype). */
    public static StateDict load(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(new ChannelSource(path.toString(), ch));
        }
    }

    /** Reads a safetensors file held in memory; {@code name} appears in error messages. */
    public static StateDict read(byte[] bytes, String name) throws SafeTensorsException {
        try {
            return read(new ArraySource(name, bytes));
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new SafeTensorsException(name + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates only the header of a file: names, dtypes, shapes and offsets, without the data. */
    public static Header readHeader(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return header(new ChannelSource(path.toString(), ch));
        }
    }

    private static StateDict read(Source src) throws IOException {
        Header header = header(src);
        StateDict dict = new StateDict();
        dict.metadata().putAll(header.metadata());
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (TensorInfo info : header.tensors().values()) {
            // Sizes were checked against the file size: this allocation is backed by real bytes.
            float[] values = new float[info.shape().numel()];
            int perChunk = CHUNK / info.dtype().byteSize();
            long pos = header.dataStart() + info.begin();
            for (int at = 0; at < values.length; at += perChunk) {
                int n = Math.min(perChunk, values.length - at);
                buf.clear().limit(n * info.dtype().byteSize());
                src.readFully(pos, buf);
                pos += buf.limit();
                buf.flip();
                info.dtype().decode(buf, values, at, n);
            }
            dict.put(info.name(), Tensor.wrap(values, info.shape()), info.dtype());
        }
        return dict;
    }

    private static Header header(Source src) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw src.error("file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.readFully(0, lenBuf);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw src.error("header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES
                    + " bytes");
        }
        if (n > size - 8) {
            throw src.error("header claims " + n + " bytes but only " + (size - 8) + " bytes follow the length field"
                    + " (truncated file?)");
        }
        if (n < 2) {
            throw src.error("header of " + n + " bytes cannot hold a JSON object");
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
        src.readFully(8, headerBuf);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBuf.flip()).toString();
        } catch (CharacterCodingException e) {
            throw src.error("header is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.parse(text, 8, (int) MAX_HEADER_BYTES);
        } catch (JsonException e) {
            throw new SafeTensorsException(src.name() + ": header is not valid JSON: " + e.getMessage()
                    + " (header starts at byte 8)", e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw src.error("header must be a JSON object, got " + Json.describe(parsed));
        }
        long dataStart = 8 + n;
        long dataLength = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                readMetadata(src, e.getValue(), metadata);
            } else {
                tensors.put(name, tensorInfo(src, name, e.getValue()));
            }
        }
        checkLayout(src, tensors, dataLength);
        return new Header(java.util.Collections.unmodifiableMap(tensors),
                java.util.Collections.unmodifiableMap(metadata), dataStart);
    }

    private static void readMetadata(Source src, Object value, Map<String, String> out) throws SafeTensorsException {
        if (!(value instanceof Map<?, ?> map)) {
            throw src.error(METADATA + " must be an object of strings, got " + Json.describe(value));
        }
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw src.error(METADATA + " value for '" + e.getKey() + "' must be a string, got "
                        + Json.describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
    }

    private static TensorInfo tensorInfo(Source src, String name, Object value) throws SafeTensorsException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> map)) {
            throw src.error(where + ": expected an object, got " + Json.describe(value));
        }
        for (Object key : map.keySet()) {
            if (!Set.of("dtype", "shape", "data_offsets").contains(key)) {
                throw src.error(where + ": unknown field '" + key + "'");
            }
        }
        if (!(map.get("dtype") instanceof String dtypeName)) {
            throw src.error(where + ": missing or non-string dtype");
        }
        DType dtype = DType.fromName(dtypeName);
        if (dtype == null) {
            throw src.error(where + ": unsupported dtype '" + dtypeName + "'");
        }
        if (!(map.get("shape") instanceof List<?> shapeList)) {
            throw src.error(where + ": missing or non-array shape");
        }
        if (shapeList.size() > MAX_RANK) {
            throw src.error(where + ": rank " + shapeList.size() + " exceeds the limit of " + MAX_RANK);
        }
        int[] dims = new int[shapeList.size()];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            Object d = shapeList.get(i);
            if (!(d instanceof Long l) || l < 0) {
                throw src.error(where + ": shape entry " + i + " is " + Json.describe(d)
                        + ", expected a non-negative integer");
            }
            if (l > Integer.MAX_VALUE) {
                throw src.error(where + ": dimension " + i + " of size " + l + " is too large");
            }
            dims[i] = (int) (long) l;
            try {
                numel = Math.multiplyExact(numel, l);
            } catch (ArithmeticException ex) {
                throw src.error(where + ": shape " + shapeList + " has more elements than a long can count");
            }
            if (numel > Integer.MAX_VALUE - 8) {
                // Still check the remaining dims for a zero, which makes the tensor empty.
                boolean empty = shapeList.stream().anyMatch(x -> x instanceof Long z && z == 0);
                if (!empty) {
                    throw src.error(where + ": shape " + shapeList + " has " + numel
                            + "+ elements, more than a Java array can hold");
                }
                numel = 0;
            }
        }
        if (!(map.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw src.error(where + ": data_offsets must be an array of two integers");
        }
        if (begin < 0 || end < begin) {
            throw src.error(where + ": invalid data_offsets [" + begin + ", " + end + "]");
        }
        long expected = numel * dtype.byteSize();
        if (end - begin != expected) {
            throw src.error(where + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but shape " + shapeList + " of " + dtype + " needs " + expected);
        }
        return new TensorInfo(name, dtype, Shape.of(dims), begin, end);
    }

    /** The tensors must tile the data section exactly: sorted by offset, each starts where the previous ends. */
    private static void checkLayout(Source src, Map<String, TensorInfo> tensors, long dataLength)
            throws SafeTensorsException {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long at = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.end() > dataLength) {
                throw src.error("tensor '" + t.name() + "' occupies bytes [" + t.begin() + ", " + t.end()
                        + ") of the data section, but the data section has only " + dataLength
                        + " bytes (truncated file?)");
            }
            if (t.begin() < at) {
                throw src.error("tensor '" + t.name() + "' at bytes [" + t.begin() + ", " + t.end()
                        + ") overlaps tensor '" + previous.name() + "' at [" + previous.begin() + ", "
                        + previous.end() + ")");
            }
            if (t.begin() > at) {
                throw src.error("bytes [" + at + ", " + t.begin() + ") of the data section belong to no tensor"
                        + " (before tensor '" + t.name() + "')");
            }
            at = t.end();
            previous = t;
        }
        if (at != dataLength) {
            throw src.error("the data section has " + dataLength + " bytes but the tensors cover only " + at);
        }
    }

    // ------------------------------------------------------------------ sources

    /** Random-access bytes with a name for messages. */
    private interface Source {
        String name();

        long size() throws IOException;

        /** Fills {@code dst} (position to limit) from byte {@code pos}, or fails naming the truncation. */
        void readFully(long pos, ByteBuffer dst) throws IOException;

        default SafeTensorsException error(String message) {
            return new SafeTensorsException(name() + ": " + message);
        }
    }

    private record ChannelSource(String name, FileChannel ch) implements Source {
        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public void readFully(long pos, ByteBuffer dst) throws IOException {
            long p = pos;
            while (dst.hasRemaining()) {
                int r = ch.read(dst, p);
                if (r < 0) {
                    throw error("unexpected end of file at byte " + p + " (the file changed while reading?)");
                }
                p += r;
            }
        }
    }

    private record ArraySource(String name, byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void readFully(long pos, ByteBuffer dst) throws IOException {
            int n = dst.remaining();
            if (pos + n > bytes.length) {
                throw error("unexpected end of data at byte " + bytes.length);
            }
            dst.put(bytes, (int) pos, n);
        }
    }
}
