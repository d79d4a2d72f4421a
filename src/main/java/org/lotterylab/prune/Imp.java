package org.lotterylab.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.lotterylab.data.DataSplit;
import org.lotterylab.model.Mask;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainConfig;
import org.lotterylab.train.TrainListener;
import org.lotterylab.train.Trainer;
import org.lotterylab.train.TrainingDivergedException;
import org.lotterylab.train.TrainingInterruptedException;

/**
 * The IMP driver: train, prune, reset, repeat (Frankle and Carbin's strategy 1).
 *
 * <p>Level 0 trains the network the schedule starts from (the model's shape, or the widest
 * extension shape). Level t >= 1 prunes the previous level's trained network down to the
 * schedule's count, resets the kept parameters ({@link Reset}) and trains again. The minibatch
 * order of level t comes from the order seed and t alone, so a resumed run continues exactly
 * as an uninterrupted one would.
 *
 * <p>Interrupts: the driver checks the thread's interrupt status before every level, and training
 * before every minibatch; either stops the run with a {@link TrainingInterruptedException}
 * naming the level (and epoch). The finished levels have been handed to the listeners, so a run
 * store keeps them and resumes at the stopped level. A level whose training had finished when
 * the interrupt came is still handed to the listeners, with the interrupt held back until they
 * return (a store's file writes fail on an interrupted thread).
 *
 * <pre>{@code
 * ImpRun run = Imp.of(data, model, train, prune, Seeds.of(0)).listen(progress).run();
 * }</pre>
 */
public final class Imp {
    private final DataSplit data;
    private final Heads heads;
    private final ModelConfig model;
    private final TrainConfig train;
    private final PruneConfig prune;
    private final Seeds seeds;
    private final Schedule schedule;
    private final List<ImpListener> listeners = new ArrayList<>();

    private Imp(DataSplit data, Heads heads, ModelConfig model, TrainConfig train, PruneConfig prune, Seeds seeds) {
        this.data = data;
        this.heads = heads;
        this.model = model;
        this.train = train;
        this.prune = prune;
        this.seeds = seeds;
        this.schedule = prune.schedule(model.shape());
        int[] s = model.shape();
        if (s[0] != data.train().inputs() || s[s.length - 1] != heads.outputs() || heads.tasks() != data.tasks()) {
            throw new IllegalArgumentException("model shape " + Arrays.toString(s) + " does not fit the data: it has "
                    + data.train().inputs() + " inputs and " + data.tasks() + " tasks, whose heads " + heads + " need "
                    + heads.outputs() + " outputs");
        }
    }

    /** An IMP run of {@code model} on {@code data} whose every output is one binary task's logit; validates the schedule. */
    public static Imp of(DataSplit data, ModelConfig model, TrainConfig train, PruneConfig prune, Seeds seeds) {
        return new Imp(data, Heads.binary(data.tasks()), model, train, prune, seeds);
    }

    /**
     * An IMP run of {@code model} on {@code data} with the outputs laid out as {@code heads} says
     * (e.g. {@link Heads#of(org.lotterylab.data.DataConfig)}); validates the schedule.
     */
    public static Imp of(DataSplit data, Heads heads, ModelConfig model, TrainConfig train, PruneConfig prune,
                         Seeds seeds) {
        return new Imp(data, heads, model, train, prune, seeds);
    }

    /** Adds a listener; returns this. */
    public Imp listen(ImpListener l) {
        listeners.add(l);
        return this;
    }

    public Schedule schedule() {
        return schedule;
    }

    /**
     * Runs every level from the start.
     *
     * @throws TrainingInterruptedException if the thread is interrupted before the last level is done
     */
    public ImpRun run() {
        checkInterrupt(0);
        Network init = model.withShape(schedule.startShape()).initialise(seeds.model());
        Network[] rewind = new Network[1];
        LevelResult first = trainLevel(0, init, Reset.Mode.REWIND == prune.reset().mode() ? rewind : null, 0);
        Network resetSource = switch (prune.reset().mode()) {
            case INIT -> first.initial();
            case REWIND -> {
                if (rewind[0] == null) {
                    throw new IllegalArgumentException("rewind step " + prune.reset().rewindStep()
                            + " was never reached: level 0 took " + first.training().steps() + " steps; lower the rewind step");
                }
                yield rewind[0];
            }
            case REINIT -> null;
        };
        List<LevelResult> levels = new ArrayList<>(List.of(first));
        if (control(first) == ImpListener.Control.STOP) {
            return finish(levels, resetSource, true);
        }
        return loop(levels, resetSource);
    }

