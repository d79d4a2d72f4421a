package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.data.Datasets;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * {@link Blas} against the plain-loop kernels ({@link Kernels#scalar()}) on the three product
 * forms training uses, the engine's OpenBLAS path against its own kernels, and the bit-for-bit
 * independence of results from the thread count.
 */
class BlasTest {
    @BeforeAll
    static void needsBlas() {
        assumeTrue(Blas.available(), () -> "OpenBLAS not loadable here: " + Blas.problem());
    }

    private static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /**
     * Float rounding bound of one element: each of the {@code k} terms and partial sums rounds
     * by at most 2^-24 relative, so two differently ordered float sums differ by at most
     * {@code 2 k 2^-24 sum|terms|} (the sums of absolute terms are computed in double here).
     */
    private static void assertClose(float[] expected, float[] actual, double[] absSums, int k) {
        for (int i = 0; i < expected.length; i++) {
            double tol = 2.0 * k * Math.ulp(1f) / 2 * absSums[i] + 1e-6;
            assertEquals(expected[i], actual[i], tol, "element " + i);
        }
    }

    /** The three product forms at one size: forward W A, input gradient W^T dZ, weight gradient dZ A^T. */
    private static void checkForms(int in, int out, int s, long seed) {
        Random r = new Random(seed);
        float[] w = random(out * in, r);
        float[] bias = random(out, r);
        float[] a = random(in * s, r);
        float[] dz = random(out * s, r);
        Kernels scalar = Kernels.scalar();
        float[] zeros = new float[Math.max(in, Math.max(out, s))];

        // Forward: dst[o][c] = bias[o] + sum_i w[o][i] a[i][c]; OpenBLAS adds onto the bias (beta 1).
        float[] ref = new float[out * s];
        scalar.gemm(out, in, w, in, 1, bias, a, ref, s);
        float[] got = new float[out * s];
        for (int o = 0; o < out; o++) {
            java.util.Arrays.fill(got, o * s, o * s + s, bias[o]);
        }
        Blas.gemm(false, false, out, s, in, w, in, a, s, 1f, got, s, 1);
        double[] abs = new double[out * s];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < s; c++) {
                double sum = Math.abs(bias[o]);
                for (int i = 0; i < in; i++) {
                    sum += Math.abs((double) w[o * in + i] * a[i * s + c]);
                }
                abs[o * s + c] = sum;
            }
        }
        assertClose(ref, got, abs, in + 1);

        // Input gradient (A transposed): dPrev[i][c] = sum_o w[o][i] dz[o][c].
        ref = new float[in * s];
        scalar.gemm(in, out, w, 1, in, zeros, dz, ref, s);
        got = new float[in * s];
        java.util.Arrays.fill(got, Float.NaN); // beta 0 must overwrite, not scale, what was there
        Blas.gemm(true, false, in, s, out, w, in, dz, s, 0f, got, s, 1);
        abs = new double[in * s];
        for (int i = 0; i < in; i++) {
            for (int c = 0; c < s; c++) {
                double sum = 0;
                for (int o = 0; o < out; o++) {
                    sum += Math.abs((double) w[o * in + i] * dz[o * s + c]);
                }
                abs[i * s + c] = sum;
            }
        }
        assertClose(ref, got, abs, out);

        // Weight gradient (B transposed): g[o][i] = sum_c dz[o][c] a[i][c]; the scalar kernel
        // reads the activations batch-major.
        float[] abm = new float[s * in];
        for (int i = 0; i < in; i++) {
            for (int c = 0; c < s; c++) {
                abm[c * in + i] = a[i * s + c];
            }
        }
        ref = new float[out * in];
        scalar.gemm(out, s, dz, s, 1, zeros, abm, ref, in);
        got = new float[out * in];
        Blas.gemm(false, true, out, in, s, dz, s, a, s, 0f, got, in, 1);
        abs = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int c = 0; c < s; c++) {
                    sum += Math.abs((double) dz[o * s + c] * a[i * s + c]);
                }
                abs[o * in + i] = sum;
            }
        }
        assertClose(ref, got, abs, s);
    }

    @Test
    void smallProductsMatchTheScalarKernels() {
        checkForms(3, 5, 16, 1);
        checkForms(17, 9, 32, 2);
        checkForms(40, 40, 64, 3);
    }

    @Test
    void largeProductsMatchTheScalarKernels() {
        checkForms(300, 200, 128, 4);
        checkForms(784, 392, 64, 5);
    }

    @Test
    void resultsAreTheSameBitsOnAnyThreadCount() {
        Random r = new Random(9);
        for (int[] size : new int[][] {{1568, 784, 128}, {784, 392, 128}, {392, 20, 128}, {200, 70, 32}, {784, 392, 512}, {392, 20, 512}}) {
            int in = size[0];
            int out = size[1];
            int s = size[2];
            float[] w = random(out * in, r);
            float[] a = random(in * s, r);
            float[] dz = random(out * s, r);
            float[][] fwd = new float[4][out * s];
            float[][] back = new float[4][in * s];
            float[][] grad = new float[4][out * in];
            for (int t = 1; t <= 3; t++) {
                Blas.gemm(false, false, out, s, in, w, in, a, s, 0f, fwd[t], s, t);
                Blas.gemm(true, false, in, s, out, w, in, dz, s, 0f, back[t], s, t);
                Blas.gemm(false, true, out, in, s, dz, s, a, s, 0f, grad[t], in, t);
            }
            for (int t = 2; t <= 3; t++) {
                assertArrayEquals(fwd[1], fwd[t], "forward " + in + "x" + out + " on " + t + " threads");
                assertArrayEquals(back[1], back[t], "input gradient " + in + "x" + out + " on " + t + " threads");
                assertArrayEquals(grad[1], grad[t], "weight gradient " + in + "x" + out + " on " + t + " threads");
            }
        }
    }

    /** A network with every layer's weights kept with probability {@code keep}, pruned weights 0. */
    static Network network(int[] shape, double keep, long seed) {
        Rng rng = new Rng(seed);
        float[][] w = new float[shape.length - 1][];
        float[][] b = new float[shape.length - 1][];
        Mask.Builder m = Mask.full(shape).toBuilder();
        for (int l = 0; l < w.length; l++) {
            w[l] = new float[shape[l] * shape[l + 1]];
            b[l] = new float[shape[l + 1]];
            for (int k = 0; k < w[l].length; k++) {
                boolean kept = rng.nextDouble() < keep;
                m.weightAt(l, k, kept);
                w[l][k] = kept ? (float) (rng.uniform(-1, 1) * Math.sqrt(2.0 / shape[l])) : 0f;
            }
            for (int o = 0; o < b[l].length; o++) {
                b[l][o] = (float) rng.uniform(-0.1, 0.1);
            }
        }
        return Network.of(shape, org.lotterylab.model.Activation.RELU, w, b, m.build());
    }

    /** {@code rows} random rows of two tasks of {@code classes} classes, each owning half the inputs. */
    static Dataset data(int rows, int inputs, int classes, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[rows * inputs];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rng.uniform(-1, 1);
        }
        float[] y = new float[rows * 2];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) Math.floor(rng.nextDouble() * classes);
        }
        int[][] own = new int[2][inputs / 2];
        for (int t = 0; t < 2; t++) {
            for (int i = 0; i < inputs / 2; i++) {
                own[t][i] = t * (inputs / 2) + i;
            }
        }
        return Datasets.of(x, y, rows, inputs, own);
    }

    /**
     * The engine's gradients and loss through OpenBLAS equal those of its own kernels (the plain
     * loops) within float rounding, dense and at densities where some products stay sparse.
     */
    @Test
    void engineThroughBlasMatchesItsOwnKernels() {
        int[] shape = {96, 130, 70, 6};
        Heads heads = Heads.of(3, 3);
        Dataset d = data(100, 96, 3, 3);
        for (double keep : new double[] {1.0, 0.3, 0.05}) {
            Network net = network(shape, keep, 11);
            Engine ref = new Engine(net, 100, Kernels.scalar(), heads, Long.MAX_VALUE, 1);
            // Every layer through OpenBLAS, then the first only (beside the kernels' layers).
            for (long blasWeights : new long[] {0, 96 * 130}) {
                check(net, d, heads, keep, ref, new Engine(net, 100, Kernels.scalar(), heads, blasWeights, 2));
            }
        }
    }

    private static void check(Network net, Dataset d, Heads heads, double keep, Engine ref, Engine got) {
        double[] loss = new double[2];
        int e = 0;
        for (Engine eng : new Engine[] {ref, got}) {
            eng.load(d, null, 0, 100);
            eng.forward();
            loss[e++] = eng.loss(null, null, 1.0 / 200);
            eng.backward();
        }
        assertEquals(loss[0], loss[1], 1e-5 * Math.abs(loss[0]), "loss at density " + keep);
        for (int l = 0; l < net.layers(); l++) {
            double scale = 0;
            float[] refG = ref.weightGradient(l);
            float[] gotG = got.weightGradient(l);
            for (float g : refG) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int k = 0; k < refG.length; k++) {
                if (!net.mask().weightAt(l, k)) {
                    // A pruned weight's gradient is never used (the update masks it), and the
                    // paths differ there: the engine's own kernels skip neurons the loss does
                    // not depend on, OpenBLAS computes every row.
                    continue;
                }
                assertEquals(refG[k], gotG[k], 1e-4 * scale + 1e-9,
                        "weight gradient " + k + " of layer " + l + " at density " + keep);
            }
            for (int o = 0; o < ref.gB[l].length; o++) {
                assertEquals(ref.gB[l][o], got.gB[l][o], 1e-4 * Math.abs(ref.gB[l][o]) + 1e-6,
                        "bias gradient " + o + " of layer " + l + " at density " + keep);
            }
        }
    }

    @Test
    void onlyLargeLayersTakeTheBlasPath() {
        assertFalse(Engine.blasLayer(410, 410), "the toy benchmark's 410 x 410 layer");
        assertTrue(Engine.blasLayer(1568, 784), "the thesis' first layer");
        assertTrue(Engine.blasLayer(784, 392), "the thesis' second layer");
        assertFalse(Engine.blasLayer(392, 20), "the thesis' head");
        assertTrue(Engine.blasLayer(512, 512), "exactly 2^18 weights");
        assertFalse(Engine.blasLayer(511, 513), "262,143 weights");
    }

    /**
     * Training an image-scale network through OpenBLAS gives the same bits twice, and on one
     * thread as on two and three. Its 440 x 64 layer is small (the SIMD kernel's), but its
     * products reach {@link Engine#PARALLEL_WORK}: they, the activation and ReLU's backward step
     * run in parts of rows on the threads ({@link Engine#rowParts}).
     */
    @Test
    void trainingThroughBlasIsDeterministicOnAnyThreadBudget() {
        int[] shape = {600, 440, 64, 6};
        int batch = 128;
        assertTrue(Engine.blasLayer(600, 440));
        assertFalse(Engine.blasLayer(440, 64));
        assertTrue((long) 64 * 440 * batch >= Engine.PARALLEL_WORK, "the 440 x 64 products split into parts");
        Dataset d = data(300, 600, 3, 5);
        DataSplit split = new DataSplit(d, d.slice(0, 100), d.slice(100, 200), new double[600], new double[600]);
        TrainConfig cfg = TrainConfig.builder().batchSize(batch).fixedEpochs(2).build();
        int[] budgets = {1, 1, 2, 3};
        Network[] nets = new Network[budgets.length];
        int before = Trainer.threads();
        try {
            for (int i = 0; i < budgets.length; i++) {
                Trainer.setThreads(budgets[i]);
                nets[i] = network(shape, 1.0, 21);
                Trainer.fit(nets[i], split, Heads.of(3, 3), cfg, new Rng(4), new TrainListener() { });
            }
        } finally {
            Trainer.setThreads(before);
        }
        Network untrained = network(shape, 1.0, 21);
        for (int l = 0; l < 3; l++) {
            assertFalse(java.util.Arrays.equals(untrained.weights(l), nets[0].weights(l)), "training moved layer " + l);
        }
        for (int i = 1; i < budgets.length; i++) {
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(nets[0].weights(l), nets[i].weights(l), "weights of layer " + l + ", run " + i);
                assertArrayEquals(nets[0].biases(l), nets[i].biases(l), "biases of layer " + l + ", run " + i);
            }
        }
    }

    /** Row parts: consecutive, together the rows in order, whole blocks of 4 but the last, at most 4 per thread. */
    @Test
    void rowPartsCoverTheRowsInBlocksOfFour() {
        int[] rows = new int[22];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = 3 * j + 1;
        }
        assertEquals(1, Engine.rowParts(rows, 1).length, "one thread, one part");
        assertEquals(1, Engine.rowParts(java.util.Arrays.copyOf(rows, 7), 2).length, "one block, one part");
        int[][] parts = Engine.rowParts(rows, 2);
        assertEquals(5, parts.length, "5 blocks of 4 rows, at most 8 parts");
        int[] lengths = java.util.Arrays.stream(parts).mapToInt(p -> p.length).toArray();
        assertArrayEquals(new int[] {4, 4, 4, 4, 6}, lengths);
        assertArrayEquals(rows, java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray());
        int[] many = new int[400];
        int[][] cut = Engine.rowParts(many, 2);
        assertEquals(8, cut.length, "100 blocks, 4 parts per thread");
        for (int p = 0; p < cut.length; p++) {
            assertEquals(0, cut[p].length % 4, "part " + p);
            assertTrue(cut[p].length == 48 || cut[p].length == 52, "about equal parts: " + cut[p].length);
        }
    }

    /**
     * The same with pruned masks, on the paths only pruned large layers take: at 60% kept, dense
     * products through OpenBLAS; at 30%, the kept-only update in chunks on the threads, with tiled
     * sparse products by column tile on the threads; at 10%, sparse products on the threads; at
     * 2%, a net below {@link Engine#PARALLEL_NET_WORK}, everything on one thread whatever the
     * budget. Training gives the same bits on 1, 2 and 3 threads, and every pruned weight stays
     * exactly 0.
     */
    @Test
    void sparseTrainingIsDeterministicOnAnyThreadBudget() {
        int[] shape = {1024, 512, 6};
        int batch = 256;
        Dataset d = data(300, 1024, 3, 6);
        DataSplit split = new DataSplit(d, d.slice(0, 100), d.slice(100, 200), new double[1024], new double[1024]);
        TrainConfig cfg = TrainConfig.builder().batchSize(batch).fixedEpochs(2).build();
        int before = Trainer.threads();
        try {
            for (double keep : new double[] {0.6, 0.3, 0.1, 0.02}) {
                int kept = network(shape, keep, 22).mask().keptWeights(0);
                Kernels kern = Kernels.best();
                if (keep == 0.6) {
                    assertTrue(Engine.blasLayer(1024, 512) && Engine.blasProduct(1024, 512, kept, kern),
                            "dense products through OpenBLAS");
                } else if (keep == 0.3) {
                    assertTrue(Engine.blasLayer(1024, 512) && Engine.keptUpdate(1024, 512, kept)
                            && kept >= Engine.PARALLEL_WORK / 64, "kept-only update in chunks");
                    assertTrue(!Engine.blasProduct(1024, 512, kept, kern) && Engine.tiles(kept, 1024, batch, kern),
                            "tiled sparse products");
                } else {
                    assertFalse(Engine.blasProduct(1024, 512, kept, kern) || Engine.blasGradient(1024, 512, kept, kern));
                    assertTrue(keep < 0.1 || (long) kept * batch >= Engine.PARALLEL_WORK, "sparse products split into bands");
                    long netWork = (long) network(shape, keep, 22).mask().keptWeights() * batch;
                    assertEquals(keep < 0.1, netWork < Engine.PARALLEL_NET_WORK, "one thread at 2% only");
                }
                Network[] nets = new Network[3];
                for (int t = 1; t <= 3; t++) {
                    Trainer.setThreads(t);
                    nets[t - 1] = network(shape, keep, 22);
                    Trainer.fit(nets[t - 1], split, Heads.of(3, 3), cfg, new Rng(4), new TrainListener() { });
                }
                assertFalse(java.util.Arrays.equals(network(shape, keep, 22).weights(0), nets[0].weights(0)),
                        "training moved the weights");
                for (int t = 2; t <= 3; t++) {
                    for (int l = 0; l < 2; l++) {
                        assertArrayEquals(nets[0].weights(l), nets[t - 1].weights(l),
                                keep + " kept: weights of layer " + l + " on " + t + " threads");
                        assertArrayEquals(nets[0].biases(l), nets[t - 1].biases(l),
                                keep + " kept: biases of layer " + l + " on " + t + " threads");
                    }
                }
                for (int l = 0; l < 2; l++) {
                    float[] w = nets[0].weights(l);
                    for (int k = 0; k < w.length; k++) {
                        if (!nets[0].mask().weightAt(l, k)) {
                            assertEquals(0, Float.floatToRawIntBits(w[k]), "pruned weight " + k + " of layer " + l);
                        }
                    }
                }
            }
        } finally {
            Trainer.setThreads(before);
        }
    }
}
