package org.lotterylab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.lotterylab.model.Mask;

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
}
