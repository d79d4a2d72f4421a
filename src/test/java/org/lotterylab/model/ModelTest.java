package org.lotterylab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelTest {

    private static double[] moments(float[] w) {
        double s = 0;
        double q = 0;
        for (float v : w) {
            s += v;
            q += (double) v * v;
        }
        double mean = s / w.length;
        return new double[] {mean, Math.sqrt(q / w.length - mean * mean)};
    }

    @Test
    void kaimingNormalHasStdSqrtTwoOverFanIn() {
        Network n = ModelConfig.of(400, 300, 2).initialise(1);
        double[] m = moments(n.weights(0));
        assertEquals(0, m[0], 0.002);
        assertEquals(Math.sqrt(2.0 / 400), m[1], 0.002);
        for (float b : n.biases(0)) {
            assertEquals(0f, b);
        }
    }

    @Test
    void everyInitialisationHasItsDocumentedRange() {
        int fanIn = 200;
        int fanOut = 100;
        ModelConfig base = ModelConfig.of(fanIn, fanOut);
        float[] ku = base.withInit(Init.of(Init.Kind.KAIMING_UNIFORM)).initialise(2).weights(0);
        float[] xu = base.withInit(Init.of(Init.Kind.XAVIER_UNIFORM)).initialise(2).weights(0);
        float[] xn = base.withInit(Init.of(Init.Kind.XAVIER_NORMAL)).initialise(2).weights(0);
        float[] tn = base.withInit(Init.truncatedNormal(0.1)).initialise(2).weights(0);
        Network fd = base.withInit(Init.of(Init.Kind.FRAMEWORK_DEFAULT)).initialise(2);
        float[] nm = base.withInit(Init.normal(0.5, 0.2)).initialise(2).weights(0);
        double kb = Math.sqrt(6.0 / fanIn);
        double xb = Math.sqrt(6.0 / (fanIn + fanOut));
        double fb = 1 / Math.sqrt(fanIn);
        for (int k = 0; k < ku.length; k++) {
            assertTrue(Math.abs(ku[k]) <= kb);
            assertTrue(Math.abs(xu[k]) <= xb);
            assertTrue(Math.abs(tn[k]) <= 0.2 + 1e-7);
            assertTrue(Math.abs(fd.weights(0)[k]) <= fb);
        }
        // Uniform on (-b, b) has sd b / sqrt(3).
        assertEquals(kb / Math.sqrt(3), moments(ku)[1], 0.003);
        assertEquals(Math.sqrt(2.0 / (fanIn + fanOut)), moments(xn)[1], 0.003);
        assertEquals(0.5, moments(nm)[0], 0.005);
        assertEquals(0.2, moments(nm)[1], 0.005);
        boolean nonZeroBias = false;
        for (float b : fd.biases(0)) {
            assertTrue(Math.abs(b) <= fb);
            nonZeroBias |= b != 0;
        }
        assertTrue(nonZeroBias, "the framework default draws biases too");
    }

    @Test
    void sameSeedSameWeights() {
        ModelConfig c = ModelConfig.of(4, 10, 10, 2);
        assertTrue(java.util.Arrays.equals(c.initialise(3).weights(1), c.initialise(3).weights(1)));
        assertTrue(!java.util.Arrays.equals(c.initialise(3).weights(1), c.initialise(4).weights(1)));
    }

    @Test
    void shapesWithFewerThanTwoLayersAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.of(4));
        assertTrue(e.getMessage().contains("at least 2 layers"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.of(4, 0, 2)).getMessage().contains("layer 1"));
    }

    @Test
    void parameterCountsPerLayer() {
        // [4, 3, 2]: layer 0 has 12 weights and 3 biases, layer 1 has 6 weights and 2 biases.
        Mask m = Mask.full(4, 3, 2).toBuilder().weight(0, 1, 2, false).weight(1, 0, 0, false).bias(1, 1, false).build();
        ParameterCounts weightsOnly = ParameterCounts.of(m, false);
        assertEquals(18, weightsOnly.prunable());
        assertEquals(16, weightsOnly.prunableKept());
        assertEquals(5, weightsOnly.nonPrunable());
        assertEquals(11, weightsOnly.prunableKept(0));
        assertEquals(4, weightsOnly.keptBiases());
        ParameterCounts withBiases = ParameterCounts.of(m, true);
        assertEquals(23, withBiases.prunable());
        assertEquals(20, withBiases.prunableKept());
        assertEquals(0, withBiases.nonPrunable());
        assertEquals(20.0 / 23, withBiases.density(), 1e-12);
    }

    @Test
    void settingAMaskZeroesWhatItPrunesAndOnlyThat() {
        Network n = ModelConfig.of(2, 2, 1).withInit(Init.normal(1, 0.1)).initialise(1);
        Mask m = Mask.full(2, 2, 1).toBuilder().weight(0, 1, 0, false).bias(0, 0, false).build();
        float kept = n.weight(0, 0, 0);
        n.setMask(m);
        assertEquals(0f, n.weight(0, 1, 0));
        assertEquals(0f, n.biases(0)[0]);
        assertEquals(kept, n.weight(0, 0, 0));
        assertEquals(m, n.mask());
    }

    @Test
    void referenceLogitsMatchAHandComputation() {
        // [2, 2, 1], ReLU: h = relu(W0 x + b0), out = W1 h + b1.
        float[][] w = {{1, -1, 0.5f, 2}, {3, -2}};
        float[][] b = {{0.1f, -0.5f}, {0.25f}};
        Network n = Network.of(new int[] {2, 2, 1}, Activation.RELU, w, b, null);
        // x = (1, 2): h0 = relu(1 - 2 + 0.1) = 0, h1 = relu(0.5 + 4 - 0.5) = 4; out = 0 - 8 + 0.25.
        assertEquals(-7.75f, n.logits(new float[] {1, 2}, 1)[0], 1e-6);
    }
}
