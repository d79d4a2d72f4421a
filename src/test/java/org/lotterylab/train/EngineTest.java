package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

class EngineTest {

    /**
     * [2,3,3,1]: hidden-2 neuron 1 keeps no weight to the output, so it is not computed; hidden-1
     * neuron 0 keeps weights only into that neuron, so it is not computed either, although it has
     * kept weights of its own. Hidden-1 neuron 2 keeps weights in, none out.
     */
    @Test
    void neuronsTheLossCannotSeeAreNotComputed() {
        int[] shape = {2, 3, 3, 1};
        Mask.Builder b = Mask.full(shape).toBuilder();
        b.weight(2, 0, 1, false); // hidden-2 neuron 1 -> output
        for (int o : new int[] {0, 2}) {
            b.weight(1, o, 0, false); // hidden-1 neuron 0 -> hidden-2 neurons 0 and 2
        }
        for (int o = 0; o < 3; o++) {
            b.weight(1, o, 2, false); // hidden-1 neuron 2 -> everything
        }
        int[][] live = Engine.liveNeurons(b.build());
        assertArrayEquals(new int[] {0, 1}, live[0]);
        assertArrayEquals(new int[] {1}, live[1]);
        assertArrayEquals(new int[] {0, 2}, live[2]);
        assertArrayEquals(new int[] {0}, live[3]);
    }

