package org.lotterylab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of (Fashion-)MNIST: a big-endian header (two zero bytes, the element
 * type 0x08 for unsigned bytes, the number of dimensions, one 32-bit size per dimension) and the
 * elements in row-major order. Files ending in {@code .gz} are decompressed while they are read;
 * the header's sizes are checked before the element array is allocated.
 */
final class Idx {
    /** The element type code of unsigned bytes, the only one (Fashion-)MNIST uses. */
    static final int UBYTE = 0x08;

    private Idx() {
    }

    /** The elements of an IDX file and its dimensions. */
    record Array(byte[] data, int[] dims) {
    }

    /**
     * Reads an unsigned-byte IDX file with {@code rank} dimensions (1 for labels, 3 for images).
     *
     * @throws IOException if the file cannot be read, is not such an IDX file, or is shorter than
     *                     its header says
     */
    static Array read(Path file, int rank) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz")
                     ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16)
                     : new BufferedInputStream(raw, 1 << 16);
             DataInputStream d = new DataInputStream(in)) {
            int magic;
            try {
                magic = d.readInt();
            } catch (EOFException e) {
                throw new IOException(file + " is empty or shorter than an IDX header");
            }
            int type = (magic >>> 8) & 0xff;
            int got = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UBYTE || got != rank) {
                throw new IOException(file + " is not an IDX file of unsigned bytes with " + rank
                        + " dimension(s): its header is 0x" + String.format("%08x", magic) + ", expected 0x"
                        + String.format("%08x", (UBYTE << 8) | rank));
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = d.readInt();
                if (dims[i] < 0) {
                    throw new IOException(file + ": dimension " + i + " is negative (" + dims[i] + ")");
                }
                total *= dims[i];
                if (total > DataConfig.MAX_ARRAY) {
                    throw new IOException(file + ": its header announces more than " + DataConfig.MAX_ARRAY
                            + " elements, more than one Java array holds");
                }
            }
            byte[] data = new byte[(int) total];
            try {
                d.readFully(data);
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: its header announces " + total + " elements");
            }
            return new Array(data, dims);
        }
    }
}
