package org.lotterylab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.lotterylab.data.DataConfig;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Schedule;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.TrainConfig;

/**
 * Everything that determines one IMP run: data, model, training, pruning, seeds and the
 * analysis options that change what is computed ({@code stopOnSplit}, {@code stopOnDegradation}).
 * Immutable. {@code name} and {@code notes} are labels for people: they are stored but do not
 * enter the {@link #hash() hash}, so renaming a run does not orphan it.
 *
 * <p><b>Defaults</b> ({@link #defaults()}, the builder's start): circles+moons as in science.md
 * (2000 rows per task, noise 0.1, factor 0.35, half train, a quarter each validation and test,
 * standardised), the MLP {@code [4, 40, 40, 2]} (ReLU, Kaiming-normal; the width of the peer
 * benchmark workload, wide enough that a split is possible long before degradation), Adam with
 * science.md's training defaults, global magnitude pruning of weights only over 20 levels down to
 * {@value #DEFAULT_TARGET} weights (the notes' "down to 40 params"), reset to init, all seeds 0,
 * both stop rules off.
 *
 * <p><b>JSON</b> ({@link #toJson()}, {@link #fromJson(String)}): every field may be omitted and
 * then takes its default; unknown fields and wrong types are errors naming the field. Tasks are
 * written as {@code {"type":"moons","noise":0.1}}; a NaN rate or loss cutoff as {@code null};
 * enums in lower case.
 *
 * <p><b>Hash</b> ({@link #hash()}): SHA-256 of the canonical JSON (sorted keys, no name or notes,
 * every field equal to its default omitted, ignored parameters such as the target of a run with
 * a rate dropped), first {@value #HASH_LENGTH} hex characters. Because defaults are omitted, a
 * field added later whose default reproduces the old behaviour leaves every existing hash as it
 * was. The defaults of the canonical form are therefore frozen: never change a default value
 * here, add a new field instead.
 */
public record ExperimentConfig(String name, String notes, DataConfig data, ModelConfig model, TrainConfig training,
                               PruneConfig pruning, Seeds seeds, boolean stopOnSplit, boolean stopOnDegradation) {

    /** Length of {@link #hash()} in hex characters (48 bits). */
    public static final int HASH_LENGTH = 12;
    /** The default pruning target PT. */
    public static final int DEFAULT_TARGET = 40;
    /** The default model shape. */
    static final int[] DEFAULT_SHAPE = {4, 40, 40, 2};

    public ExperimentConfig {
        name = name == null ? "" : name;
        notes = notes == null ? "" : notes;
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(pruning, "pruning");
        Objects.requireNonNull(seeds, "seeds");
        int[] s = model.shape();
        if (s[0] != data.inputCount() || s[s.length - 1] != data.taskCount()) {
            throw new ConfigException("model.shape " + Arrays.toString(s) + " does not fit the data "
                    + data.label() + " (" + data.inputCount() + " inputs, " + data.taskCount() + " tasks): set model.shape to ["
                    + data.inputCount() + ", ..., " + data.taskCount() + "]");
        }
        try {
            pruning.schedule(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("pruning: " + e.getMessage(), e);
        }
    }

    /** The defaults described above. */
    public static ExperimentConfig defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.notes = notes;
        b.data = data;
        b.model = model;
        b.training = training;
        b.pruning = pruning;
        b.seeds = seeds;
        b.stopOnSplit = stopOnSplit;
        b.stopOnDegradation = stopOnDegradation;
        return b;
    }

    /** The schedule this run follows. */
    public Schedule schedule() {
        return pruning.schedule(model.shape());
    }

    /** The content hash: which stored run this config is (see the class comment). */
    public String hash() {
        return ConfigJson.hash(this);
    }

    /** The canonical JSON the hash is computed from (compact, sorted keys, defaults omitted). */
    public String canonicalJson() {
        return ConfigJson.canonicalString(this);
    }

    /** Every field, pretty-printed; {@link #fromJson(String)} reads it back to an equal config. */
    public String toJson() {
        return ConfigJson.pretty(ConfigJson.toTree(this));
    }

    /** The full JSON tree (every field present). */
    public JsonNode toTree() {
        return ConfigJson.toTree(this);
    }

    /**
     * Parses a config; omitted fields take their defaults.
     *
     * @throws ConfigException on malformed JSON, unknown fields, wrong types or invalid values
     */
    public static ExperimentConfig fromJson(String json) {
        return ConfigJson.parse(json, "config");
    }

    /** Reads a config file; errors name the file. */
    public static ExperimentConfig read(Path file) {
        return ConfigJson.read(file);
    }

    /**
     * A copy with one field set, by dotted name: any field of the JSON form (e.g.
     * {@code pruning.levels}, {@code training.learningRate}, {@code seeds.model}) or one of the
     * shorthands of {@link Sweep} ({@code model.hidden}, {@code data.noise}, {@code seeds.all}, ...).
     *
     * @throws ConfigException if the name is unknown or the value does not fit
     */
    public ExperimentConfig with(String field, Object value) {
        return Fields.set(this, field, value);
    }

    /** A short human label, e.g. {@code circles+moons [4,40,40,2] L20 seeds 0/0/0}. */
    public String label() {
        return data.label() + " " + Arrays.toString(model.shape()).replace(" ", "") + " L" + pruning.levels()
                + (pruning.extension() > 0 ? " E" + pruning.extension() : "") + " seeds " + seeds.data() + "/"
                + seeds.model() + "/" + seeds.order();
    }

    /** Mutable builder starting from the defaults; {@link #build()} validates. */
    public static final class Builder {
        private String name = "";
        private String notes = "";
        private DataConfig data = DataConfig.circlesMoons();
        private ModelConfig model = ModelConfig.of(DEFAULT_SHAPE);
        private TrainConfig training = TrainConfig.defaults();
        private PruneConfig pruning = PruneConfig.builder().target(DEFAULT_TARGET).build();
        private Seeds seeds = Seeds.of(0);
        private boolean stopOnSplit;
        private boolean stopOnDegradation;

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder notes(String v) {
            notes = v;
            return this;
        }

        public Builder data(DataConfig v) {
            data = v;
            return this;
        }

        public Builder model(ModelConfig v) {
            model = v;
            return this;
        }

        /** Shorthand for {@code model(model.withShape(shape))}. */
        public Builder shape(int... shape) {
            model = model.withShape(shape);
            return this;
        }

        public Builder training(TrainConfig v) {
            training = v;
            return this;
        }

        public Builder pruning(PruneConfig v) {
            pruning = v;
            return this;
        }

        public Builder seeds(Seeds v) {
            seeds = v;
            return this;
        }

        /** All three seeds equal to {@code seed}. */
        public Builder seed(long seed) {
            seeds = Seeds.of(seed);
            return this;
        }

        /** End the run at the first level whose split value is 0. */
        public Builder stopOnSplit(boolean on) {
            stopOnSplit = on;
            return this;
        }

        /** End the run at the first level whose split value is below 0. */
        public Builder stopOnDegradation(boolean on) {
            stopOnDegradation = on;
            return this;
        }

        public ExperimentConfig build() {
            return new ExperimentConfig(name, notes, data, model, training, pruning, seeds, stopOnSplit,
                    stopOnDegradation);
        }
    }
}