    @Test
    void aFullMaskComputesEveryNeuron() {
        int[][] live = Engine.liveNeurons(Mask.full(new int[] {4, 5, 2}));
        assertArrayEquals(new int[] {0, 1, 2, 3}, live[0]);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, live[1]);
        assertArrayEquals(new int[] {0, 1}, live[2]);
    }

    /**
     * A net below {@link Engine#PARALLEL_NET_WORK} multiply-adds per product trains on one thread
     * whatever the budget; from it on, on the budget. At a batch of 512 the bound is 2^23 / 512 =
     * 16,384 kept weights: the thesis net at 1% kept (about 15,400) stays on one thread, at 1.1%
     * (about 17,000) takes the budget.
     */
    @Test
    void smallNetsTrainOnOneThread() {
        int[] shape = {1568, 784, 392, 20};
        assertEquals(16_384, Engine.PARALLEL_NET_WORK / 512);
        Network below = BlasBench.randomNet(shape, 0.01, 3);
        Network above = BlasBench.randomNet(shape, 0.011, 3);
        assertTrue(below.mask().keptWeights() < 16_384 && above.mask().keptWeights() >= 16_384,
                below.mask().keptWeights() + " and " + above.mask().keptWeights() + " kept weights");
        Heads heads = Heads.of(10, 10);
        assertEquals(1, new Engine(below, 512, Kernels.best(), heads, Long.MAX_VALUE, 2).threads());
        assertEquals(2, new Engine(above, 512, Kernels.best(), heads, Long.MAX_VALUE, 2).threads());
        assertEquals(3, new Engine(above, 512, Kernels.best(), heads, Long.MAX_VALUE, 3).threads());
        // A smaller batch scales the bound: 17,000 weights x 256 columns are below it.
        assertEquals(1, new Engine(above, 256, Kernels.best(), heads, Long.MAX_VALUE, 2).threads());
    }

    /**
     * A net below {@link Engine#PARALLEL_NET_WORK} with a large first layer, on a budget of two,
     * loads each next block on the loader thread while the current one trains
     * ({@link Engine#prefetch}). The blocks it hands over are those a direct load gives: the same
     * loss and weight gradients, bit for bit, as an engine on one thread, through a shuffled
     * epoch with a short last block, the first block of other data, and a prefetched block that
     * the next load does not ask for. On one thread, or above the bound, it does nothing.
     */
    @Test
    void prefetchedBlocksAreTheBlocksLoadedDirectly() {
        int[] shape = {1568, 784, 392, 20};
        Network net = BlasBench.randomNet(shape, 0.01, 3);
        Heads heads = Heads.of(10, 10);
        Engine one = new Engine(net, 512, Kernels.best(), heads, Long.MAX_VALUE, 1);
        Engine two = new Engine(net, 512, Kernels.best(), heads, Long.MAX_VALUE, 2);
        assertTrue(two.prefetching() && !one.prefetching());
        assertFalse(new Engine(BlasBench.randomNet(shape, 0.011, 3), 512, Kernels.best(), heads, Long.MAX_VALUE, 2)
                .prefetching(), "above the bound the threads share the products");
        Dataset all = BlasBench.randomImageRows(1300 + 200);
        Dataset train = all.slice(0, 1300);
        Dataset other = all.slice(1300, 1500);
        int[] order = new Rng(9).permutation(1300);
        // {data, from, rows} per block; the third block's successor is prefetched but not loaded.
        Object[][] blocks = {{train, 0, 512}, {train, 512, 512}, {train, 1024, 276}, {other, 0, 200},
                {train, 0, 512}};
        Object[] unasked = {train, 512, 512};
        for (int b = 0; b < blocks.length; b++) {
            for (Engine e : new Engine[] {one, two}) {
                Dataset d = (Dataset) blocks[b][0];
                e.load(d, d == train ? order : null, (int) blocks[b][1], (int) blocks[b][2]);
                Object[] next = b == 3 ? unasked : b + 1 < blocks.length ? blocks[b + 1] : null;
                if (next != null) {
                    Dataset nd = (Dataset) next[0];
                    e.prefetch(nd, nd == train ? order : null, (int) next[1], (int) next[2]);
                }
            }
            for (Engine e : new Engine[] {one, two}) {
                e.forward();
            }
            int rows = (int) blocks[b][2];
            assertEquals(one.loss(null, null, 1.0 / rows), two.loss(null, null, 1.0 / rows), "loss of block " + b);
            one.backward();
            two.backward();
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(one.weightGradient(l), two.weightGradient(l), "block " + b + ", layer " + l);
            }
        }
        assertEquals(3, two.prefetchedLoads(), "blocks 1, 2 and 3 came from the loader, block 4 was loaded directly");
        assertEquals(0, one.prefetchedLoads());
    }

    /**
     * A sparse engine whose forward and input-gradient products read tiled copies of their
     * sources computes the same bits as one that reads the sources themselves (the same kernels
     * without {@link Kernels#tile()}), on one and on two threads.
     */
    @Test
    void tiledSparseProductsGiveTheBitsOfUntiledOnes() {
        Kernels best = Kernels.best();
        assumeTrue(best.tile() > 0, "this kernel has no tiled product");
        int[] shape = {1568, 96, 40, 20}; // randomImageRows' inputs, two 10-class heads
        int batch = 4 * best.tile() + 16; // whole tiles and a narrow rest
        Network net = BlasBench.randomNet(shape, 0.2, 5);
        assertTrue(Engine.tiles(net.mask().keptWeights(0), shape[0], Kernels.padded(batch), best), "layer 0 forward tiled");
        assertTrue(Engine.tiles(net.mask().keptWeights(1), shape[2], Kernels.padded(batch), best),
                "layer 1 input gradient tiled");
        assertFalse(Engine.tiles(net.mask().keptWeights(0), shape[0], best.tile(), best), "one tile per row: never");
        Dataset d = BlasBench.randomImageRows(batch);
        Kernels untiled = new Untiled(best);
        for (int threads = 1; threads <= 2; threads++) {
            Engine a = new Engine(net, batch, best, Heads.of(10, 10), Long.MAX_VALUE, threads);
            Engine b = new Engine(net, batch, untiled, Heads.of(10, 10), Long.MAX_VALUE, threads);
            for (Engine e : new Engine[] {a, b}) {
                e.load(d, null, 0, batch);
                e.forward();
                e.loss(null, null, 1.0 / batch);
                e.backward();
            }
            for (int l = 0; l < shape.length - 1; l++) {
                assertArrayEquals(b.weightGradient(l), a.weightGradient(l), "weight gradient of layer " + l + ", " + threads + " threads");
                assertArrayEquals(b.gB[l], a.gB[l], "bias gradient of layer " + l + ", " + threads + " threads");
            }
        }
    }

    /**
     * The thesis' shape with most hidden neurons cut off from the outputs (2% kept in layer 0, 5%
     * in layer 1, 0.3% in the head): the engine computes the others only, through the tiled
     * product and, on two threads, in bands, yet every gradient is the true one, checked against
     * central differences of {@link ReferenceLoss}, which computes every neuron (kept weights into
     * computed and into skipped neurons, biases of both); a skipped neuron's bias gradient is
     * exactly 0, and two threads give the bits of one.
     */
    @Test
    void skippedNeuronsAtTheThesisShapeGetTheirTrueGradients() {
        int[] shape = {1568, 784, 392, 20};
        double[] keep = {0.02, 0.05, 0.003};
        int rows = 256;
        Rng r = new Rng(11);
        Mask.Builder mb = Mask.full(shape).toBuilder();
        for (int l = 0; l < keep.length; l++) {
            for (int j = 0; j < shape[l] * shape[l + 1]; j++) {
                mb.weightAt(l, j, r.nextDouble() < keep[l]);
            }
        }
        Network net = BlasBench.randomNet(shape, 1.0, 6);
        net.setMask(mb.build());
        int[][] live = Engine.liveNeurons(net.mask());
        assertTrue(live[1].length < 0.9 * shape[1] && live[2].length < 0.1 * shape[2],
                "skipped neurons in both hidden layers: " + live[1].length + ", " + live[2].length + " computed");
        Dataset d = BlasBench.randomImageRows(rows);
        Heads heads = Heads.of(10, 10);
        Engine[] engines = new Engine[2];
        for (int threads = 1; threads <= 2; threads++) {
            Engine e = new Engine(net, rows, Kernels.best(), heads, Long.MAX_VALUE, threads);
            e.load(d, null, 0, rows);
            e.forward();
            e.loss(null, null, 1.0 / (rows * 2));
            e.backward();
            engines[threads - 1] = e;
        }
        for (int l = 0; l < shape.length - 1; l++) {
            assertArrayEquals(engines[0].weightGradient(l), engines[1].weightGradient(l), "weight gradient of layer " + l + " on 2 threads");
            assertArrayEquals(engines[0].gB[l], engines[1].gB[l], "bias gradient of layer " + l + " on 2 threads");
        }
        Engine e = engines[0];
        ReferenceLoss ref = new ReferenceLoss(net, heads, d, rows);
        double h = 1e-4;
        for (int l = 0; l < shape.length - 1; l++) {
            int in = shape[l];
            boolean[] computed = new boolean[shape[l + 1]];
            for (int o : live[l + 1]) {
                computed[o] = true;
            }
            int checkedLive = 0;
            int checkedSkipped = 0;
            float[] g = e.weightGradient(l);
            for (int j = 0; j < ref.w[l].length && (checkedLive < 6 || checkedSkipped < 3); j += 7) {
                if (!net.mask().weightAt(l, j)) {
                    continue;
                }
                boolean into = computed[j / in];
                if (into ? checkedLive >= 6 : checkedSkipped >= 3) {
                    continue;
                }
                double fd = ref.slope(ref.w[l], j, h);
                assertEquals(fd, g[j], 2e-5 + 1e-3 * Math.abs(fd), "weight " + l + "/" + j);
                if (into) {
                    checkedLive++;
                } else {
                    checkedSkipped++;
                    assertEquals(0f, g[j], "weight " + l + "/" + j + " into a skipped neuron");
                }
            }
            assertTrue(checkedLive > 0, "layer " + l + ": a weight into a computed neuron was checked");
            for (int o = 0; o < shape[l + 1]; o += 37) {
                double fd = ref.slope(ref.b[l], o, h);
                assertEquals(fd, e.gB[l][o], 2e-5 + 1e-3 * Math.abs(fd), "bias " + l + "/" + o);
                if (!computed[o]) {
                    assertEquals(0f, e.gB[l][o], "bias " + l + "/" + o + " of a skipped neuron");
                }
            }
        }
    }

    /** {@code k}'s kernels without the tiled product. */
    private static final class Untiled extends Kernels {
        private final Kernels k;

        Untiled(Kernels k) {
            this.k = k;
        }

        @Override
        String name() {
            return k.name();
        }

        @Override
        void spmmPacked(int[] rows, int from, int to, int[] ptr, int[] idx, float[] val, float[] bias, float[] src,
                        float[] dst, int s) {
            k.spmmPacked(rows, from, to, ptr, idx, val, bias, src, dst, s);
        }

        @Override
        void loadColumns(float[] x, int[] offs, int from, int to, int[] cols, float[] dst, int s) {
            k.loadColumns(x, offs, from, to, cols, dst, s);
        }

        @Override
        void gemm(int[] rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst, int s) {
            k.gemm(rows, inner, w, rs, ks, bias, src, dst, s);
        }

        @Override
        void gradSparse(int[] rows, int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a,
                        float[] g, int s) {
            k.gradSparse(rows, from, to, ptr, idx, pos, dz, a, g, s);
        }

        @Override
        void rowSums(int[] rows, float[] src, float[] sums, int s) {
            k.rowSums(rows, src, sums, s);
        }

        @Override
        void reluBackward(float[] d, float[] z, int from, int to) {
            k.reluBackward(d, z, from, to);
        }

        @Override
        void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize, float b1,
                  float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
            k.adam(w, g, mask, m, v, from, to, stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
        }
    }
}
