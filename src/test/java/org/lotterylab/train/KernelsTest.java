package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.rng.Rng;

/** The SIMD kernels against the plain loops, on shapes that exercise every tail path. */
class KernelsTest {
    private final Kernels fast = Kernels.best();
    private final Kernels plain = Kernels.scalar();

    private static float[] random(int n, Rng r) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) r.nextGaussian();
        }
        return a;
    }

    private static void close(float[] expected, float[] actual) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-4 * (1 + Math.abs(expected[k])), "element " + k);
        }
    }

    /** The dense weight gradient as the engine computes it: {@link Kernels#gemm} over the batch. */
    private static void gradient(Kernels k, int out, int ip, float[] dz, float[] abm, float[] g, int s) {
        k.gemm(out, s, dz, s, 1, new float[out], abm, g, ip);
    }

    @Test
    void gemmAgreesForwardAndTransposed() {
        Rng r = new Rng(1);
        // S = 48 is narrower than a register block, 80 and 144 leave a partial block of columns.
        for (int[] dims : new int[][] {{7, 5, 48}, {13, 33, 80}, {41, 40, 144}, {4, 64, 64}, {6, 17, 80}}) {
            int rows = dims[0];
            int inner = dims[1];
            int s = dims[2];
            float[] w = random(rows * inner, r);
            float[] bias = random(rows, r);
            float[] src = random(inner * s, r);
            float[] a = new float[rows * s];
            float[] b = new float[rows * s];
            plain.gemm(rows, inner, w, inner, 1, bias, src, a, s);
            fast.gemm(rows, inner, w, inner, 1, bias, src, b, s);
            close(a, b);
            // Transposed: rows of the result are the columns of w (inner x rows viewed as rows x inner).
            float[] srcT = random(rows * s, r);
            float[] c = new float[inner * s];
            float[] d = new float[inner * s];
            plain.gemm(inner, rows, w, 1, inner, new float[inner], srcT, c, s);
            fast.gemm(inner, rows, w, 1, inner, new float[inner], srcT, d, s);
            close(c, d);
        }
    }

    /**
     * The SIMD kernels shift their edge blocks back over already computed rows and columns; every
     * element must still come out bit for bit as the one-row path computes it alone.
     */
    @Test
    void overlappingEdgeBlocksRewriteEqualValues() {
        // S = 80 leaves 16 columns to the 8-row tail block, S = 100 leaves 36 to a 4-vector tile
        // shifted back; S = 48 takes the narrow path of four rows.
        for (int s : new int[] {80, 100, 48}) {
            overlappingEdgeBlocksRewriteEqualValues(s);
        }
    }

    private void overlappingEdgeBlocksRewriteEqualValues(int s) {
        Rng r = new Rng(4);
        int rows = 11;
        int inner = 37;
        float[] w = random(rows * inner, r);
        float[] bias = random(rows, r);
        float[] src = random(inner * s, r);
        float[] all = new float[rows * s];
        fast.gemm(rows, inner, w, inner, 1, bias, src, all, s);
        int ip = s;
        float[] dz = random(rows * s, r);
        float[] abm = random(s * ip, r);
        float[] g = new float[rows * ip];
        gradient(fast, rows, ip, dz, abm, g, s);
        for (int o = 0; o < rows; o++) {
            float[] one = new float[s];
            fast.gemm(1, inner, java.util.Arrays.copyOfRange(w, o * inner, (o + 1) * inner), inner, 1,
                    new float[] {bias[o]}, src, one, s);
            assertArrayEquals(one, java.util.Arrays.copyOfRange(all, o * s, (o + 1) * s), "gemm row " + o);
            float[] gOne = new float[ip];
            gradient(fast, 1, ip, java.util.Arrays.copyOfRange(dz, o * s, (o + 1) * s), abm, gOne, s);
            assertArrayEquals(gOne, java.util.Arrays.copyOfRange(g, o * ip, (o + 1) * ip), "gradient row " + o);
        }
    }

    /**
     * A row list computes those rows alone, bit for bit as the full product does, and leaves every
     * other row as it was: 9 scattered rows of 13 (blocks of 4 shifted back, and the 8-row tail
     * block at S = 80), 2 rows (the one-row path), each as a forward product and a weight gradient.
     */
    @Test
    void listedRowsAreComputedAloneAndOthersUntouched() {
        Rng r = new Rng(5);
        int rows = 13;
        int inner = 29;
        for (Kernels k : new Kernels[] {plain, fast}) {
            for (int s : new int[] {48, 64, 80, 100}) {
                float[] w = random(rows * inner, r);
                float[] bias = random(rows, r);
                float[] src = random(inner * s, r);
                float[] dz = random(rows * s, r);
                float[] abm = random(s * s, r);
                float[] all = new float[rows * s];
                float[] allGrad = new float[rows * s];
                k.gemm(rows, inner, w, inner, 1, bias, src, all, s);
                gradient(k, rows, s, dz, abm, allGrad, s);
                for (int[] list : new int[][] {{0, 2, 3, 5, 7, 8, 9, 11, 12}, {4, 10}}) {
                    float[] some = new float[rows * s];
                    float[] someGrad = new float[rows * s];
                    java.util.Arrays.fill(some, Float.NaN);
                    java.util.Arrays.fill(someGrad, Float.NaN);
                    k.gemm(list, inner, w, inner, 1, bias, src, some, s);
                    k.gemm(list, s, dz, s, 1, new float[rows], abm, someGrad, s);
                    boolean[] inList = new boolean[rows];
                    for (int o : list) {
                        inList[o] = true;
                    }
                    for (int o = 0; o < rows; o++) {
                        boolean listed = inList[o];
                        float[] expected = listed ? java.util.Arrays.copyOfRange(all, o * s, (o + 1) * s) : nans(s);
                        float[] expectedGrad = listed ? java.util.Arrays.copyOfRange(allGrad, o * s, (o + 1) * s) : nans(s);
                        String what = k.name() + " S=" + s + " " + list.length + " rows, row " + o;
                        assertArrayEquals(expected, java.util.Arrays.copyOfRange(some, o * s, (o + 1) * s), what);
                        assertArrayEquals(expectedGrad, java.util.Arrays.copyOfRange(someGrad, o * s, (o + 1) * s),
                                "gradient " + what);
                    }
                }
            }
        }
    }

    private static float[] nans(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    @Test
    void gradientKernelsAgree() {
        for (int[] dims : new int[][] {{11, 21, 32}, {11, 70, 48}, {3, 100, 16}, {9, 70, 64}}) {
            gradientKernelsAgree(dims[0], dims[1], dims[2]);
        }
    }

    /**
     * Narrow inputs ({@code in <= 48}), a partial tile of inputs, fewer rows than a block, and
     * inputs wide enough for the engine's unpadded stride (70, not a multiple of the SIMD width).
     */
    private void gradientKernelsAgree(int out, int in, int s) {
        Rng r = new Rng(2);
        int ip = Engine.gradStride(in);
        float[] dz = random(out * s, r);
        float[] abm = new float[s * ip];
        float[] afm = new float[in * s];
        for (int c = 0; c < s; c++) {
            for (int i = 0; i < in; i++) {
                float v = (float) r.nextGaussian();
                abm[c * ip + i] = v;
                afm[i * s + c] = v;
            }
        }
        float[] g1 = new float[out * ip];
        float[] g2 = new float[out * ip];
        gradient(plain, out, ip, dz, abm, g1, s);
        gradient(fast, out, ip, dz, abm, g2, s);
        close(g1, g2);
        // The sparse kernel over all entries computes the same matrix from the feature-major copy.
        int[] ptr = new int[out + 1];
        int[] idx = new int[out * in];
        int[] pos = new int[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                idx[o * in + i] = i;
                pos[o * in + i] = o * in + i;
            }
            ptr[o + 1] = (o + 1) * in;
        }
        float[] g3 = new float[out * in];
        fast.gradSparse(out, ptr, idx, pos, dz, afm, g3, s);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertEquals(g1[o * ip + i], g3[o * in + i], 1e-4 * (1 + Math.abs(g1[o * ip + i])));
            }
        }
        float[] sums1 = new float[out];
        float[] sums2 = new float[out];
        plain.rowSums(out, dz, sums1, s);
        fast.rowSums(out, dz, sums2, s);
        close(sums1, sums2);
        float[] some = new float[out];
        java.util.Arrays.fill(some, 7f);
        fast.rowSums(new int[] {1}, dz, some, s);
        assertEquals(sums2[1], some[1], "a listed row's sum");
        assertEquals(7f, some[0], "an unlisted row's sum is left as it was");
    }

    /** ReLU's backward step on a range, SIMD and plain: 0 where the pre-activation is not positive, elsewhere and outside the range as it was. */
    @Test
    void reluBackwardZeroesWhereThePreActivationIsNotPositive() {
        Rng r = new Rng(8);
        int n = 100;
        float[] z = random(n, r);
        z[10] = 0f;
        float[] d0 = random(n, r);
        for (Kernels k : new Kernels[] {fast, plain}) {
            float[] d = d0.clone();
            k.reluBackward(d, z, 3, 91);
            for (int e = 0; e < n; e++) {
                assertEquals(e >= 3 && e < 91 && z[e] <= 0 ? 0f : d0[e], d[e], k.name() + ", element " + e);
            }
        }
    }

    @Test
    void sparseProductEqualsDenseProductWithZeros() {
        Rng r = new Rng(3);
        int rows = 9;
        int inner = 17;
        int s = 16;
        float[] w = random(rows * inner, r);
        int[] ptr = new int[rows + 1];
        int[] idx = new int[rows * inner];
        int[] pos = new int[rows * inner];
        int k = 0;
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < inner; i++) {
                if (r.nextDouble() < 0.3) {
                    idx[k] = i;
                    pos[k] = o * inner + i;
                    k++;
                } else {
                    w[o * inner + i] = 0;
                }
            }
            ptr[o + 1] = k;
        }
        float[] src = random(inner * s, r);
        float[] dense = new float[rows * s];
        float[] sparse = new float[rows * s];
        plain.gemm(rows, inner, w, inner, 1, new float[rows], src, dense, s);
        float[] val = new float[k];
        for (int e = 0; e < k; e++) {
            val[e] = w[pos[e]];
        }
        fast.spmmPacked(0, rows, ptr, idx, val, new float[rows], src, sparse, s);
        close(dense, sparse);
    }

    /** CSR lists by row of a random mask at {@code keep}, some rows empty; {ptr, idx, pos}. */
    private static int[][] lists(int rows, int inner, double keep, Rng r) {
        int[] ptr = new int[rows + 1];
        int[] idx = new int[rows * inner];
        int[] pos = new int[rows * inner];
        int k = 0;
        for (int o = 0; o < rows; o++) {
            // Every third row keeps few or no entries: the short-row and empty-row paths.
            double p = o % 3 == 2 ? keep / 8 : keep;
            for (int i = 0; i < inner; i++) {
                if (r.nextDouble() < p) {
                    idx[k] = i;
                    pos[k] = o * inner + i;
                    k++;
                }
            }
            ptr[o + 1] = k;
        }
        return new int[][] {ptr, java.util.Arrays.copyOf(idx, k), java.util.Arrays.copyOf(pos, k)};
    }

    /**
     * The sparse product with packed weights and in row bands, against an independent
     * reference: each element the bias, then one float FMA per entry in list order (what every
     * SIMD lane computes), bit for bit; rows outside the band, or not listed, untouched; the same
     * bits from a tiled copy of the source. Batch widths with and without whole 8-vector tiles.
     */
    @Test
    void sparseProductsAreTheBitsOfOneFmaChainPerElement() {
        Rng r = new Rng(4);
        for (int s : new int[] {16, 48, 128, 144, 272}) {
            int rows = 13;
            int inner = 40;
            int[][] l = lists(rows, inner, 0.4, r);
            float[] w = random(rows * inner, r);
            float[] bias = random(rows, r);
            float[] src = random(inner * s, r);
            float[] val = new float[l[1].length];
            for (int k = 0; k < val.length; k++) {
                val[k] = w[l[2][k]];
            }
            float[] expected = new float[rows * s];
            for (int o = 0; o < rows; o++) {
                for (int c = 0; c < s; c++) {
                    float acc = bias[o];
                    for (int k = l[0][o]; k < l[0][o + 1]; k++) {
                        acc = Math.fma(val[k], src[l[1][k] * s + c], acc);
                    }
                    expected[o * s + c] = acc;
                }
            }
            float[] packed = new float[rows * s];
            java.util.Arrays.fill(packed, 7f);
            fast.spmmPacked(0, 5, l[0], l[1], val, bias, src, packed, s);
            fast.spmmPacked(5, rows, l[0], l[1], val, bias, src, packed, s);
            assertArrayEquals(expected, packed, "packed, two bands, s = " + s);
            float[] band = new float[rows * s];
            java.util.Arrays.fill(band, 7f);
            fast.spmmPacked(3, 8, l[0], l[1], val, bias, src, band, s);
            for (int k = 0; k < band.length; k++) {
                int o = k / s;
                assertEquals(o >= 3 && o < 8 ? expected[k] : 7f, band[k], "band [3, 8), element " + k);
            }
            float[] plainOut = new float[rows * s];
            plain.spmmPacked(0, rows, l[0], l[1], val, bias, src, plainOut, s);
            close(expected, plainOut);
            // Listed rows only, as the engine computes the neurons the loss depends on.
            int[] listed = {1, 4, 5, 11};
            boolean[] isListed = new boolean[rows];
            for (int o : listed) {
                isListed[o] = true;
            }
            for (Kernels k : new Kernels[] {fast, plain}) {
                float[] some = new float[rows * s];
                java.util.Arrays.fill(some, 7f);
                k.spmmPacked(listed, 0, 2, l[0], l[1], val, bias, src, some, s);
                k.spmmPacked(listed, 2, listed.length, l[0], l[1], val, bias, src, some, s);
                for (int e = 0; e < some.length; e++) {
                    if (isListed[e / s]) {
                        assertEquals(k == fast ? expected[e] : plainOut[e], some[e], k.name() + ", listed row, element " + e);
                    } else {
                        assertEquals(7f, some[e], k.name() + ": an unlisted row is left as it was, element " + e);
                    }
                }
            }
            // Tile by tile from copies of the source's tiles (the last columns from src itself).
            if (fast.tile() > 0) {
                int t = fast.tile();
                float[] tiled = Kernels.tileBuffer(inner * s);
                float[] fromTiles = new float[rows * s];
                for (int q = (s + t - 1) / t - 1; q >= 0; q--) {
                    fast.spmmTile(q, rows, l[0], l[1], val, bias, src, tiled, inner, fromTiles, s);
                }
                for (int c = 0; c < s / t * t; c++) {
                    for (int i = 0; i < inner; i++) {
                        assertEquals(src[i * s + c], tiled[Kernels.TILE_SKIP + c / t * inner * t + i * t + c % t], "tiled copy");
                    }
                }
                assertArrayEquals(expected, fromTiles, "tiled, s = " + s);
                float[] someTiles = new float[rows * s];
                java.util.Arrays.fill(someTiles, 7f);
                for (int q = 0; q * t < s; q++) {
                    fast.spmmTile(q, listed, l[0], l[1], val, bias, src, tiled, inner, someTiles, s);
                }
                for (int e = 0; e < someTiles.length; e++) {
                    assertEquals(isListed[e / s] ? expected[e] : 7f, someTiles[e], "tiled, listed rows, element " + e);
                }
            }
        }
    }

    /**
     * The weight gradient's four interleaved chains give each entry the bits of that entry
     * computed alone (a one-entry row takes the single-chain path), and agree with the plain loops.
     */
    @Test
    void sparseGradientEntriesAreTheBitsOfTheEntryAlone() {
        Rng r = new Rng(5);
        for (int s : new int[] {16, 64, 512}) {
            int rows = 7;
            int inner = 30;
            int[][] l = lists(rows, inner, 0.5, r);
            float[] dz = random(rows * s, r);
            float[] a = random(inner * s, r);
            float[] g = new float[rows * inner];
            fast.gradSparse(0, 4, l[0], l[1], l[2], dz, a, g, s);
            fast.gradSparse(4, rows, l[0], l[1], l[2], dz, a, g, s);
            float[] ref = new float[rows * inner];
            plain.gradSparse(rows, l[0], l[1], l[2], dz, a, ref, s);
            close(ref, g);
            // Listed rows only: their entries get the bits above, the other rows' are left as they were.
            int[] listed = {0, 3, 6};
            for (Kernels k : new Kernels[] {fast, plain}) {
                float[] some = new float[rows * inner];
                java.util.Arrays.fill(some, 7f);
                k.gradSparse(listed, 0, listed.length, l[0], l[1], l[2], dz, a, some, s);
                float[] all = k == fast ? g : ref;
                for (int o = 0; o < rows; o++) {
                    boolean isListed = o == 0 || o == 3 || o == 6;
                    for (int q = l[0][o]; q < l[0][o + 1]; q++) {
                        assertEquals(isListed ? all[l[2][q]] : 7f, some[l[2][q]], k.name() + ", entry " + q + " of row " + o);
                    }
                }
            }
            for (int o = 0; o < rows; o++) {
                for (int k = l[0][o]; k < l[0][o + 1]; k++) {
                    float[] alone = new float[rows * inner];
                    int[] ptr = new int[rows + 1];
                    for (int q = o + 1; q <= rows; q++) {
                        ptr[q] = 1;
                    }
                    fast.gradSparse(rows, ptr, new int[] {l[1][k]}, new int[] {l[2][k]}, dz, a, alone, s);
                    assertEquals(Float.floatToRawIntBits(alone[l[2][k]]), Float.floatToRawIntBits(g[l[2][k]]),
                            "entry " + k + " of row " + o + ", s = " + s);
                }
            }
        }
    }

    /**
     * The SIMD weight gradient in blocks of source rows (as it runs with 16 lanes on large
     * layers) gives the bits of the unblocked one for every block size, including blocks of one
     * row, blocks that hold no entry of some rows and a last block that is cut short; for listed
     * rows only, too.
     */
    @Test
    void sparseGradientInBlocksOfSourceRowsKeepsTheBits() {
        assumeTrue(fast instanceof VectorKernels, "no SIMD kernel in this JVM");
        VectorKernels v = (VectorKernels) fast;
        Rng r = new Rng(8);
        int s = 64;
        int rows = 9;
        int inner = 70;
        int[][] l = lists(rows, inner, 0.3, r);
        float[] dz = random(rows * s, r);
        float[] a = random(inner * s, r);
        int[] all = Kernels.firstRows(rows);
        int[] listed = {1, 4, 8};
        for (int[] which : new int[][] {all, listed}) {
            float[] whole = new float[rows * inner];
            v.gradSparse(which, 0, which.length, l[0], l[1], l[2], dz, a, whole, s, Integer.MAX_VALUE);
            for (int block : new int[] {1, 4, 7, 32, 69, 70}) {
                float[] g = new float[rows * inner];
                v.gradSparse(which, 0, which.length, l[0], l[1], l[2], dz, a, g, s, block);
                for (int e = 0; e < g.length; e++) {
                    assertEquals(Float.floatToRawIntBits(whole[e]), Float.floatToRawIntBits(g[e]),
                            "blocks of " + block + ", element " + e + " (" + which.length + " rows listed)");
                }
            }
        }
    }

    /**
     * Loading listed columns of a row range from scattered data rows, SIMD and plain, exactly;
     * other elements untouched. Rows 5 to 58: six blocks of eight and six rows left over.
     */
    @Test
    void loadColumnsCopiesListedInputsOfARowRange() {
        Rng r = new Rng(6);
        int width = 37;
        int rows = 59;
        int s = 64;
        float[] x = random(90 * width, r);
        int[] offs = new int[s];
        for (int c = 0; c < rows; c++) {
            offs[c] = (int) (r.nextDouble() * 90) * width;
        }
        int[] cols = {0, 3, 4, 20, 36};
        for (Kernels k : new Kernels[] {fast, plain}) {
            float[] dst = new float[width * s];
            java.util.Arrays.fill(dst, -1f);
            k.loadColumns(x, offs, 5, rows, cols, dst, s);
            for (int i = 0; i < width; i++) {
                for (int c = 0; c < s; c++) {
                    boolean listed = java.util.Arrays.binarySearch(cols, i) >= 0 && c >= 5 && c < rows;
                    assertEquals(listed ? x[offs[c] + i] : -1f, dst[i * s + c], k.name() + " at " + i + ", " + c);
                }
            }
        }
    }

    /**
     * Adam and SGD on the kept positions only, with compact moments, give the bits of the masked
     * update of every element on the kept ones; pruned weights stay 0 (and their moments in the
     * masked update).
     */
    @Test
    void keptOnlyUpdatesAreTheMaskedUpdates() {
        Rng r = new Rng(7);
        int n = 203;
        float[] mask = new float[n];
        int[] kept = new int[n];
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (r.nextDouble() < 0.3) {
                mask[k] = 1f;
                kept[count++] = k;
            }
        }
        int[] list = java.util.Arrays.copyOf(kept, count);
        float[] w0 = random(n, r);
        for (int k = 0; k < n; k++) {
            // Pruned weights are +0, as Network.setMask leaves them.
            w0[k] = mask[k] == 0f ? 0f : w0[k];
        }
        float[] wA = w0.clone();
        float[] wB = w0.clone();
        float[] mA = new float[n];
        float[] vA = new float[n];
        float[] mB = new float[count];
        float[] vB = new float[count];
        float[] sA = w0.clone();
        float[] sB = w0.clone();
        float[] bA = new float[n];
        float[] bB = new float[count];
        for (int t = 1; t <= 3; t++) {
            float[] g = random(n, r);
            float step = (float) (1e-3 / (1 - Math.pow(0.9, t)));
            float bc = (float) Math.sqrt(1 - Math.pow(0.999, t));
            fast.adam(wA, g, mask, mA, vA, step, 0.9f, 0.1f, 0.999f, 0.001f, bc, 1e-8f, 0.99f);
            Kernels.adamKept(wB, g, mB, vB, list, 0, 40, step, 0.9f, 0.1f, 0.999f, 0.001f, bc, 1e-8f, 0.99f);
            Kernels.adamKept(wB, g, mB, vB, list, 40, count, step, 0.9f, 0.1f, 0.999f, 0.001f, bc, 1e-8f, 0.99f);
            fast.sgd(sA, g, mask, bA, 0.05f, 0.9f, 0.01f);
            Kernels.sgdKept(sB, g, bB, list, 0, count, 0.05f, 0.9f, 0.01f);
        }
        assertArrayEquals(wA, wB, "Adam weights");
        assertArrayEquals(sA, sB, "SGD weights");
        for (int j = 0; j < count; j++) {
            assertEquals(mA[list[j]], mB[j], "first moment of kept weight " + list[j]);
            assertEquals(vA[list[j]], vB[j], "second moment of kept weight " + list[j]);
            assertEquals(bA[list[j]], bB[j], "SGD momentum of kept weight " + list[j]);
        }
        for (int k = 0; k < n; k++) {
            if (mask[k] == 0f) {
                assertEquals(0, Float.floatToRawIntBits(wB[k]) | Float.floatToRawIntBits(mA[k]) | Float.floatToRawIntBits(vA[k]),
                        "pruned weight " + k + " and its moments");
            }
        }
    }
}
