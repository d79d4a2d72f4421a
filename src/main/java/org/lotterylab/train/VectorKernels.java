package org.lotterylab.train;

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

    @Override
    void spmm(int rows, int[] ptr, int[] idx, int[] pos, float[] w, float[] bias, float[] src, float[] dst, int s) {
        for (int r = 0; r < rows; r++) {
            int d = r * s;
            float b0 = bias == null ? 0f : bias[r];
            int e = ptr[r + 1];
            int c = 0;
            for (; c + 4 * L <= s; c += 4 * L) {
                FloatVector a0 = FloatVector.broadcast(F, b0);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int k = ptr[r]; k < e; k++) {
                    FloatVector wk = FloatVector.broadcast(F, w[pos[k]]);
                    int a = idx[k] * s + c;
                    a0 = FloatVector.fromArray(F, src, a).fma(wk, a0);
                    a1 = FloatVector.fromArray(F, src, a + L).fma(wk, a1);
                    a2 = FloatVector.fromArray(F, src, a + 2 * L).fma(wk, a2);
                    a3 = FloatVector.fromArray(F, src, a + 3 * L).fma(wk, a3);
                }
                a0.intoArray(dst, d + c);
                a1.intoArray(dst, d + c + L);
                a2.intoArray(dst, d + c + 2 * L);
                a3.intoArray(dst, d + c + 3 * L);
            }
            for (; c < s; c += L) {
                FloatVector a0 = FloatVector.broadcast(F, b0);
                for (int k = ptr[r]; k < e; k++) {
                    a0 = FloatVector.fromArray(F, src, idx[k] * s + c).fma(FloatVector.broadcast(F, w[pos[k]]), a0);
                }
                a0.intoArray(dst, d + c);
            }
        }
    }

    @Override
    void gradSparse(int rows, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g, int s) {
        for (int r = 0; r < rows; r++) {
            int d = r * s;
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                int src = idx[k] * s;
                FloatVector acc = FloatVector.zero(F);
                for (int c = 0; c < s; c += L) {
                    acc = FloatVector.fromArray(F, dz, d + c).fma(FloatVector.fromArray(F, a, src + c), acc);
                }
                g[pos[k]] = acc.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    @Override
    void gemm(int rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst, int s) {
        // 4 rows x 4 vectors = 16 accumulators: 8 loads feed 16 FMAs, so the FMA units, not the
        // load ports, set the pace.
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            float c0 = bias == null ? 0f : bias[r];
            float c1 = bias == null ? 0f : bias[r + 1];
            float c2 = bias == null ? 0f : bias[r + 2];
            float c3 = bias == null ? 0f : bias[r + 3];
            int w0 = r * rs;
            int w1 = w0 + rs;
            int w2 = w1 + rs;
            int w3 = w2 + rs;
            int c = 0;
            for (; c + 4 * L <= s; c += 4 * L) {
                FloatVector x00 = FloatVector.broadcast(F, c0), x01 = x00, x02 = x00, x03 = x00;
                FloatVector x10 = FloatVector.broadcast(F, c1), x11 = x10, x12 = x10, x13 = x10;
                FloatVector x20 = FloatVector.broadcast(F, c2), x21 = x20, x22 = x20, x23 = x20;
                FloatVector x30 = FloatVector.broadcast(F, c3), x31 = x30, x32 = x30, x33 = x30;
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
                int d = r * s + c;
                x00.intoArray(dst, d);
                x01.intoArray(dst, d + L);
                x02.intoArray(dst, d + 2 * L);
                x03.intoArray(dst, d + 3 * L);
                d += s;
                x10.intoArray(dst, d);
                x11.intoArray(dst, d + L);
                x12.intoArray(dst, d + 2 * L);
                x13.intoArray(dst, d + 3 * L);
                d += s;
                x20.intoArray(dst, d);
                x21.intoArray(dst, d + L);
                x22.intoArray(dst, d + 2 * L);
                x23.intoArray(dst, d + 3 * L);
                d += s;
                x30.intoArray(dst, d);
                x31.intoArray(dst, d + L);
                x32.intoArray(dst, d + 2 * L);
                x33.intoArray(dst, d + 3 * L);
            }
            for (int j = 0; j < 4; j++) {
                gemmRow(r + j, c, inner, w, rs, ks, bias, src, dst, s);
            }
        }
        for (; r < rows; r++) {
            gemmRow(r, 0, inner, w, rs, ks, bias, src, dst, s);
        }
    }

    /** One row of {@link #gemm} from column {@code from} on, one vector at a time. */
    private static void gemmRow(int r, int from, int inner, float[] w, int rs, int ks, float[] bias, float[] src,
                                float[] dst, int s) {
        float b0 = bias == null ? 0f : bias[r];
        for (int c = from; c < s; c += L) {
            FloatVector acc = FloatVector.broadcast(F, b0);
            for (int k = 0; k < inner; k++) {
                acc = FloatVector.fromArray(F, src, k * s + c).fma(FloatVector.broadcast(F, w[r * rs + k * ks]), acc);
            }
            acc.intoArray(dst, r * s + c);
        }
    }

    @Override
    void gradDense(int out, int ip, float[] dz, float[] abm, float[] g, int s) {
        // 4 output rows x up to 4 vectors of inputs, accumulated over the batch columns.
        int o = 0;
        for (; o + 4 <= out; o += 4) {
            int z0 = o * s;
            int i = 0;
            for (; i + 4 * L <= ip; i += 4 * L) {
                FloatVector x00 = FloatVector.zero(F), x01 = x00, x02 = x00, x03 = x00;
                FloatVector x10 = x00, x11 = x00, x12 = x00, x13 = x00;
                FloatVector x20 = x00, x21 = x00, x22 = x00, x23 = x00;
                FloatVector x30 = x00, x31 = x00, x32 = x00, x33 = x00;
                for (int c = 0; c < s; c++) {
                    int a = c * ip + i;
                    FloatVector s0 = FloatVector.fromArray(F, abm, a);
                    FloatVector s1 = FloatVector.fromArray(F, abm, a + L);
                    FloatVector s2 = FloatVector.fromArray(F, abm, a + 2 * L);
                    FloatVector s3 = FloatVector.fromArray(F, abm, a + 3 * L);
                    FloatVector v = FloatVector.broadcast(F, dz[z0 + c]);
                    x00 = s0.fma(v, x00);
                    x01 = s1.fma(v, x01);
                    x02 = s2.fma(v, x02);
                    x03 = s3.fma(v, x03);
                    v = FloatVector.broadcast(F, dz[z0 + s + c]);
                    x10 = s0.fma(v, x10);
                    x11 = s1.fma(v, x11);
                    x12 = s2.fma(v, x12);
                    x13 = s3.fma(v, x13);
                    v = FloatVector.broadcast(F, dz[z0 + 2 * s + c]);
                    x20 = s0.fma(v, x20);
                    x21 = s1.fma(v, x21);
                    x22 = s2.fma(v, x22);
                    x23 = s3.fma(v, x23);
                    v = FloatVector.broadcast(F, dz[z0 + 3 * s + c]);
                    x30 = s0.fma(v, x30);
                    x31 = s1.fma(v, x31);
                    x32 = s2.fma(v, x32);
                    x33 = s3.fma(v, x33);
                }
                int d = o * ip + i;
                x00.intoArray(g, d);
                x01.intoArray(g, d + L);
                x02.intoArray(g, d + 2 * L);
                x03.intoArray(g, d + 3 * L);
                d += ip;
                x10.intoArray(g, d);
                x11.intoArray(g, d + L);
                x12.intoArray(g, d + 2 * L);
                x13.intoArray(g, d + 3 * L);
                d += ip;
                x20.intoArray(g, d);
                x21.intoArray(g, d + L);
                x22.intoArray(g, d + 2 * L);
                x23.intoArray(g, d + 3 * L);
                d += ip;
                x30.intoArray(g, d);
                x31.intoArray(g, d + L);
                x32.intoArray(g, d + 2 * L);
                x33.intoArray(g, d + 3 * L);
            }
            for (; i < ip; i += L) {
                FloatVector x0 = FloatVector.zero(F), x1 = x0, x2 = x0, x3 = x0;
                for (int c = 0; c < s; c++) {
                    FloatVector s0 = FloatVector.fromArray(F, abm, c * ip + i);
                    x0 = s0.fma(FloatVector.broadcast(F, dz[z0 + c]), x0);
                    x1 = s0.fma(FloatVector.broadcast(F, dz[z0 + s + c]), x1);
                    x2 = s0.fma(FloatVector.broadcast(F, dz[z0 + 2 * s + c]), x2);
                    x3 = s0.fma(FloatVector.broadcast(F, dz[z0 + 3 * s + c]), x3);
                }
                x0.intoArray(g, o * ip + i);
                x1.intoArray(g, (o + 1) * ip + i);
                x2.intoArray(g, (o + 2) * ip + i);
                x3.intoArray(g, (o + 3) * ip + i);
            }
        }
        for (; o < out; o++) {
            for (int i = 0; i < ip; i += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int c = 0; c < s; c++) {
                    acc = FloatVector.fromArray(F, abm, c * ip + i).fma(FloatVector.broadcast(F, dz[o * s + c]), acc);
                }
                acc.intoArray(g, o * ip + i);
            }
        }
    }

    @Override
    void rowSums(int rows, float[] src, float[] sums, int s) {
        for (int r = 0; r < rows; r++) {
            FloatVector acc = FloatVector.zero(F);
            for (int c = 0; c < s; c += L) {
                acc = acc.add(FloatVector.fromArray(F, src, r * s + c));
            }
            sums[r] = acc.reduceLanes(VectorOperators.ADD);
        }
    }

    @Override
    void reluBackward(float[] d, float[] z, int n) {
        int kv = n - n % L;
        for (int k = 0; k < kv; k += L) {
            FloatVector zk = FloatVector.fromArray(F, z, k);
            FloatVector.fromArray(F, d, k).blend(0f, zk.compare(VectorOperators.LE, 0f)).intoArray(d, k);
        }
        reluBackwardRange(d, z, kv, n);
    }

    @Override
    void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, float stepSize, float b1, float c1,
              float b2, float c2, float sqrtBc2, float eps, float decay) {
        int n = w.length;
        int kv = n - n % L;
        for (int k = 0; k < kv; k += L) {
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
