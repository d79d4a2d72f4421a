package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The tripwire of {@link Trainer#NUMERICS}: training results recorded for the current version.
 * A change to training's arithmetic that alters them, even at rounding level, fails here; then
 * raise {@code Trainer.NUMERICS} (stored runs report the difference) and record the new hashes.
 * Results are deterministic per kernel and JDK build, so other kernels or JDKs skip the check.
 */
class NumericsTest {
    private static final int RECORDED_NUMERICS = 8;
    private static final String RECORDED_JDK = "17.0.15";
    /** Kernel name -> hash of the final weights of every case below, in order. */
    private static final Map<String, String> RECORDED = Map.of(
            "scalar", "fb76412db5b4aa8b",
            "simd-256bit", "75066cc659f65729",
            "simd-512bit", "f49bc1a718e00eff");

    /**
     * Small and large layers (40 and 130 wide: the kernel choices differ), under uniform random
     * masks at densities on both sides of every kernel-choice threshold (some neurons end up cut
     * off from the output), with Adam at each density and AdamW and SGD (batch 40) at one.
     */
    static String hash(Kernels kern) {
        DataSplit data = DataConfig.builder().tasks(DataConfig.circlesMoons().tasks()).split(0.5, 0.5).build()
                .generate(0);
        long hash = 1;
        for (int h : new int[] {40, 130}) {
            for (double keep : new double[] {1.0, 0.55, 0.45, 0.38, 0.32, 0.25, 0.19, 0.12}) {
                for (String opt : keep == 0.45 ? new String[] {"ADAM", "ADAMW", "SGD"} : new String[] {"ADAM"}) {
                    Network net = ModelConfig.of(4, h, h, 2).initialise(0);
                    Rng r = new Rng(7);
                    Mask.Builder mb = Mask.full(net.shape()).toBuilder();
                    for (int l = 0; l < net.layers(); l++) {
                        for (int k = 0; k < net.weights(l).length; k++) {
                            mb.weightAt(l, k, r.nextDouble() < keep);
                        }
                    }
                    net.setMask(mb.build());
                    TrainConfig.Builder cb = TrainConfig.builder().fixedEpochs(2).batchSize(opt.equals("SGD") ? 40 : 64)
                            .optimizer(Optimizer.valueOf(opt));
                    if (!opt.equals("ADAM")) {
                        cb.weightDecay(0.01);
                    }
                    if (opt.equals("SGD")) {
                        cb.learningRate(0.05).momentum(0.9);
                    }
                    Trainer.fit(net, data, cb.build(), new Rng(1), new TrainListener() { }, kern);
                    for (int l = 0; l < net.layers(); l++) {
                        for (float v : net.weights(l)) {
                            hash = hash * 31 + Float.floatToRawIntBits(v);
                        }
                        for (float v : net.biases(l)) {
                            hash = hash * 31 + Float.floatToRawIntBits(v);
                        }
                    }
                }
            }
        }
        return Long.toHexString(hash);
    }

    @Test
    void trainingReproducesTheResultsOfItsNumericsVersion() {
        assumeTrue(System.getProperty("java.version").equals(RECORDED_JDK),
                "results recorded on JDK " + RECORDED_JDK + ", this is " + System.getProperty("java.version"));
        assertEquals(RECORDED_NUMERICS, Trainer.NUMERICS, "Trainer.NUMERICS was raised: record the new hashes here");
        for (Kernels k : new Kernels[] {Kernels.scalar(), Kernels.best()}) {
            if (RECORDED.containsKey(k.name())) {
                assertEquals(RECORDED.get(k.name()), hash(k), "training results changed on kernel " + k.name()
                        + ": raise Trainer.NUMERICS and record the new hashes in this test");
            }
        }
    }

    @Test
    void aNetworkComputesANewerVersionThan1OnlyWithALayerOf2To18Weights() {
        assertEquals(1, Trainer.numerics(new int[] {4, 20, 20, 2}));
        assertEquals(1, Trainer.numerics(new int[] {4, 410, 410, 2}), "410 x 410 = 168100 < 262144");
        assertEquals(1, Trainer.numerics(new int[] {511, 512, 2}), "511 x 512 = 261632 < 262144");
        assertEquals(Trainer.NUMERICS, Trainer.numerics(new int[] {512, 512, 2}), "512 x 512 = 262144");
                assertEquals(Trainer.NUMERICS, Trainer.numerics(new int[] {1568, 784, 392, 20}));
    }
}
