package org.lotterylab.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lotterylab.io.AtomicFiles;

/**
 * NPY format version 1.0, the file numpy's {@code np.load} reads: magic {@code \x93NUMPY}, version
 * 1.0, a little-endian 2-byte header length, a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }} padded with spaces and a
 * newline to a multiple of 64 bytes, then the data in C order. Only the two types the store needs:
 * little-endian float32 ({@code <f4}) and booleans ({@code |b1}). Written by hand because no
 * dependency in the project writes NPY. Public so that code outside the store (the benchmark
 * exports its rows and masks for its PyTorch peer) writes arrays numpy reads without a second
 * writer of the format.
 *
 * @param descr the numpy type string
 * @param shape the array's shape (empty for a scalar)
 * @param floats the values of a {@code <f4} array, else null
 * @param booleans the values of a {@code |b1} array, else null
 */
public record Npy(String descr, int[] shape, float[] floats, boolean[] booleans) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** The bytes of a float32 array of this shape. */
    public static byte[] encode(float[] values, int... shape) {
        checkSize(values.length, shape);
        byte[] head = header("<f4", shape);
        ByteBuffer b = ByteBuffer.allocate(head.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** The bytes of a boolean array of this shape (one byte per value, 0 or 1). */
    public static byte[] encode(boolean[] values, int... shape) {
        checkSize(values.length, shape);
        byte[] head = header("|b1", shape);
        byte[] out = Arrays.copyOf(head, head.length + values.length);
        for (int i = 0; i < values.length; i++) {
            out[head.length + i] = (byte) (values[i] ? 1 : 0);
        }
        return out;
    }

    private static void checkSize(int n, int[] shape) {
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size != n) {
            throw new IllegalArgumentException(n + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    static byte[] header(String descr, int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        s.append(')');
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64.
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) t.length).put(t);
        return b.array();
    }

    /** Writes a float32 array atomically. */
    public static void write(Path file, float[] values, int... shape) {
        AtomicFiles.write(file, encode(values, shape));
    }

    /** Writes a boolean array atomically. */
    public static void write(Path file, boolean[] values, int... shape) {
        AtomicFiles.write(file, encode(values, shape));
    }

    /**
     * Reads an NPY v1.0 file of type {@code <f4} or {@code |b1} in C order.
     *
     * @throws IllegalArgumentException naming the file if it is not such a file or is truncated
     */
    public static Npy read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return decode(all, file.toString());
    }

    /**
     * Decodes the bytes of a file this library wrote as a {@code descr} array of {@code shape}:
     * the header must be byte for byte the one {@link #header} writes for them, so a file whose
     * shape or type was changed (even to one of the same size) is refused.
     *
     * @throws IllegalArgumentException naming the file and what it holds instead
     */
    static Npy decode(byte[] all, String name, String descr, int[] shape) {
        byte[] want = header(descr, shape);
        if (all.length < want.length || !Arrays.equals(all, 0, want.length, want, 0, want.length)) {
            String got;
            try {
                Npy n = decode(all, name);
                got = "a " + n.descr() + " array of shape " + Arrays.toString(n.shape());
            } catch (IllegalArgumentException e) {
                got = e.getMessage().substring(name.length()).replaceFirst("^:? ?", "");
            }
            throw new IllegalArgumentException(name + " should hold a " + descr + " array of shape "
                    + Arrays.toString(shape) + " in C order, but its header says: " + got);
        }
        return decode(all, name);
    }

    static Npy decode(byte[] all, String name) {
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC) || all[6] != 1) {
            throw new IllegalArgumentException(name + " is not an NPY v1 file");
        }
        int len = (all[8] & 0xff) | (all[9] & 0xff) << 8;
        if (10 + len > all.length) {
            throw new IllegalArgumentException(name + ": NPY header is truncated");
        }
        String h = new String(all, 10, len, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(h);
        Matcher f = FORTRAN.matcher(h);
        Matcher s = SHAPE.matcher(h);
        if (!d.find() || !f.find() || !s.find() || !h.endsWith("\n") || (10 + len) % 16 != 0) {
            throw new IllegalArgumentException(name + ": invalid NPY header " + h.trim());
        }
        if (f.group(1).equals("True")) {
            throw new IllegalArgumentException(name + ": Fortran order is not supported");
        }
        String[] dims = s.group(1).trim().isEmpty() ? new String[0] : s.group(1).split(",");
        int[] shape = Arrays.stream(dims).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
        int n = 1;
        for (int x : shape) {
            n *= x;
        }
        int off = 10 + len;
        String descr = d.group(1);
        switch (descr) {
            case "<f4" -> {
                if (all.length != off + 4L * n) {
                    throw new IllegalArgumentException(name + ": expected " + n + " float32 values, the file is truncated or too long");
                }
                float[] v = new float[n];
                ByteBuffer.wrap(all, off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                return new Npy(descr, shape, v, null);
            }
            case "|b1" -> {
                if (all.length != off + n) {
                    throw new IllegalArgumentException(name + ": expected " + n + " booleans, the file is truncated or too long");
                }
                boolean[] v = new boolean[n];
                for (int i = 0; i < n; i++) {
                    v[i] = all[off + i] != 0;
                }
                return new Npy(descr, shape, null, v);
            }
            default -> throw new IllegalArgumentException(name + ": unsupported dtype " + descr + " (only <f4 and |b1)");
        }
    }
}
