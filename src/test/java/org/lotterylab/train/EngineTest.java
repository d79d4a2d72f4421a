package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

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
                assertArrayEquals(b.gW[l], a.gW[l], "weight gradient of layer " + l + ", " + threads + " threads");
                assertArrayEquals(b.gB[l], a.gB[l], "bias gradient of layer " + l + ", " + threads + " threads");
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
        void spmmPacked(int from, int to, int[] ptr, int[] idx, float[] val, float[] bias, float[] src, float[] dst,
                        int s) {
            k.spmmPacked(from, to, ptr, idx, val, bias, src, dst, s);
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
        void gradSparse(int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g, int s) {
            k.gradSparse(from, to, ptr, idx, pos, dz, a, g, s);
        }

        @Override
        void rowSums(int rows, float[] src, float[] sums, int s) {
            k.rowSums(rows, src, sums, s);
        }

        @Override
        void reluBackward(float[] d, float[] z, int n) {
            k.reluBackward(d, z, n);
        }

        @Override
        void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize, float b1,
                  float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
            k.adam(w, g, mask, m, v, from, to, stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
        }
    }
}
