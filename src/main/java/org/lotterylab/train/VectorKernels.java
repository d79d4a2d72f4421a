package org.lotterylab.train;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} with explicit SIMD from {@code jdk.incubator.vector}. Measured on the
 * development machines (AVX-512): about 4x the plain loops on the 64-column rows training uses,
 * because C2 does not vectorise such short loops well and never vectorises float reductions.
 * Four accumulators per row keep the FMA units busy across the batch dimension.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    VectorKernels() {
        if (PAD % L != 0) {
            throw new IllegalStateException("SIMD width " + L + " does not divide the padding " + PAD);
        }
    }

    @Override
    String name() {
        return "simd-" + (L * 32) + "bit";
    }

    /**
     * With 16 lanes (AVX-512), whole blocks of {@code L} rows by gathers straight from the data:
     * one vector per column, its lanes the block's rows (an epoch of 7000 rows of 1568 inputs:
     * 13 ms, against 22-26 for the plain loops over a copy of the rows and 16 for gathers from
     * such a copy); the rest row by row. With 8 lanes, the plain kernel's four rows at a time:
     * gathers of 8 lanes are slow on the AVX2 machine measured (1.5x its time).
     */
    @Override
    void loadColumns(float[] x, int[] offs, int from, int to, int[] cols, float[] dst, int s) {
        if (L < 16) {
            super.loadColumns(x, offs, from, to, cols, dst, s);
            return;
        }
        int full = from + (to - from) / L * L;
        for (int c0 = from; c0 < full; c0 += L) {
            for (int i : cols) {
                FloatVector.fromArray(F, x, i, offs, c0).intoArray(dst, i * s + c0);
            }
        }
        super.loadColumns(x, offs, full, to, cols, dst, s);
    }

    /**
     * Column tiles outermost, 8 vectors wide where they fit (half the list reads per multiply-add
     * of 4-vector tiles): a tile of {@code src} (every source row) stays in L2 while the band's
     * rows read it, where rows outermost streamed all of {@code src} (3.2 MB for a 1568-input
     * layer at a batch of 512) from L3 for every row. Each element's sum keeps its order: the
     * bias, then the row's entries ascending.
     */
    @Override
    void spmmPacked(int[] rows, int from, int to, int[] ptr, int[] idx, float[] val, float[] bias, float[] src,
                    float[] dst, int s) {
        int wide = s / (8 * L) * 8 * L;
        for (int c = 0; c < wide; c += 8 * L) {
            spmmColumns(rows, from, to, ptr, idx, val, bias, src, c, s, dst, c, s);
        }
        spmmNarrow(rows, from, to, ptr, idx, val, bias, src, dst, wide, s);
    }

    @Override
    int tile() {
        return 8 * L;
    }

    @Override
    void spmmTile(int q, int[] rows, int[] ptr, int[] idx, float[] val, float[] bias, float[] src, float[] tiled,
                  int srcRows, float[] dst, int s) {
        int t = 8 * L;
        int c = q * t;
        if (c + t > s) {
            spmmNarrow(rows, 0, rows.length, ptr, idx, val, bias, src, dst, c, s);
            return;
        }
        int base = TILE_SKIP + q * srcRows * t;
        for (int i = 0; i < srcRows; i++) {
            System.arraycopy(src, i * s + c, tiled, base + i * t, t);
        }
        spmmColumns(rows, 0, rows.length, ptr, idx, val, bias, tiled, base, t, dst, c, s);
    }

    /**
     * Columns {@code c .. c + 8L - 1} of rows {@code rows[from .. to-1]} of {@code dst} (row stride
     * {@code s}): source row {@code i}'s piece starts at {@code src[base + i * stride]}.
     */
    private static void spmmColumns(int[] rows, int from, int to, int[] ptr, int[] idx, float[] val, float[] bias,
                                    float[] src, int base, int stride, float[] dst, int c, int s) {
        for (int j = from; j < to; j++) {
            int r = rows[j];
            int e = ptr[r + 1];
            FloatVector a0 = FloatVector.broadcast(F, bias[r]);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int k = ptr[r]; k < e; k++) {
                FloatVector wk = FloatVector.broadcast(F, val[k]);
                int a = base + idx[k] * stride;
                a0 = FloatVector.fromArray(F, src, a).fma(wk, a0);
                a1 = FloatVector.fromArray(F, src, a + L).fma(wk, a1);
                a2 = FloatVector.fromArray(F, src, a + 2 * L).fma(wk, a2);
                a3 = FloatVector.fromArray(F, src, a + 3 * L).fma(wk, a3);
                a4 = FloatVector.fromArray(F, src, a + 4 * L).fma(wk, a4);
                a5 = FloatVector.fromArray(F, src, a + 5 * L).fma(wk, a5);
                a6 = FloatVector.fromArray(F, src, a + 6 * L).fma(wk, a6);
                a7 = FloatVector.fromArray(F, src, a + 7 * L).fma(wk, a7);
            }
            int d = r * s + c;
            store4(dst, d, a0, a1, a2, a3);
            store4(dst, d + 4 * L, a4, a5, a6, a7);
        }
    }

    /** Columns {@code first .. s-1} of rows {@code rows[from .. to-1]}, one vector at a time, as {@link #spmmColumns} sums them. */
    private static void spmmNarrow(int[] rows, int from, int to, int[] ptr, int[] idx, float[] val, float[] bias,
                                   float[] src, float[] dst, int first, int s) {
        for (int c = first; c < s; c += L) {
            for (int j = from; j < to; j++) {
                int r = rows[j];
                int e = ptr[r + 1];
                FloatVector a0 = FloatVector.broadcast(F, bias[r]);
                for (int k = ptr[r]; k < e; k++) {
                    a0 = FloatVector.fromArray(F, src, idx[k] * s + c).fma(FloatVector.broadcast(F, val[k]), a0);
                }
                a0.intoArray(dst, r * s + c);
            }
        }
    }

    /**
     * Four entries of a row at a time: their four dot products are independent FMA chains
     * sharing each loaded vector of {@code dz}, where one chain at a time waited on the FMA
     * latency at every step. Each chain is the single-entry chain, so the bits are the same.
     * With 16 lanes the source rows go in blocks of {@link #gradBlockRows}: each block's entries
     * of every listed row, then the next block's, so that the block's rows of {@code a} stay in
     * L2 while every row reads them. Whole rows, read from L3 once per entry, held the kernel at
     * L3's bandwidth (14.7 GFLOP/s at 14% kept on the 1568 x 784 layer, batch 512, Ice Lake);
     * blocks of 512 rows: 19.6 (1.3x; 1.2x at 6%, 1.0-1.3x at 2%). Every entry is still one
     * chain over the whole batch, so blocking keeps the bits. With 8 lanes blocks measured
     * 0.93-1.07x on the AVX2 machine, which waits on its loads rather than on L3.
     */
    @Override
    void gradSparse(int[] rows, int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g,
                    int s) {
        gradSparse(rows, from, to, ptr, idx, pos, dz, a, g, s, gradBlockRows(s));
    }

    /** Source rows per block of {@link #gradSparse}: about 1 MB of {@code a} (512 rows at a batch of 512); with 8 lanes, no blocks. */
    static int gradBlockRows(int s) {
        return L >= 16 ? Math.max(4, (1 << 18) / s) : Integer.MAX_VALUE;
    }

    /** {@link #gradSparse} with source rows in blocks of {@code block}. */
    void gradSparse(int[] rows, int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g,
                    int s, int block) {
        int sources = 0;
        for (int j = from; j < to; j++) {
            int r = rows[j];
            if (ptr[r + 1] > ptr[r]) {
                sources = Math.max(sources, idx[ptr[r + 1] - 1] + 1);
            }
        }
        if (sources <= block) {
            for (int j = from; j < to; j++) {
                int r = rows[j];
                gradEntries(ptr[r], ptr[r + 1], r * s, idx, pos, dz, a, g, s);
            }
            return;
        }
        for (int i0 = 0; i0 < sources; i0 += block) {
            int i1 = i0 + block;
            for (int j = from; j < to; j++) {
                int r = rows[j];
                int e = ptr[r + 1];
                int k = firstAtLeast(idx, ptr[r], e, i0);
                gradEntries(k, firstAtLeast(idx, k, e, i1), r * s, idx, pos, dz, a, g, s);
            }
        }
    }

    /** The first position in {@code [k, e)} of the ascending, repeat-free {@code idx} holding at least {@code v}; {@code e} if none. */
    private static int firstAtLeast(int[] idx, int k, int e, int v) {
        int p = Arrays.binarySearch(idx, k, e, v);
        return p >= 0 ? p : -p - 1;
    }

    /** The weight gradients of entries {@code k .. e-1} of the row whose {@code dz} starts at {@code d}. */
    private static void gradEntries(int k, int e, int d, int[] idx, int[] pos, float[] dz, float[] a, float[] g, int s) {
        for (; k + 4 <= e; k += 4) {
            int s0 = idx[k] * s;
            int s1 = idx[k + 1] * s;
            int s2 = idx[k + 2] * s;
            int s3 = idx[k + 3] * s;
            FloatVector x0 = FloatVector.zero(F);
            FloatVector x1 = x0;
            FloatVector x2 = x0;
            FloatVector x3 = x0;
            for (int c = 0; c < s; c += L) {
                FloatVector dv = FloatVector.fromArray(F, dz, d + c);
                x0 = dv.fma(FloatVector.fromArray(F, a, s0 + c), x0);
                x1 = dv.fma(FloatVector.fromArray(F, a, s1 + c), x1);
                x2 = dv.fma(FloatVector.fromArray(F, a, s2 + c), x2);
                x3 = dv.fma(FloatVector.fromArray(F, a, s3 + c), x3);
            }
            g[pos[k]] = x0.reduceLanes(VectorOperators.ADD);
            g[pos[k + 1]] = x1.reduceLanes(VectorOperators.ADD);
            g[pos[k + 2]] = x2.reduceLanes(VectorOperators.ADD);
            g[pos[k + 3]] = x3.reduceLanes(VectorOperators.ADD);
        }
        for (; k < e; k++) {
            int src = idx[k] * s;
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < s; c += L) {
                acc = FloatVector.fromArray(F, dz, d + c).fma(FloatVector.fromArray(F, a, src + c), acc);
            }
            g[pos[k]] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    @Override
    void gemm(int[] rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst, int s) {
        int count = rows.length;
        if (count < 4) {
            for (int r : rows) {
                gemmRow(r, inner, w, rs, ks, bias, src, dst, s);
            }
            return;
        }
        // Edge blocks are shifted back to overlap their neighbours: each element's sum is
        // computed by the same FMAs in the same order whichever block computes it, so the
        // overlap rewrites equal values, and a 410-row layer runs at full speed instead of
        // spending 15% of its time on its last 2 rows.
        if (L < 16 && s >= 2 * L) {
            // AVX2 has 16 vector registers: the 4 x 4 block's 16 accumulators and its 4 source
            // vectors spilled. 4 x 2 (8 accumulators, 2 sources, a broadcast) leaves room:
            // 1.4-1.9x faster on a 410 x 410 layer at a batch of 64 (BlasBench), the toy
            // benchmark's 410-wide epochs 1.35x (medians over five JVMs, AMD EPYC Zen 3). 6 x 2
            // (12 accumulators) was 2.2-2.5x faster in isolation, but its epochs took 35-110 ms
            // from one JVM to the next against 30-47 for 4 x 2. With 8 lanes the 4 x 4 block and
            // the 8 x 2 tail below are not used.
            for (int c = 0; c < s; c += 2 * L) {
                int cc = Math.min(c, s - 2 * L);
                for (int b = 0; b < count; b += 4) {
                    gemmBlock4x2(rows, Math.min(b, count - 4), cc, inner, w, rs, ks, bias, src, dst, s);
                }
            }
            return;
        }
        if (s < 4 * L) {
            // Narrow rows (a first layer's gradient, a small batch): four rows share each loaded vector.
            for (int b = 0; b < count; b += 4) {
                int at = Math.min(b, count - 4);
                for (int c = 0; c < s; c += L) {
                    gemmNarrow(rows, at, Math.min(c, s - L), inner, w, rs, ks, bias, src, dst, s);
                }
            }
            return;
        }
        // Column tiles outermost: one tile of src (inner x 4L floats) is reused by every block
        // of rows. For a weight gradient (src = the batch-major activations, 16 KB per tile at a
        // batch of 64) the tile then stays in L1; rows outermost re-read all of src from L2 for
        // each block and ran at 70% of the speed (measured on a 410 x 410 layer).
        int full = s / (4 * L) * 4 * L;
        for (int c = 0; c < full; c += 4 * L) {
            for (int b = 0; b < count; b += 4) {
                gemmBlock(rows, Math.min(b, count - 4), c, inner, w, rs, ks, bias, src, dst, s);
            }
        }
        if (full == s) {
            return;
        }
        // The last columns: a 410-wide weight gradient leaves 26. A 4-vector tile shifted back
        // would compute 64 for them (9% of the product); two vectors for eight rows cost less.
        if (s - full <= 2 * L && count >= 8) {
            for (int b = 0; b < count; b += 8) {
                gemmTail(rows, Math.min(b, count - 8), s - 2 * L, inner, w, rs, ks, bias, src, dst, s);
            }
        } else {
            for (int b = 0; b < count; b += 4) {
                gemmBlock(rows, Math.min(b, count - 4), s - 4 * L, inner, w, rs, ks, bias, src, dst, s);
            }
        }
    }

    /**
     * Rows {@code rows[at .. at+3]}, columns {@code c .. c+4L-1} of {@link #gemm}: 4 rows x 4 vectors = 16
     * accumulators, so 8 loads feed 16 FMAs and the FMA units, not the load ports, set the pace.
     */
    private static void gemmBlock(int[] rows, int at, int c, int inner, float[] w, int rs, int ks, float[] bias,
                                  float[] src, float[] dst, int s) {
        int r0 = rows[at];
        int r1 = rows[at + 1];
        int r2 = rows[at + 2];
        int r3 = rows[at + 3];
        int w0 = r0 * rs;
        int w1 = r1 * rs;
        int w2 = r2 * rs;
        int w3 = r3 * rs;
        FloatVector x00 = FloatVector.broadcast(F, bias[r0]), x01 = x00, x02 = x00, x03 = x00;
        FloatVector x10 = FloatVector.broadcast(F, bias[r1]), x11 = x10, x12 = x10, x13 = x10;
        FloatVector x20 = FloatVector.broadcast(F, bias[r2]), x21 = x20, x22 = x20, x23 = x20;
        FloatVector x30 = FloatVector.broadcast(F, bias[r3]), x31 = x30, x32 = x30, x33 = x30;
        for (int k = 0; k < inner; k++) {
            int a = k * s + c;
            FloatVector s0 = FloatVector.fromArray(F, src, a);
            FloatVector s1 = FloatVector.fromArray(F, src, a + L);
            FloatVector s2 = FloatVector.fromArray(F, src, a + 2 * L);
            FloatVector s3 = FloatVector.fromArray(F, src, a + 3 * L);
            int kk = k * ks;
            FloatVector v = FloatVector.broadcast(F, w[w0 + kk]);
            x00 = s0.fma(v, x00);
            x01 = s1.fma(v, x01);
            x02 = s2.fma(v, x02);
            x03 = s3.fma(v, x03);
            v = FloatVector.broadcast(F, w[w1 + kk]);
            x10 = s0.fma(v, x10);
            x11 = s1.fma(v, x11);
            x12 = s2.fma(v, x12);
            x13 = s3.fma(v, x13);
            v = FloatVector.broadcast(F, w[w2 + kk]);
            x20 = s0.fma(v, x20);
            x21 = s1.fma(v, x21);
            x22 = s2.fma(v, x22);
            x23 = s3.fma(v, x23);
            v = FloatVector.broadcast(F, w[w3 + kk]);
            x30 = s0.fma(v, x30);
            x31 = s1.fma(v, x31);
            x32 = s2.fma(v, x32);
            x33 = s3.fma(v, x33);
        }
        store4(dst, r0 * s + c, x00, x01, x02, x03);
        store4(dst, r1 * s + c, x10, x11, x12, x13);
        store4(dst, r2 * s + c, x20, x21, x22, x23);
        store4(dst, r3 * s + c, x30, x31, x32, x33);
    }

    /**
     * Rows {@code rows[at .. at+3]}, columns {@code c .. c+2L-1} of {@link #gemm}: 4 rows x 2 vectors
     * = 8 accumulators, fed by 6 loads per 8 FMAs, for 8-lane vectors (see {@link #gemm}).
     */
    private static void gemmBlock4x2(int[] rows, int at, int c, int inner, float[] w, int rs, int ks, float[] bias,
                                     float[] src, float[] dst, int s) {
        int r0 = rows[at];
        int r1 = rows[at + 1];
        int r2 = rows[at + 2];
        int r3 = rows[at + 3];
        FloatVector x00 = FloatVector.broadcast(F, bias[r0]), x01 = x00;
        FloatVector x10 = FloatVector.broadcast(F, bias[r1]), x11 = x10;
        FloatVector x20 = FloatVector.broadcast(F, bias[r2]), x21 = x20;
        FloatVector x30 = FloatVector.broadcast(F, bias[r3]), x31 = x30;
        int w0 = r0 * rs;
        int w1 = r1 * rs;
        int w2 = r2 * rs;
        int w3 = r3 * rs;
        for (int k = 0; k < inner; k++) {
            int a = k * s + c;
            FloatVector s0 = FloatVector.fromArray(F, src, a);
            FloatVector s1 = FloatVector.fromArray(F, src, a + L);
            int kk = k * ks;
            FloatVector v = FloatVector.broadcast(F, w[w0 + kk]);
            x00 = s0.fma(v, x00);
            x01 = s1.fma(v, x01);
            v = FloatVector.broadcast(F, w[w1 + kk]);
            x10 = s0.fma(v, x10);
            x11 = s1.fma(v, x11);
            v = FloatVector.broadcast(F, w[w2 + kk]);
            x20 = s0.fma(v, x20);
            x21 = s1.fma(v, x21);
            v = FloatVector.broadcast(F, w[w3 + kk]);
            x30 = s0.fma(v, x30);
            x31 = s1.fma(v, x31);
        }
        store2(dst, r0 * s + c, x00, x01);
        store2(dst, r1 * s + c, x10, x11);
        store2(dst, r2 * s + c, x20, x21);
        store2(dst, r3 * s + c, x30, x31);
    }

    /**
     * Rows {@code rows[at .. at+7]}, columns {@code c .. c+2L-1} of {@link #gemm}: 8 rows x 2 vectors
     * = 16 accumulators, fed by 10 loads per 16 FMAs. Unrolled by hand like {@link #gemmBlock}: C2
     * keeps vectors in registers only as separate locals, never in an array or a loop over rows.
     */
    private static void gemmTail(int[] rows, int at, int c, int inner, float[] w, int rs, int ks, float[] bias,
                                 float[] src, float[] dst, int s) {
        int r0 = rows[at];
        int r1 = rows[at + 1];
        int r2 = rows[at + 2];
        int r3 = rows[at + 3];
        int r4 = rows[at + 4];
        int r5 = rows[at + 5];
        int r6 = rows[at + 6];
        int r7 = rows[at + 7];
        FloatVector x00 = FloatVector.broadcast(F, bias[r0]), x01 = x00;
        FloatVector x10 = FloatVector.broadcast(F, bias[r1]), x11 = x10;
        FloatVector x20 = FloatVector.broadcast(F, bias[r2]), x21 = x20;
        FloatVector x30 = FloatVector.broadcast(F, bias[r3]), x31 = x30;
        FloatVector x40 = FloatVector.broadcast(F, bias[r4]), x41 = x40;
        FloatVector x50 = FloatVector.broadcast(F, bias[r5]), x51 = x50;
        FloatVector x60 = FloatVector.broadcast(F, bias[r6]), x61 = x60;
        FloatVector x70 = FloatVector.broadcast(F, bias[r7]), x71 = x70;
        int w0 = r0 * rs;
        int w1 = r1 * rs;
        int w2 = r2 * rs;
        int w3 = r3 * rs;
        int w4 = r4 * rs;
        int w5 = r5 * rs;
        int w6 = r6 * rs;
        int w7 = r7 * rs;
        for (int k = 0; k < inner; k++) {
            int a = k * s + c;
            FloatVector s0 = FloatVector.fromArray(F, src, a);
            FloatVector s1 = FloatVector.fromArray(F, src, a + L);
            int kk = k * ks;
            FloatVector v = FloatVector.broadcast(F, w[w0 + kk]);
            x00 = s0.fma(v, x00);
            x01 = s1.fma(v, x01);
            v = FloatVector.broadcast(F, w[w1 + kk]);
            x10 = s0.fma(v, x10);
            x11 = s1.fma(v, x11);
            v = FloatVector.broadcast(F, w[w2 + kk]);
            x20 = s0.fma(v, x20);
            x21 = s1.fma(v, x21);
            v = FloatVector.broadcast(F, w[w3 + kk]);
            x30 = s0.fma(v, x30);
            x31 = s1.fma(v, x31);
            v = FloatVector.broadcast(F, w[w4 + kk]);
            x40 = s0.fma(v, x40);
            x41 = s1.fma(v, x41);
            v = FloatVector.broadcast(F, w[w5 + kk]);
            x50 = s0.fma(v, x50);
            x51 = s1.fma(v, x51);
            v = FloatVector.broadcast(F, w[w6 + kk]);
            x60 = s0.fma(v, x60);
            x61 = s1.fma(v, x61);
            v = FloatVector.broadcast(F, w[w7 + kk]);
            x70 = s0.fma(v, x70);
            x71 = s1.fma(v, x71);
        }
        store2(dst, r0 * s + c, x00, x01);
        store2(dst, r1 * s + c, x10, x11);
        store2(dst, r2 * s + c, x20, x21);
        store2(dst, r3 * s + c, x30, x31);
        store2(dst, r4 * s + c, x40, x41);
        store2(dst, r5 * s + c, x50, x51);
        store2(dst, r6 * s + c, x60, x61);
        store2(dst, r7 * s + c, x70, x71);
    }

    private static void store2(float[] dst, int at, FloatVector v0, FloatVector v1) {
        v0.intoArray(dst, at);
        v1.intoArray(dst, at + L);
    }

    /** Rows {@code rows[at .. at+3]}, columns {@code c .. c+L-1} of {@link #gemm}. */
    private static void gemmNarrow(int[] rows, int at, int c, int inner, float[] w, int rs, int ks, float[] bias,
                                   float[] src, float[] dst, int s) {
        int r0 = rows[at];
        int r1 = rows[at + 1];
        int r2 = rows[at + 2];
        int r3 = rows[at + 3];
        int w0 = r0 * rs;
        int w1 = r1 * rs;
        int w2 = r2 * rs;
        int w3 = r3 * rs;
        FloatVector x0 = FloatVector.broadcast(F, bias[r0]);
        FloatVector x1 = FloatVector.broadcast(F, bias[r1]);
        FloatVector x2 = FloatVector.broadcast(F, bias[r2]);
        FloatVector x3 = FloatVector.broadcast(F, bias[r3]);
        for (int k = 0; k < inner; k++) {
            FloatVector a = FloatVector.fromArray(F, src, k * s + c);
            int kk = k * ks;
            x0 = a.fma(FloatVector.broadcast(F, w[w0 + kk]), x0);
            x1 = a.fma(FloatVector.broadcast(F, w[w1 + kk]), x1);
            x2 = a.fma(FloatVector.broadcast(F, w[w2 + kk]), x2);
            x3 = a.fma(FloatVector.broadcast(F, w[w3 + kk]), x3);
        }
        x0.intoArray(dst, r0 * s + c);
        x1.intoArray(dst, r1 * s + c);
        x2.intoArray(dst, r2 * s + c);
        x3.intoArray(dst, r3 * s + c);
    }

    /** One row of {@link #gemm}: four column vectors at a time while they fit, then one. */
    private static void gemmRow(int r, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst,
                                int s) {
        float b0 = bias[r];
        int c = 0;
        for (; c + 4 * L <= s; c += 4 * L) {
            FloatVector x0 = FloatVector.broadcast(F, b0), x1 = x0, x2 = x0, x3 = x0;
            for (int k = 0; k < inner; k++) {
                int a = k * s + c;
                FloatVector v = FloatVector.broadcast(F, w[r * rs + k * ks]);
                x0 = FloatVector.fromArray(F, src, a).fma(v, x0);
                x1 = FloatVector.fromArray(F, src, a + L).fma(v, x1);
                x2 = FloatVector.fromArray(F, src, a + 2 * L).fma(v, x2);
                x3 = FloatVector.fromArray(F, src, a + 3 * L).fma(v, x3);
            }
            store4(dst, r * s + c, x0, x1, x2, x3);
        }
        for (; c < s; c += L) {
            // A last partial vector (S not a multiple of L) is shifted back over computed columns.
            int cc = Math.min(c, s - L);
            FloatVector acc = FloatVector.broadcast(F, b0);
            for (int k = 0; k < inner; k++) {
                acc = FloatVector.fromArray(F, src, k * s + cc).fma(FloatVector.broadcast(F, w[r * rs + k * ks]), acc);
            }
            acc.intoArray(dst, r * s + cc);
        }
    }

    /** Stores four consecutive vectors from {@code at}. */
    private static void store4(float[] dst, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        v0.intoArray(dst, at);
        v1.intoArray(dst, at + L);
        v2.intoArray(dst, at + 2 * L);
        v3.intoArray(dst, at + 3 * L);
    }

    @Override
    void rowSums(int[] rows, float[] src, float[] sums, int s) {
        for (int r : rows) {
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < s; c += L) {
                acc = acc.add(FloatVector.fromArray(F, src, r * s + c));
            }
            sums[r] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    @Override
    void reluBackward(float[] d, float[] z, int from, int to) {
        int kv = from + (to - from) / L * L;
        for (int k = from; k < kv; k += L) {
            FloatVector zk = FloatVector.fromArray(F, z, k);
            FloatVector.fromArray(F, d, k).blend(0f, zk.compare(VectorOperators.LE, 0f)).intoArray(d, k);
        }
        reluBackwardRange(d, z, kv, to);
    }

    @Override
    void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize,
              float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
        int n = to;
        int kv = from + (to - from) / L * L;
        for (int k = from; k < kv; k += L) {
            FloatVector gk = FloatVector.fromArray(F, g, k).mul(FloatVector.fromArray(F, mask, k));
            FloatVector mk = FloatVector.fromArray(F, m, k).mul(b1).add(gk.mul(c1));
            FloatVector vk = FloatVector.fromArray(F, v, k).mul(b2).add(gk.mul(gk).mul(c2));
            mk.intoArray(m, k);
            vk.intoArray(v, k);
            FloatVector denom = vk.sqrt().div(sqrtBc2).add(eps);
            FloatVector wk = FloatVector.fromArray(F, w, k).mul(decay).sub(mk.mul(stepSize).div(denom));
            wk.intoArray(w, k);
        }
        adamRange(w, g, mask, m, v, kv, n, stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
    }
}
