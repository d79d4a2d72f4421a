package org.lotterylab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.lotterylab.config.Param;
import org.lotterylab.config.Schema;
import org.lotterylab.data.DataConfig;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Schedule;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.TrainConfig;

/**
 * Everything that determines one IMP run: data, model, training, pruning, seeds and the
 * analysis options that change what is computed ({@code stopOnSplit}, {@code stopOnDegradation},
 * {@code lesions}).
 * Immutable. {@code name} and {@code notes} are labels for people: they are stored but do not
 * enter the {@link #hash() hash}, so renaming a run does not orphan it.
 *
 * <p><b>Fields</b>: each is declared once, with its description, default and range, by
 * {@link Param} on its record component (here and in {@link DataConfig}, {@link ModelConfig},
 * {@link TrainConfig}, {@link PruneConfig}, {@link Seeds}, {@link Analysis} and the records they
 * hold); {@link #fields()} lists them all with their dotted names. JSON, dotted-path setting
 * ({@link #with}), sweep field names and the command line's help derive from those declarations.
 * The defaults: circles+moons as in science.md (2000 rows per task, noise 0.1, factor 0.35, half
 * train, a quarter each validation and test, standardised), the MLP {@code [4, 40, 40, 2]} (ReLU,
 * Kaiming-normal; the width of the peer benchmark workload, wide enough that a split is possible
 * long before degradation), Adam with science.md's training defaults, global magnitude pruning of
 * weights only over 20 levels down to 40 weights (the notes' "down to 40 params"), reset to init,
 * all seeds 0, both stop rules off.
 *
 * <p><b>JSON</b> ({@link #toJson()}, {@link #fromJson(String)}): every field may be omitted and
 * then takes its default. Strict: a duplicate key, text after the object, an unknown field (the
 * error suggests the nearest declared name), a wrong type or a value out of range is an error
 * naming the field. Tasks are written as {@code {"type":"moons","noise":0.1}}; a NaN rate or
 * loss cutoff as {@code null}; enums in lower case.
 *
 * <p><b>Validation</b> beyond each field's range: the model's shape fits the data; the schedule
 * exists and its arrays fit; a run has test rows (its category and test accuracies need them)
 * and validation rows whenever training reads the validation loss. {@link #checkFits()} also
 * compares the memory a run needs with this JVM's heap, before anything is allocated.
 *
 * <p><b>Hash</b> ({@link #hash()}): SHA-256 of the canonical JSON (sorted keys, no name or notes,
 * every field equal to its default omitted, ignored parameters such as the target of a run with
 * a rate dropped), first {@value #HASH_LENGTH} hex characters. Because defaults are omitted, a
 * field added later whose default reproduces the old behaviour leaves every existing hash as it
 * was. The defaults of the canonical form are therefore frozen: never change a declared default,
 * add a new field instead.
 */
