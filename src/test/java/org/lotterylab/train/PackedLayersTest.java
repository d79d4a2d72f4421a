package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.DataSplit;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Layers that train packed ({@link Engine#packed}) give the bits of the same training through
 * the lists' positions in the layer, with every optimiser and the L1 penalty, with neurons cut
 * off from the output, at every step a listener sees, and after the best epoch is restored.
 */
class PackedLayersTest {

    @AfterEach
    void packAgain() {
        Engine.packing = true;
    }

    /** [4, 60, 60, 2] at 15% kept (below every dense threshold of small layers), hidden-2 neuron 0 cut off from the outputs. */
    private static Network net() {
        Network net = ModelConfig.of(4, 60, 60, 2).initialise(3);
        Rng r = new Rng(5);
        Mask.Builder mb = Mask.full(net.shape()).toBuilder();
        for (int l = 0; l < net.layers(); l++) {
            for (int k = 0; k < net.weights(l).length; k++) {
                mb.weightAt(l, k, r.nextDouble() < 0.15);
            }
        }
        mb.weight(2, 0, 0, false);
        mb.weight(2, 1, 0, false);
        mb.weight(1, 0, 0, true);
        net.setMask(mb.build());
        return net;
    }

    /** Trains {@code trained} packed or not; adds its weights of layer 1 after every step to {@code steps}. */
    private static TrainResult train(boolean packing, TrainConfig cfg, Network trained, List<float[]> steps) {
        Engine.packing = packing;
        DataSplit data = DataConfig.circlesMoons().generate(2);
        return Trainer.fit(trained, data, cfg, new Rng(9), new TrainListener() {
            @Override
            public void onStep(long step, Network n) {
                steps.add(n.weights(1).clone());
            }
        }, Kernels.best());
    }

    @Test
    void theNetTrainsSomeLayersPackedAndHasANeuronTheLossCannotSee() {
        Network net = net();
        Engine e = new Engine(net, 64, Kernels.best());
        assertTrue(e.packed[0] && e.packed[1] && e.packed[2], "every layer packed");
        assertFalse(java.util.Arrays.stream(Engine.liveNeurons(net.mask())[2]).anyMatch(j -> j == 0),
                "hidden-2 neuron 0 is not computed");
        Engine.packing = false;
        assertFalse(new Engine(net, 64, Kernels.best()).packed[1], "packing off");
    }

    @Test
    void everyOptimiserGivesTheBitsOfTheListPath() {
        TrainConfig adam = TrainConfig.builder().fixedEpochs(3).batchSize(64).build();
        TrainConfig adamw = TrainConfig.builder().fixedEpochs(3).batchSize(64).optimizer(Optimizer.ADAMW)
                .weightDecay(0.01).build();
        TrainConfig sgd = TrainConfig.builder().fixedEpochs(3).batchSize(40).optimizer(Optimizer.SGD)
                .learningRate(0.05).momentum(0.9).weightDecay(0.01).build();
        TrainConfig l1 = TrainConfig.builder().fixedEpochs(3).batchSize(64).l1(1e-3).build();
        TrainConfig best = TrainConfig.builder().maxEpochs(12).patience(2).batchSize(64).learningRate(0.05)
                .restoreBest(true).build();
        for (TrainConfig cfg : new TrainConfig[] {adam, adamw, sgd, l1, best}) {
            Network packedNet = net();
            Network listNet = net();
            List<float[]> packedSteps = new ArrayList<>();
            List<float[]> listSteps = new ArrayList<>();
            TrainResult packed = train(true, cfg, packedNet, packedSteps);
            TrainResult list = train(false, cfg, listNet, listSteps);
            assertEquals(cfg == best, packed.restoredBest(), cfg + ": the best epoch restored");
            assertEquals(list.validation().loss(), packed.validation().loss(), cfg + ": validation loss");
            assertEquals(list.test().loss(), packed.test().loss(), cfg + ": test loss");
            assertEquals(listSteps.size(), packedSteps.size());
            for (int t = 0; t < listSteps.size(); t++) {
                assertArrayEquals(listSteps.get(t), packedSteps.get(t), cfg + ": layer 1 after step " + (t + 1));
            }
            for (int l = 0; l < listNet.layers(); l++) {
                assertArrayEquals(listNet.weights(l), packedNet.weights(l), cfg + ": weights of layer " + l);
                assertArrayEquals(listNet.biases(l), packedNet.biases(l), cfg + ": biases of layer " + l);
            }
            assertFalse(java.util.Arrays.equals(listSteps.get(0), net().weights(1)), cfg + ": the first step moved layer 1");
        }
    }

    @Test
    void aPackedLayersGradientIsReadInTheLayersLayout() {
        Network net = net();
        DataSplit data = DataConfig.circlesMoons().generate(2);
        float[][] grads = new float[2][];
        for (boolean packing : new boolean[] {true, false}) {
            Engine.packing = packing;
            Engine e = new Engine(net, 64, Kernels.best());
            e.load(data.train(), null, 0, 64);
            e.forward();
            e.loss(null, null, 1.0 / 128);
            e.backward();
            grads[packing ? 0 : 1] = e.weightGradient(1).clone();
        }
        assertArrayEquals(grads[1], grads[0]);
    }
}
