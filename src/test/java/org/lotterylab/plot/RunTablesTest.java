package org.lotterylab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.lotterylab.metrics.StateHistory;
import org.lotterylab.metrics.States;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;
import org.lotterylab.prune.ImpRun;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.TrainResult;

import tech.tablesaw.api.Table;

class RunTablesTest {

    private static LevelResult level(int level, Network net, double[] val, double[] acc) {
        Evaluation e = new Evaluation(0.1, 0.5 * (acc[0] + acc[1]), new double[] {0.1, 0.1}, acc);
        TrainResult tr = new TrainResult(new double[] {0.9, 0.8}, val, val.length, 1, 4,
                TrainResult.StopReason.PATIENCE, false, e, e);
        return new LevelResult(level, net, net, tr, net.mask().keptWeights(), 0.0);
    }

    @Test
    void lossAndAccuracyTablesFromARun() {
        Network dense = NetworkDiagramTest.splitNet();
        Network sparse = dense.copy();
        Mask.Builder m = sparse.mask().toBuilder();
        m.weight(0, 0, 0, false);
        sparse.setMask(m.build());
        ImpRun run = new ImpRun(null, List.of(level(0, dense, new double[] {0.7, 0.6}, new double[] {0.9, 0.8}),
                level(1, sparse, new double[] {0.5, 0.4}, new double[] {0.85, 0.75})), dense, false);
        Table loss = Charts.lossTable(run);
        assertEquals(4, loss.rowCount());
        assertEquals(0.4, loss.doubleColumn("val_loss").get(3), 1e-12);
        assertEquals(2, loss.intColumn("epoch").get(3));
        Figure.Series l1 = Charts.validationLoss(loss).series("level 1");
        assertEquals(0.5, l1.y()[0], 1e-12);

        Table acc = Charts.accuracyTable(run, List.of("circles", "moons"), true);
        assertEquals(4, acc.rowCount());
        assertEquals(13, acc.intColumn("weights").get(0));
        assertEquals(12, acc.intColumn("weights").get(2));
        assertEquals("moons", acc.stringColumn("task").get(3));
        assertEquals(0.75, acc.doubleColumn("accuracy").get(3), 1e-12);
    }

    @Test
    void zombieTableReadsBiasAtEntry() {
        Network net = NetworkDiagramTest.splitNet(); // hidden 4 is a zombie with bias 0.7
        StateHistory h = new StateHistory();
        h.add(0, States.of(net));
        h.add(1, States.of(net));
        Table z = Charts.zombieTable(h);
        // hidden 4 and its output? output 1 is fed by active neurons too, so only hidden 4
        assertEquals(1, z.rowCount());
        assertEquals(1, z.intColumn("layer").get(0));
        assertEquals(4, z.intColumn("index").get(0));
        assertEquals(0, z.intColumn("entered").get(0));
        assertEquals(2, z.intColumn("lifetime").get(0));
        assertEquals(0.7, z.doubleColumn("bias").get(0), 1e-6);
        Figure.Series pos = Charts.zombieLifetimes(z).series("bias > 0");
        assertEquals(2, pos.y()[0], 1e-12);
    }
}
