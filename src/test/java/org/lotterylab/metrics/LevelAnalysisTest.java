package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lotterylab.model.Network;

class LevelAnalysisTest {
    private static final TaskLayout TWO = TaskLayout.pairs(2);

    /** 26,560 weights: above {@link LevelAnalysis#PARALLEL_WEIGHTS}, so two threads take the helper path. */
    private static final int[] SHAPE = {4, 160, 160, 2};

    @Test
    @Timeout(60)
    void twoThreadsGiveTheSameAnalysisAsOne() {
        Network net = SplitMetricsTest.randomSparse(SHAPE, 11);
        Network init = SplitMetricsTest.randomSparse(SHAPE, 12);
        assertTrue(640 + 160 * 160 + 320 >= LevelAnalysis.PARALLEL_WEIGHTS);
        LevelAnalysis one = LevelAnalysis.of(3, net, init, null, TWO, false, 4, 99, 1);
        LevelAnalysis two = LevelAnalysis.of(3, net, init, null, TWO, false, 4, 99, 2);
        assertEquals(one.counts(), two.counts());
        assertEquals(one.split().components(), two.split().components());
        assertEquals(one.split().value(), two.split().value());
        assertEquals(one.signFlips(), two.signFlips());
        SplitMetrics a = one.splitMetrics();
        SplitMetrics b = two.splitMetrics();
        assertEquals(a.modularity(), b.modularity());
        assertEquals(a.sharing(), b.sharing());
        assertEquals(a.decidedIn(), b.decidedIn());
        assertArrayEquals(a.groups(), b.groups());
        assertEquals(a.clusterability().ncut(), b.clusterability().ncut());
        assertEquals(4, b.clusterability().shuffles());
        assertArrayEquals(a.clusterability().nullNcuts(), b.clusterability().nullNcuts());
        // The split metrics are those of a direct call on the same states.
        SplitMetrics direct = SplitMetrics.of(net, States.of(net), TWO, 4, 99);
        assertEquals(direct.modularity(), b.modularity());
        assertArrayEquals(direct.clusterability().nullNcuts(), b.clusterability().nullNcuts());
    }

    @Test
    @Timeout(60)
    void aBegunAnalysisKnowsItsSplitAtOnceAndEndsAsTheWholeOne() {
        Network net = SplitMetricsTest.randomSparse(SHAPE, 11);
        LevelAnalysis whole = LevelAnalysis.of(3, net, null, null, TWO, false, 4, 99, 1);
        LevelAnalysis.Pending p = LevelAnalysis.begin(3, net, null, null, TWO, false, 4, 99, 2);
        assertTrue(p.onHelper(), "26,560 weights on two threads go to the helper");
        assertEquals(whole.split().components(), p.split().components());
        assertEquals(whole.split().value(), p.split().value());
        LevelAnalysis done = p.result();
        assertTrue(p.isDone());
        assertEquals(whole.counts(), done.counts());
        assertEquals(whole.splitMetrics().modularity(), done.splitMetrics().modularity());
        assertArrayEquals(whole.splitMetrics().clusterability().nullNcuts(), done.splitMetrics().clusterability().nullNcuts());

        Network small = SplitMetricsTest.randomSparse(new int[] {4, 5, 2}, 1);
        LevelAnalysis.Pending alone = LevelAnalysis.begin(0, small, null, null, TWO, false, 0, 0, 2);
        assertFalse(alone.onHelper(), "a toy net's metrics cost less than starting a thread");
        assertTrue(alone.isDone());
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        Network net = SplitMetricsTest.randomSparse(new int[] {4, 5, 2}, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LevelAnalysis.of(0, net, null, null, TWO, false, 0, 0, 0));
        assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
    }
}
