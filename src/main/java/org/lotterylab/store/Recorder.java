package org.lotterylab.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lotterylab.data.DataSplit;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.io.AtomicDirs;
import org.lotterylab.io.AtomicFiles;
import org.lotterylab.io.Json;
import org.lotterylab.metrics.Lesions;
import org.lotterylab.metrics.LevelAnalysis;
import org.lotterylab.metrics.PruningHorizon;
import org.lotterylab.metrics.RunAnalysis;
import org.lotterylab.metrics.Split;
import org.lotterylab.metrics.TaskLayout;
import org.lotterylab.model.Network;
import org.lotterylab.progress.Progress;
import org.lotterylab.prune.ImpListener;
import org.lotterylab.prune.ImpRun;
import org.lotterylab.prune.LevelResult;
import org.lotterylab.prune.Reset;
import org.lotterylab.prune.Schedule;
import org.lotterylab.rng.Rng;
import org.lotterylab.train.Evaluation;
import org.lotterylab.train.Heads;
import org.lotterylab.train.TrainListener;
import org.lotterylab.train.Trainer;

/**
 * The IMP listener that stores a run: after every level it runs the structure analysis,
 * writes the level directory with its {@link Manifest} (atomically, as a temp directory renamed
 * into place; with the level's {@link LesionFile} when {@link Analysis#lesions()} covers it), then
 * rewrites {@code levels.csv}, {@code curves.csv} and {@code provenance.json} atomically, and
 * applies the stop rules. {@code summary.json}, written last in {@link #onFinish} just after the
 * run manifest, marks the run complete. Because the level directory is published before the CSV
 * row that refers to it, a crash leaves at worst an orphan level directory, which
 * {@link RunStore} removes on resume.
 *
 * <p>With a thread budget above 1 ({@link Trainer#threads()}) a large level's structure analysis
 * is computed on a helper thread while the next level trains ({@link LevelAnalysis#begin}), and
 * the level is written when the next level has trained or the run ends ({@link #publishPending}):
 * the stop rules need only the discrete split, which the helper computes first.
 * Levels are still written in order, each whole; a crash loses at most the last trained level,
 * which the resumed run trains again to the same bits.
 */
final class Recorder implements ImpListener {
    private final Path dir;
    private final ExperimentConfig config;
    private final DataSplit data;
    private final TaskLayout layout;
    private final Progress progress;
    private final RunAnalysis analysis = new RunAnalysis();
    private final int layers;
    private final int tasks;
    /** The levels.csv columns: this library's, or those of the session that started the run. */
    private List<String> header;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String[]> curveRows = new ArrayList<>();
    private final List<String[]> pendingCurves = new ArrayList<>();
    private ObjectNode provenance;
    private LevelResult previous;
    /** Level 0, whose test accuracy is the dense one of the summary. */
    private LevelResult dense;
    /** What later levels of a reset-to-init or rewind run start from (masked), null before level 0 or for re-init. */
    private Network resetSource;
    private long startNanos;
    private int firstLevel;
    private int totalLevels;

    Recorder(Path dir, ExperimentConfig config, DataSplit data, ObjectNode provenance, Progress progress) {
        this.dir = dir;
        this.config = config;
        this.data = data;
        this.layout = config.taskLayout();
        this.provenance = provenance;
        this.progress = progress;
        this.layers = config.schedule().startShape().length - 1;
        this.tasks = config.data().taskCount();
        this.header = LevelColumns.header(layers, tasks);
    }

    boolean biases() {
        return config.pruning().biases();
    }

    /**
     * Takes in the levels a previous session finished, with their CSV header and rows and their
     * curves; later rows get the same columns.
     */
    void preload(List<LevelResult> done, List<String> levelHeader, List<String[]> levelRows, List<String[]> curves,
                 Network resetSource) {
        header = List.copyOf(levelHeader);
        this.resetSource = resetSource;
        for (LevelResult r : done) {
            analysis.add(LevelAnalysis.of(r.level(), r.trained(), r.initial(), null, layout, biases()));
            dense = dense == null ? r : dense;
            previous = r;
        }
        rows.addAll(levelRows);
        curveRows.addAll(curves);
    }

    RunAnalysis analysis() {
        return analysis;
    }

    @Override
    public void onStart(Schedule schedule, int first) {
        firstLevel = first;
        totalLevels = schedule.totalLevels();
        startNanos = System.nanoTime();
        provenance = Provenance.startSession(provenance, first, schedule.startShape());
        AtomicFiles.write(dir.resolve(RunDir.PROVENANCE), Json.pretty(provenance));
    }

    @Override
    public void onEpoch(int level, int epoch, double trainLoss, double validationLoss) {
        pendingCurves.add(new String[] {Integer.toString(level), Integer.toString(epoch), Csv.num(trainLoss),
                Csv.num(validationLoss)});
    }

