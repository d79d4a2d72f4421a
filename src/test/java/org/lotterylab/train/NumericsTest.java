package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * The tripwire of {@link Trainer#NUMERICS}: training results recorded for the current version.
 * A change to training's arithmetic that alters them, even at rounding level, fails here; then
 * raise {@code Trainer.NUMERICS} (stored runs report the difference) and record the new hashes.
 * Results are deterministic per kernel and JDK build, so other kernels or JDKs skip the check;
 * those of networks with a layer of 2^18 weights also depend on the CPU through OpenBLAS, and are
 * checked only on a CPU they were recorded on (elsewhere the skip message gives the hash to record).
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
     * Kernel name and CPU -> hash of the final weights of every case of {@link #largeHash}. Those
     * networks multiply through OpenBLAS, which picks its own kernels for the CPU it runs on, so
     * their bits are recorded per CPU (as {@link #cpu} names it).
     */
    private static final Map<String, String> RECORDED_LARGE = Map.of(
            "simd-256bit on AuthenticAMD family 25 model 1, cache 512 KB", "780861446bfdc9");

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
                    hash = hash(hash, net);
                }
            }
        }
        return Long.toHexString(hash);
    }

    /**
     * A layer of 2^18 weights (512 x 512, the smallest that goes through OpenBLAS and the sparse
     * kernels), at a batch of 256 (the sparse products read tiles), under uniform random masks at
     * densities on both sides of every such threshold: the kept-only update (50%), the products'
     * and the weight gradient's OpenBLAS crossovers of each kernel (50%, 40% and 20%).
     */
    static String largeHash(Kernels kern) {
        int[] shape = {512, 512, 6};
        Dataset d = BlasTest.data(300, 512, 3, 6);
        DataSplit split = new DataSplit(d, d.slice(0, 100), d.slice(100, 200), new double[512], new double[512]);
        TrainConfig cfg = TrainConfig.builder().batchSize(256).fixedEpochs(2).build();
        long hash = 1;
        for (double keep : new double[] {1.0, 0.55, 0.45, 0.35, 0.25, 0.15}) {
            Network net = BlasTest.network(shape, keep, 22);
            Trainer.fit(net, split, Heads.of(3, 3), cfg, new Rng(4), new TrainListener() { }, kern);
            hash = hash(hash, net);
        }
        return Long.toHexString(hash);
    }

    /** {@code h} extended by the bits of every weight and bias of {@code net}, layer by layer. */
    private static long hash(long h, Network net) {
        for (int l = 0; l < net.layers(); l++) {
            for (float v : net.weights(l)) {
                h = h * 31 + Float.floatToRawIntBits(v);
            }
            for (float v : net.biases(l)) {
                h = h * 31 + Float.floatToRawIntBits(v);
            }
        }
        return h;
    }

    /**
     * This machine's CPU as /proc/cpuinfo names it: vendor, family, model and cache size (which
     * OpenBLAS may size its blocks by); "unknown" elsewhere.
     */
    static String cpu() {
        try {
            Map<String, String> f = new java.util.HashMap<>();
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    break;
                }
                f.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
            return f.get("vendor_id") + " family " + f.get("cpu family") + " model " + f.get("model") + ", cache "
                    + f.get("cache size");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Test
    void largeLayersReproduceTheResultsOfTheirNumericsVersion() {
        assumeTrue(System.getProperty("java.version").equals(RECORDED_JDK),
                "results recorded on JDK " + RECORDED_JDK + ", this is " + System.getProperty("java.version"));
        assumeTrue(Blas.available(), "OpenBLAS is not available here");
        assertEquals(RECORDED_NUMERICS, Trainer.NUMERICS, "Trainer.NUMERICS was raised: record the new hashes here");
        Kernels k = Kernels.best();
        String key = k.name() + " on " + cpu();
        String hash = largeHash(k);
        assumeTrue(RECORDED_LARGE.containsKey(key), "no results recorded for " + key + "; here they hash to " + hash);
        assertEquals(RECORDED_LARGE.get(key), hash, "training results of large layers changed on " + key
                + ": raise Trainer.NUMERICS and record the new hashes in this test");
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
