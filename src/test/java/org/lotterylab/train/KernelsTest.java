package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        fast.spmm(rows, ptr, idx, pos, w, new float[rows], src, sparse, s);
        close(dense, sparse);
    }
}
