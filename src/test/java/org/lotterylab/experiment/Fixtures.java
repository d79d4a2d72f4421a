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

    /**
     * {@link #tiny()} with [4,128,128,2] (17,152 weights, enough for the structure analysis to
     * take a helper thread), 3 levels down to 2000 weights, at most 5 epochs.
     */
    public static ExperimentConfig wide() {
        return tiny().toBuilder()
                .shape(4, 128, 128, 2)
                .training(TrainConfig.builder().maxEpochs(5).patience(5).build())
                .pruning(PruneConfig.builder().target(2000).levels(3).build())
                .build();
    }
}
