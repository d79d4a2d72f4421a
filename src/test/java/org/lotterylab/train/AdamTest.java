package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Adam steps against values worked out from the update rule by hand. */
class AdamTest {

    @Test
    void firstStepMovesEachKeptWeightByTheLearningRateAgainstItsGradientSign() {
        // Step 1: m = 0.1 g, v = 0.001 g^2, bias corrections 0.1 and 0.001, so
        // w' = w - 1e-3 * g / (|g| + 1e-8): a step of (almost exactly) lr against sign(g).
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            float[] w = {0.5f, -0.3f, 0.2f, 0f};
            float[] g = {0.1f, -0.2f, 0.05f, 0.3f};
            float[] mask = {1, 1, 1, 0};
            float[] m = new float[4];
            float[] v = new float[4];
            k.adam(w, g, mask, m, v, (float) (1e-3 / 0.1), 0.9f, 0.1f, 0.999f, 0.001f, (float) Math.sqrt(0.001), 1e-8f, 1f);
            assertEquals(0.499f, w[0], 1e-6);
            assertEquals(-0.299f, w[1], 1e-6);
            assertEquals(0.199f, w[2], 1e-6);
            assertEquals(0.01f, m[0], 1e-8);
            assertEquals(1e-5f, v[0], 1e-10);
            // The pruned weight and its moments stay exactly 0.
            assertEquals(0f, w[3]);
            assertEquals(0f, m[3]);
            assertEquals(0f, v[3]);
        }
    }

    @Test
    void secondStepUsesAccumulatedMoments() {
        // Step 2 with g1 = 0.1 then g2 = -0.3, from w = 1:
        // m2 = 0.9 * 0.01 + 0.1 * (-0.3) = -0.021; v2 = 0.999 * 1e-5 + 0.001 * 0.09 = 0.00009999
        // bc1 = 1 - 0.81 = 0.19; bc2 = 1 - 0.998001 = 0.001999
        // w2 = w1 - (1e-3 / 0.19) * m2 / (sqrt(v2) / sqrt(bc2) + 1e-8)
        //    = 0.999 - 0.00526316 * (-0.021) / (0.0099995 / 0.04471018) = 0.999 + 0.000494170
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            float[] w = {1f};
            float[] m = new float[1];
            float[] v = new float[1];
            float[] one = {1f};
            k.adam(w, new float[] {0.1f}, one, m, v, (float) (1e-3 / 0.1), 0.9f, 0.1f, 0.999f, 0.001f, (float) Math.sqrt(0.001), 1e-8f, 1f);
            k.adam(w, new float[] {-0.3f}, one, m, v, (float) (1e-3 / 0.19), 0.9f, 0.1f, 0.999f, 0.001f, (float) Math.sqrt(0.001999), 1e-8f, 1f);
            assertEquals(-0.021f, m[0], 1e-7);
            assertEquals(0.00009999f, v[0], 1e-10);
            assertEquals(0.999494170, w[0], 2e-6);
        }
    }

    @Test
    void adamWDecaysKeptWeightsOnly() {
        // decay = 1 - lr * wd = 1 - 1e-3 * 0.5; with g = 0 the moments stay 0 and only the decay acts.
        float[] w = {2f, 0f};
        Kernels.best().adam(w, new float[] {0f, 0f}, new float[] {1, 0}, new float[2], new float[2], 0.01f, 0.9f, 0.1f, 0.999f, 0.001f,
                0.0316f, 1e-8f, 1 - 1e-3f * 0.5f);
        assertEquals(2 * (1 - 0.0005), w[0], 1e-6);
        assertEquals(0f, w[1]);
    }

    @Test
    void sgdWithMomentumAccumulates() {
        // buf1 = g1 = 0.5, w1 = 1 - 0.1 * 0.5 = 0.95; buf2 = 0.9 * 0.5 + 0.2 = 0.65, w2 = 0.95 - 0.065 = 0.885
        float[] w = {1f};
        float[] buf = new float[1];
        Kernels.scalar().sgd(w, new float[] {0.5f}, new float[] {1}, buf, 0.1f, 0.9f, 0f);
        Kernels.scalar().sgd(w, new float[] {0.2f}, new float[] {1}, buf, 0.1f, 0.9f, 0f);
        assertEquals(0.885f, w[0], 1e-6);
    }
}
