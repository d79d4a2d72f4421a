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
 * run manifest, marks the run complete. Because the level directory is published before the CSV row that refers to it, a
 * crash leaves at worst an orphan level directory, which {@link RunStore} removes on resume.
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
        int t = r.level();
        LevelAnalysis a = LevelAnalysis.of(t, r.trained(), r.initial(), null, layout, biases(),
                config.analysis().nullShuffles(), Rng.derive(config.seeds().model(), "ncut_null", t).nextLong(),
                Trainer.threads());
        analysis.add(a);
        // The horizon of the step that produced level t belongs to level t.
        PruningHorizon h = previous == null ? null : PruningHorizon.of(previous.trained(), r.mask(), biases());
        Evaluation train = Trainer.evaluate(r.trained(), data.train(), Heads.of(config.data()));

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
        String[] row = LevelColumns.row(header, layers, tasks, new LevelColumns.Source(r, a, h, train));
        LevelFiles.write(tmp, r.initial(), r.trained(), rewind, t, mode);
        if (config.analysis().lesions().covers(analysis.splitLevel().orElse(-1) == t)) {
            LesionFile.write(tmp, Lesions.of(r.trained(), a.states(), layout,
                    n -> Trainer.evaluate(n, data.test(), Heads.of(config.data())).taskAccuracy()));
        }
        // The checksums go in before the rename: a published level always carries them, and
        // they cover the CSV rows written below.
        Manifest.Level.seal(tmp, config.hash(), t, Manifest.row(row), Manifest.rows(pendingCurves), LevelFiles.LAYOUT);
        if (!AtomicDirs.publishDir(tmp, target)) {
            throw new CorruptRunException(dir, "level directory " + target.getFileName()
                    + " appeared while this process held the run's lock", "delete the run directory and run again");
        }
        // Curves before the level row: a crash in between leaves curve rows of a level that
        // levels.csv does not list yet, which a resume drops; the reverse would lose curves.
        curveRows.addAll(pendingCurves);
        pendingCurves.clear();
        AtomicFiles.write(dir.resolve(RunDir.CURVES_CSV), Csv.format(RunDir.CURVE_HEADER, curveRows));
        rows.add(row);
        AtomicFiles.write(dir.resolve(RunDir.LEVELS_CSV), Csv.format(header, rows));
        Provenance.level(provenance, t, r.seconds());
        AtomicFiles.write(dir.resolve(RunDir.PROVENANCE), Json.pretty(provenance));
        dense = dense == null ? r : dense;
        previous = r;

        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        int done = t - firstLevel + 1;
        // Levels get cheaper as the net thins out, so this estimate errs on the long side.
        double left = elapsed / done * (totalLevels - t);
        progress.line(String.format(java.util.Locale.ROOT, "run %s: level %d/%d done, split %.3g, test acc %.3f, %s elapsed, ~%s left",
                dir.getFileName(), t, totalLevels, a.split().value(), r.training().test().accuracy(),
                Progress.duration(elapsed), Progress.duration(left)));
        return stop(a) ? Control.STOP : Control.CONTINUE;
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

    /** Whether the stop rules end the run after a level with this analysis. */
    boolean stop(LevelAnalysis a) {
        return (config.stopOnSplit() && a.split().isSplit()) || (config.stopOnDegradation() && a.split().isDegraded());
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