    @Override
    public Control onLevel(LevelResult r) {
        publishPending();
        int t = r.level();
        LevelAnalysis.Pending a = LevelAnalysis.begin(t, r.trained(), r.initial(), null, layout, biases(),
                config.analysis().nullShuffles(), Rng.derive(config.seeds().model(), "ncut_null", t).nextLong(),
                Trainer.threads());
        // The horizon of the step that produced level t belongs to level t.
        PruningHorizon h = previous == null ? null : PruningHorizon.of(previous.trained(), r.mask(), biases());
        Evaluation train = Trainer.evaluate(r.trained(), data.train(), Heads.of(config.data()));
        dense = dense == null ? r : dense;
        previous = r;
        pending = new Deferred(r, a, h, train, List.copyOf(pendingCurves), System.nanoTime());
        pendingCurves.clear();
        if (a.onHelper()) {
            // The level's own line comes when it is stored; until then the run's state is this.
            String when = t < totalLevels ? "when level " + (t + 1) + " has trained" : "once analysed";
            report(r, "trained (stored " + when + ")", pending.trainedAt());
        } else {
            publishPending();
        }
        // Only a stop rule waits for the split (which the helper computes first).
        boolean rules = config.stopOnSplit() || config.stopOnDegradation();
        return rules && stop(a.split()) ? Control.STOP : Control.CONTINUE;
    }

    /**
     * A trained level whose analysis may still be computing ({@link LevelAnalysis#begin}), with
     * what its files need besides.
     */
    private record Deferred(LevelResult level, LevelAnalysis.Pending analysis, PruningHorizon horizon,
                            Evaluation train, List<String[]> curves, long trainedAt) {
    }

    /**
     * The last trained level, not stored yet: with more than one thread a level's analysis is
     * computed while the next level trains (at the thesis' image shape it took 13% of a 2-epoch
     * level run on one thread and did not get faster on two), and the level is stored once it is
     * done. Null when every trained level is stored.
     */
    private Deferred pending;