    /**
     * Continues a run whose levels {@code 0..done.size()-1} are finished, e.g. after an
     * interruption. {@code resetSource} is {@link ImpRun#resetSource()} of the interrupted run.
     *
     * @throws TrainingInterruptedException if the thread is interrupted before the last level is done
     */
    public ImpRun resume(List<LevelResult> done, Network resetSource) {
        if (done.isEmpty()) {
            return run();
        }
        checkInterrupt(done.size());
        if (prune.reset().mode() != Reset.Mode.REINIT && resetSource == null) {
            throw new IllegalArgumentException("resuming a " + prune.reset().mode() + " run needs its reset source");
        }
        for (ImpListener l : listeners) {
            l.onStart(schedule, done.size());
        }
        return loop(new ArrayList<>(done), resetSource);
    }

    private ImpRun loop(List<LevelResult> levels, Network resetSource) {
        for (int t = levels.size(); t <= schedule.totalLevels(); t++) {
            checkInterrupt(t);
            long start = System.nanoTime();
            Network prev = levels.get(t - 1).trained();
            Mask mask = pruneOnce(prev, t);
            Network next = switch (prune.reset().mode()) {
                case INIT, REWIND -> resetSource.copy();
                case REINIT -> model.withShape(schedule.startShape()).initialise(reinitSeed(t));
            };
            next.setMask(mask);
            LevelResult r = trainLevel(t, next, null, System.nanoTime() - start);
            levels.add(r);
            if (control(r) == ImpListener.Control.STOP && t < schedule.totalLevels()) {
                return finish(levels, resetSource, true);
            }
        }
        return finish(levels, resetSource, false);
    }

    private long reinitSeed(int level) {
        return Rng.derive(seeds.model(), "reinit", level).nextLong();
    }

    private Mask pruneOnce(Network trained, int level) {
        int kept = trained.mask().keptWeights() + (prune.biases() ? trained.mask().keptBiases() : 0);
        int remove = kept - schedule.remaining(level);
        return switch (prune.method()) {
            case GLOBAL_MAGNITUDE -> Pruner.globalMagnitude(trained, remove, prune.biases());
            case LAYERWISE_MAGNITUDE -> Pruner.layerwiseMagnitude(trained, schedule.rate(), prune.biases());
            case RANDOM -> Pruner.random(trained, remove, prune.biases(), Rng.derive(seeds.model(), "random-prune", level));
        };
    }

    private LevelResult trainLevel(int level, Network start, Network[] rewindSink, long prepNanos) {
        if (level == 0) {
            for (ImpListener l : listeners) {
                l.onStart(schedule, 0);
            }
        }
        long t0 = System.nanoTime();
        Network initial = start.copy();
        int rewindStep = prune.reset().rewindStep();
        TrainListener tl = new TrainListener() {
            @Override
            public void onEpoch(int epoch, double trainLoss, double validationLoss) {
                for (ImpListener l : listeners) {
                    l.onEpoch(level, epoch, trainLoss, validationLoss);
                }
            }

            @Override
            public void onStep(long step, Network net) {
                if (rewindSink != null && step == rewindStep) {
                    rewindSink[0] = net.copy();
                }
            }
        };
        try {
            var result = Trainer.fit(start, data, heads, train, Rng.derive(seeds.order(), "order", level), tl);
            double seconds = (System.nanoTime() - t0 + prepNanos) / 1e9;
            return new LevelResult(level, initial, start, result, schedule.remaining(level), seconds);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException("level " + level + ": " + e.getMessage(), e.epoch());
        } catch (TrainingInterruptedException e) {
            throw interrupted(level, e.getMessage(), e.epoch());
        }
    }

    private void checkInterrupt(int level) {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(level, "interrupted before its training began", 0);
        }
    }

    /** Says where the run stopped, what is kept and where computing it again resumes. */
    private static TrainingInterruptedException interrupted(int level, String what, int epoch) {
        String kept = switch (level) {
            case 0 -> "no level is finished";
            case 1 -> "level 0 is finished";
            default -> "levels 0-" + (level - 1) + " are finished";
        };
        return new TrainingInterruptedException("IMP level " + level + ": " + what + "; " + kept
                + " (a run store keeps finished levels, and computing the same run again resumes at level "
                + level + ")", epoch);
    }

    /** Runs {@code listenerCalls} with the thread's interrupt status held back, then restores it. */
    private static <T> T interruptHeldBack(Supplier<T> listenerCalls) {
        boolean interrupted = Thread.interrupted();
        try {
            return listenerCalls.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private ImpListener.Control control(LevelResult r) {
        return interruptHeldBack(() -> {
            ImpListener.Control c = ImpListener.Control.CONTINUE;
            for (ImpListener l : listeners) {
                if (l.onLevel(r) == ImpListener.Control.STOP) {
                    c = ImpListener.Control.STOP;
                }
            }
            return c;
        });
    }

    private ImpRun finish(List<LevelResult> levels, Network resetSource, boolean stopped) {
        ImpRun run = new ImpRun(schedule, levels, resetSource, stopped);
        return interruptHeldBack(() -> {
            for (ImpListener l : listeners) {
                l.onFinish(run);
            }
            return run;
        });
    }
}