public record ExperimentConfig(
        @Param(doc = "a label for people; not part of the hash", dflt = "\"\"", hashed = false)
        String name,
        @Param(doc = "free notes; not part of the hash", dflt = "\"\"", hashed = false)
        String notes,
        @Param(doc = "the data set")
        DataConfig data,
        @Param(doc = "the network")
        ModelConfig model,
        @Param(doc = "how each level trains")
        TrainConfig training,
        @Param(doc = "how IMP prunes")
        PruneConfig pruning,
        @Param(doc = "the seeds of the run")
        Seeds seeds,
        @Param(doc = "analysis options that change what a run computes")
        Analysis analysis) {

    /** Length of {@link #hash()} in hex characters (48 bits). */
    public static final int HASH_LENGTH = 12;
    private static final Schema<ExperimentConfig> SCHEMA = Schema.of(ExperimentConfig.class);
    /** The default pruning target PT. */
    public static final int DEFAULT_TARGET = PruneConfig.defaults().target();

    public ExperimentConfig {
        name = name == null ? "" : name;
        notes = notes == null ? "" : notes;
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(pruning, "pruning");
        Objects.requireNonNull(seeds, "seeds");
        Objects.requireNonNull(analysis, "analysis");
        int[] s = model.shape();
        if (s[0] != data.inputCount() || s[s.length - 1] != data.outputCount()) {
            throw new ConfigException("model.shape " + Arrays.toString(s) + " does not fit the data "
                    + data.label() + " (" + data.inputCount() + " inputs, " + data.outputCount() + " outputs): set model.shape to ["
                    + data.inputCount() + ", ..., " + data.outputCount() + "]");
        }
        int[] rows = data.splitRows();
        if (rows[2] < 1) {
            throw new ConfigException("data.trainFraction " + data.trainFraction() + " + data.validationFraction "
                    + data.validationFraction() + " of " + data.rowsPerTask() + " rows leave no test rows, but a run's"
                    + " test accuracies and category need them: lower data.trainFraction (default 0.5) or"
                    + " data.validationFraction so that their sum stays below 1");
        }
        if (rows[1] < 1) {
            String reader = training.earlyStopping() ? "training.earlyStopping is on"
                    : !Double.isNaN(training.lossCutoff()) ? "training.lossCutoff is set"
                    : training.restoreBest() ? "training.restoreBest is on" : null;
            if (reader != null) {
                throw new ConfigException("data.validationFraction " + data.validationFraction() + " of "
                        + data.rowsPerTask() + " rows leaves no validation rows, but " + reader
                        + " and reads the validation loss: set data.validationFraction > 0 (default 0.25), or set "
                        + (reader.startsWith("training.earlyStopping") ? "training.earlyStopping to false to train exactly"
                        + " training.maxEpochs" : reader.replace(" is set", " to null").replace(" is on", " to false")));
            }
        }
        try {
            pruning.schedule(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("pruning: " + e.getMessage(), e);
        }
    }

    /** The stop rule on a split ({@code analysis.stopOnSplit}). */
    public boolean stopOnSplit() {
        return analysis.stopOnSplit();
    }

    /** The stop rule on degradation ({@code analysis.stopOnDegradation}). */
    public boolean stopOnDegradation() {
        return analysis.stopOnDegradation();
    }

    /**
     * Every config field by its dotted name (nested objects too), with its declaration: type,
     * default, range, description. {@link #with} accepts each, and the shorthands of {@link Sweep}.
     */
    public static List<Schema.Entry> fields() {
        return SCHEMA.entries();
    }

    /** The defaults described above. */
    public static ExperimentConfig defaults() {
        return SCHEMA.defaults();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(SCHEMA.builder());
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(SCHEMA.builder(this));
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

    /**
     * Bytes a run of this config needs at least, by its largest arrays: the data set while it is
     * drawn, and per parameter of the start shape (the extended one, when extended) about 64 bytes
     * (weights, initial and best copies, mask, gradient, optimiser moments, sparse indices), plus
     * per neuron and batch row 16 bytes of activations and their gradients.
     */
    public long memoryBytes() {
        int[] start = schedule().startShape();
        long params = ModelConfig.of(start).parameterCount();
        long neurons = 0;
        for (int w : start) {
            neurons += w;
        }
        int[] rows = data.splitRows();
        long batch = Math.max(Math.min((long) training.batchSize(), rows[0]), Math.min(256, Math.max(rows[1], rows[2])));
        return data.generateBytes() + 64 * params + 16 * neurons * batch;
    }

    /** {@link #checkFits(long)} against this JVM's heap ({@link Runtime#maxMemory()}). */
    public void checkFits() {
        checkFits(Runtime.getRuntime().maxMemory());
    }

    /**
     * Fails unless a run of this config fits in {@code heapBytes} ({@link #memoryBytes()} at most
     * 80% of it). Cheap and allocation-free: call it before a run creates anything.
     *
     * @throws ConfigException naming the sizes and the fields to change
     */
    public void checkFits(long heapBytes) {
        long need = memoryBytes();
        if (need > heapBytes * 0.8) {
            int[] start = schedule().startShape();
            throw new ConfigException(String.format(java.util.Locale.ROOT, "a run of this config needs about %s but the"
                    + " Java heap is %s: model.shape %s%s has %,d parameters and data.rowsPerTask is %,d; use a smaller"
                    + " model.shape, data.rowsPerTask or pruning.extension, or give Java more heap (-Xmx)",
                    gb(need), gb(heapBytes), Arrays.toString(start),
                    pruning.extension() > 0 ? " (pruning.extension " + pruning.extension() + " of " + Arrays.toString(model.shape()) + ")" : "",
                    ModelConfig.of(start).parameterCount(), data.rowsPerTask()));
        }
    }

    private static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /**
     * Mutable builder starting from the defaults; {@link #build()} validates. Typed setters, and
     * {@link #set} for any top-level field.
     */
    public static final class Builder {
        private final Schema.Builder<ExperimentConfig> v;

        private Builder(Schema.Builder<ExperimentConfig> v) {
            this.v = v;
        }

        /** Sets a top-level field by its name. */
        public Builder set(String field, Object value) {
            v.set(field, value);
            return this;
        }

        public Builder name(String x) {
            return set("name", x);
        }

        public Builder notes(String x) {
            return set("notes", x);
        }

        public Builder data(DataConfig x) {
            return set("data", x);
        }

        public Builder model(ModelConfig x) {
            return set("model", x);
        }

        /** Shorthand for {@code model(model.withShape(shape))}. */
        public Builder shape(int... shape) {
            return set("model", ((ModelConfig) v.get("model")).withShape(shape));
        }

        public Builder training(TrainConfig x) {
            return set("training", x);
        }

        public Builder pruning(PruneConfig x) {
            return set("pruning", x);
        }

        public Builder seeds(Seeds x) {
            return set("seeds", x);
        }

        /** All three seeds equal to {@code seed}. */
        public Builder seed(long seed) {
            return set("seeds", Seeds.of(seed));
        }

        /** End the run at the first level whose split value is 0. */
        public Builder stopOnSplit(boolean on) {
            return set("analysis", ((Analysis) v.get("analysis")).withStopOnSplit(on));
        }

        /** End the run at the first level whose split value is below 0. */
        public Builder stopOnDegradation(boolean on) {
            return set("analysis", ((Analysis) v.get("analysis")).withStopOnDegradation(on));
        }

        /** Draw {@code n} layer_nonzero shuffles per level for the n-cut's null ({@code analysis.nullShuffles}). */
        public Builder nullShuffles(int n) {
            return set("analysis", ((Analysis) v.get("analysis")).withNullShuffles(n));
        }

        public ExperimentConfig build() {
            try {
                return v.build();
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
        }
    }
}
