package org.lotterylab.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lotterylab.config.Schema;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.prune.Reset;

/**
 * The config columns that begin every run table, derived from the config's schema: one column
 * per declared leaf field, and a few derived ones beside their field. This class is the one
 * mapping between the config's dotted camelCase names ({@code training.learningRate}) and the
 * tables' snake_case columns ({@code lr}).
 *
 * <p>A field's column is the snake_case of its dotted name without the top group
 * ({@code training.maxEpochs} -> {@code max_epochs}, {@code model.init.mean} ->
 * {@code init_mean}), except the names in {@link #RENAMED}: short names the notebooks and the
 * CLI's filters use. {@code notes} has no column. Values: numbers, booleans and strings as they
 * are (a {@code long} that fits an {@code int} as an {@code int}; a null number as NaN), enums in
 * lower case as in the JSON form, the shape as {@code 4-40-40-2}.
 *
 * <p>Beside their field: {@code data} is the tasks' label ({@code circles+moons}), followed by
 * {@code tasks} (their count) and {@code noise} (of the first task); {@code shape} is followed by
 * {@code start_shape} (the trained shape, wider with extension), {@code depth} (hidden layers)
 * and {@code hidden} (first hidden width, 0 without); {@code target} and {@code rate} are the
 * schedule's (P_L and p, whichever the config set), {@code extension} is followed by {@code p0};
 * {@code reset} is {@code init}, {@code reinit} or {@code rewind:k}.
 */
final class ConfigColumns {
    /** Columns whose name is not the snake_case of the field's dotted name. */
    static final Map<String, String> RENAMED = Map.of(
            "data.tasks", "data",
            "data.rowsPerTask", "rows",
            "training.learningRate", "lr",
            "training.batchSize", "batch",
            "model.init.kind", "init",
            "pruning.reset.mode", "reset",
            "seeds.data", "seed_data",
            "seeds.model", "seed_model",
            "seeds.order", "seed_order");
    private static final List<String> WITHOUT_COLUMN = List.of("notes");
    private static final Schema<ExperimentConfig> SCHEMA = Schema.of(ExperimentConfig.class);
    /** Every column with how it is computed, in order. */
    private static final Map<String, Function<ExperimentConfig, Object>> COLUMNS = columns();

    private ConfigColumns() {
    }

    /** The column of a config field given by its dotted name (also a field without a column). */
    static String column(String path) {
        String renamed = RENAMED.get(path);
        if (renamed != null) {
            return renamed;
        }
        int dot = path.indexOf('.');
        return snake(dot < 0 ? path : path.substring(dot + 1));
    }

    /** {@code maxEpochs} -> {@code max_epochs}, {@code init.mean} -> {@code init_mean}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toLowerCase(Locale.ROOT);
    }

    /** The column names, in order, starting with {@code hash}. */
    static List<String> names() {
        return List.copyOf(COLUMNS.keySet());
    }

    /** The config columns of one config, as typed values. */
    static Map<String, Object> row(ExperimentConfig c) {
        Map<String, Object> row = new LinkedHashMap<>();
        COLUMNS.forEach((k, f) -> row.put(k, f.apply(c)));
        return row;
    }

    private static Map<String, Function<ExperimentConfig, Object>> columns() {
        List<String> paths = new ArrayList<>();
        for (Schema.Entry e : ExperimentConfig.fields()) {
            paths.add(e.path());
        }
        Map<String, Function<ExperimentConfig, Object>> out = new LinkedHashMap<>();
        out.put("hash", ExperimentConfig::hash);
        for (String p : paths) {
            boolean leaf = paths.stream().noneMatch(q -> q.startsWith(p + "."));
            if (!leaf || WITHOUT_COLUMN.contains(p)) {
                continue;
            }
            String name = column(p);
            if (out.containsKey(name)) {
                throw new IllegalStateException("config fields " + p + " and another both map to the column " + name
                        + "; give one of them a name in ConfigColumns.RENAMED");
            }
            out.put(name, c -> value(SCHEMA.get(c, p)));
            switch (p) {
                case "data.tasks" -> {
                    out.put("data", c -> c.data().label());
                    out.put("tasks", c -> c.data().taskCount());
                    out.put("noise", c -> noise(c.data().tasks().get(0)));
                }
                case "model.shape" -> {
                    out.put("start_shape", c -> shape(c.schedule().startShape()));
                    out.put("depth", c -> c.model().shape().length - 2);
                    out.put("hidden", c -> c.model().shape().length > 2 ? c.model().shape()[1] : 0);
                }
                case "pruning.target" -> out.put("target", c -> c.schedule().target());
                case "pruning.rate" -> out.put("rate", c -> c.schedule().rate());
                case "pruning.extension" -> out.put("p0", c -> c.schedule().p0());
                case "pruning.reset.mode" -> out.put("reset", c -> c.pruning().reset().mode() == Reset.Mode.REWIND
                        ? "rewind:" + c.pruning().reset().rewindStep() : lower(c.pruning().reset().mode()));
                default -> {
                }
            }
        }
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Enum<?> e) {
            return lower(e);
        }
        if (v instanceof int[] s) {
            return shape(s);
        }
        if (v instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (v == null) {
            return Double.NaN;
        }
        return v;
    }

    private static double noise(Task t) {
        return t instanceof Task.Moons m ? m.noise() : t instanceof Task.Circles c ? c.noise()
                : t instanceof Task.Xor x ? x.noise() : Double.NaN;
    }

    static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