    /**
     * Stores the {@link #pending} level, if any, waiting for its analysis first; the IMP
     * driver's next level, {@link #onFinish} and a run that ends in an exception ({@code RunStore})
     * call it. An interrupt of this thread is held back until the files are written.
     */
    void publishPending() {
        Deferred d = pending;
        if (d == null) {
            return;
        }
        pending = null;
        boolean interrupted = Thread.interrupted();
        try {
            publish(d, d.analysis().result());
        } finally {
            if (interrupted || Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Writes level {@code d}'s directory and its rows of the run's CSVs (see the class comment),
     * with its analysis {@code a}.
     */
    private void publish(Deferred d, LevelAnalysis a) {
        LevelResult r = d.level();
        List<String[]> curves = d.curves();
        int t = r.level();
        analysis.add(a);
        Path levels = dir.resolve(RunDir.LEVELS_DIR);
        Path target = levels.resolve(LevelFiles.dirName(t));
        Path tmp = AtomicDirs.tempDirFor(target);
        Reset.Mode mode = config.pruning().reset().mode();
        Network rewind = t == 0 && mode == Reset.Mode.REWIND ? rewindPoint() : null;
        if (t == 0 && mode != Reset.Mode.REINIT) {
            resetSource = mode == Reset.Mode.INIT ? r.initial() : rewind;
        }
        if (t > 0 && mode != Reset.Mode.REINIT) {
            requireDerivable(r);
        }
        String[] row = LevelColumns.row(header, layers, tasks, new LevelColumns.Source(r, a, d.horizon(), d.train()));
        LevelFiles.write(tmp, r.initial(), r.trained(), rewind, t, mode);
        if (config.analysis().lesions().covers(analysis.splitLevel().orElse(-1) == t)) {
            LesionFile.write(tmp, Lesions.of(r.trained(), a.states(), layout,
                    n -> Trainer.evaluate(n, data.test(), Heads.of(config.data())).taskAccuracy()));
        }
        // The checksums go in before the rename: a published level always carries them, and
        // they cover the CSV rows written below.
        Manifest.Level.seal(tmp, config.hash(), t, Manifest.row(row), Manifest.rows(curves), LevelFiles.LAYOUT);
        if (!AtomicDirs.publishDir(tmp, target)) {
            throw new CorruptRunException(dir, "level directory " + target.getFileName()
                    + " appeared while this process held the run's lock", "delete the run directory and run again");
        }
        // Curves before the level row: a crash in between leaves curve rows of a level that
        // levels.csv does not list yet, which a resume drops; the reverse would lose curves.
        curveRows.addAll(curves);
        AtomicFiles.write(dir.resolve(RunDir.CURVES_CSV), Csv.format(RunDir.CURVE_HEADER, curveRows));
        rows.add(row);
        AtomicFiles.write(dir.resolve(RunDir.LEVELS_CSV), Csv.format(header, rows));
        Provenance.level(provenance, t, r.seconds());
        AtomicFiles.write(dir.resolve(RunDir.PROVENANCE), Json.pretty(provenance));

        report(r, String.format(java.util.Locale.ROOT, "done, split %.3g", a.split().value()), d.trainedAt());
    }

    /**
     * The progress line of level {@code r}: its state, test accuracy, the time elapsed until it
     * was trained ({@code trainedAt}, a {@link System#nanoTime()}) and the time left.
     */
    private void report(LevelResult r, String state, long trainedAt) {
        int t = r.level();
        double elapsed = (trainedAt - startNanos) / 1e9;
        int done = t - firstLevel + 1;
        // Levels get cheaper as the net thins out, so this estimate errs on the long side.
        double left = elapsed / done * (totalLevels - t);
        progress.line(String.format(java.util.Locale.ROOT, "run %s: level %d/%d %s, test acc %.3f, %s elapsed, ~%s left",
                dir.getFileName(), t, totalLevels, state, r.training().test().accuracy(),
                Progress.duration(elapsed), Progress.duration(left)));
    }

    /**
     * Layout 2 does not store the start of a later level of a reset-to-init or rewind run: a
     * reader rebuilds it as the reset source with the level's mask. This checks, before anything
     * of the level is written, that the rebuilt network is bit for bit the one the level started
     * from.
     *
     * @throws IllegalStateException if it is not (the IMP driver reset otherwise than its config says)
     */
    private void requireDerivable(LevelResult r) {
        Network start = r.initial();
        Network rebuilt = resetSource.copy();
        rebuilt.setMask(start.mask());
        for (int l = 0; l < layers; l++) {
            if (!java.util.Arrays.equals(rebuilt.weights(l), start.weights(l))
                    || !java.util.Arrays.equals(rebuilt.biases(l), start.biases(l))) {
                throw new IllegalStateException("level " + r.level() + " did not start from the "
                        + config.pruning().reset().mode() + " reset source with its mask (layer " + l
                        + " differs), so its start cannot be rebuilt from level 0's files");
            }
        }
    }

    /** Whether the stop rules end the run after a level with this split. */
    boolean stop(Split split) {
        return (config.stopOnSplit() && split.isSplit()) || (config.stopOnDegradation() && split.isDegraded());
    }

    /**
     * The rewind point, recomputed by replaying the first {@code rewindStep} steps of level 0:
     * the same start network, data, config and order stream as the IMP driver, so the same
     * values (the driver keeps its copy to itself; storing it lets a resume rebuild the reset
     * source).
     */
    private Network rewindPoint() {
        int step = config.pruning().reset().rewindStep();
        Network start = config.model().withShape(config.schedule().startShape()).initialise(config.seeds().model());
        Network[] snap = new Network[1];
        class Enough extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Enough() {
                super(null, null, false, false);
            }
        }
        try {
            Trainer.fit(start, data, Heads.of(config.data()), config.training(), Rng.derive(config.seeds().order(), "order", 0),
                    new TrainListener() {
                @Override
                public void onStep(long s, Network net) {
                    if (s == step) {
                        snap[0] = net.copy();
                        throw new Enough();
                    }
                }
            });
        } catch (Enough e) {
            return snap[0];
        }
        throw new IllegalStateException("rewind step " + step + " was not reached when replaying level 0");
    }

    @Override
    public void onFinish(ImpRun run) {
        publishPending();
        writeSummary(run.levels().size(), run.stopped());
    }

    /** Writes {@code summary.json}: the run is complete. */
    void writeSummary(int levelsDone, boolean stopped) {
        var split = analysis.splitLevel();
        var degr = analysis.degradationLevel();
        Evaluation last = previous.training().test();
        List<Double> perTask = new ArrayList<>();
        for (int t = 0; t < config.data().taskCount(); t++) {
            perTask.add(last.taskAccuracy(t));
        }
        List<LevelAnalysis> levels = analysis.levels();
        var kept = levels.get(levels.size() - 1).parameters();
        RunSummary summary = new RunSummary(config.hash(), analysis.category().name(),
                split.isPresent() ? split.getAsInt() : null, degr.isPresent() ? degr.getAsInt() : null, levelsDone,
                config.schedule().totalLevels() + 1, stopped, dense.training().test().accuracy(), last.accuracy(),
                last.loss(), perTask, kept.prunableKept(), kept.density(), Instant.now().toString());
        Provenance.finish(provenance);
        AtomicFiles.write(dir.resolve(RunDir.PROVENANCE), Json.pretty(provenance));
        // The run manifest before summary.json: a complete run is always sealed.
        String json = summary.toJson();
        Manifest.Run.write(dir, config.hash(), rows.size(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(RunDir.SUMMARY), json);
    }
}
