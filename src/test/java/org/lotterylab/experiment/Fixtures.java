package org.lotterylab.experiment;

import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.train.TrainConfig;

/** Tiny configs so store tests run in well under a second per run. */
public final class Fixtures {
    private Fixtures() {
    }

    /** moons x2, 200 rows, [4,6,6,2], 3 levels down to 20 weights, at most 20 epochs. */
    public static ExperimentConfig tiny() {
        return ExperimentConfig.builder()
                .data(DataConfig.builder().task(new Task.Moons(0.1)).task(new Task.Moons(0.1)).rowsPerTask(200).build())
                .shape(4, 6, 6, 2)
                .training(TrainConfig.builder().maxEpochs(20).patience(5).build())
                .pruning(PruneConfig.builder().target(20).levels(3).build())
                .build();
    }
}
