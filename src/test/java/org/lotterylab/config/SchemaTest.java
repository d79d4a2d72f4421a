package org.lotterylab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.model.Init;
import org.lotterylab.model.ModelConfig;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Reset;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Optimizer;
import org.lotterylab.train.TrainConfig;

class SchemaTest {
    static final List<Class<? extends Record>> CONFIGS = List.of(ExperimentConfig.class, DataConfig.class, ModelConfig.class,
            Init.class, TrainConfig.class, PruneConfig.class, Reset.class, Seeds.class, Task.Moons.class, Task.Circles.class, Task.Xor.class);

    @Test
    void buildersHoldNoDefaultsOfTheirOwn() {
        // The only state of a builder is the schema's value list (and DataConfig's task list, which
        // starts empty): no field initialiser can hold a second copy of a default.
        for (Class<?> c : List.of(ExperimentConfig.Builder.class, TrainConfig.Builder.class, PruneConfig.Builder.class,
                DataConfig.Builder.class)) {
            for (var f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    assertTrue(f.getType() == Schema.Builder.class || f.getName().equals("tasks"), c + "." + f.getName());
                }
            }
        }
    }

    @Test
    void everyDefaultIsTheDeclaredOne() throws Exception {
        // The declared default text, parsed by plain Jackson, against what each record's defaults() holds
        // (written by the schema): one source, two readings that must agree.
        ObjectMapper m = new ObjectMapper();
        for (Class<? extends Record> c : CONFIGS) {
            Schema<? extends Record> s = Schema.of(c);
            for (Schema.Field f : s.fields()) {
                String d = c.getRecordComponents()[s.fields().indexOf(f)].getAnnotation(Param.class).dflt();
                if (d.isEmpty() || d.equals("null")) {
                    continue; // a nested record's defaults, or a value resolved by another field (checked below)
                }
                String declared;
                try {
                    declared = m.readTree(d).toString();
                } catch (Exception e) {
                    declared = "\"" + d + "\"";
                }
                String written = f.defaultText();
                if (f.name().equals("tasks")) {
                    assertEquals("[{\"type\":\"circles\",\"noise\":0.1,\"factor\":0.35},{\"type\":\"moons\",\"noise\":0.1}]", written);
                } else if (f.typeName().startsWith("a number")) {
                    assertEquals(Double.parseDouble(declared.replace("\"", "")), Double.parseDouble(written), c + "." + f.name());
                } else {
                    assertEquals(declared, written, c + "." + f.name());
                }
            }
        }
        // defaults resolved from another field
        assertEquals(0.0, TrainConfig.defaults().weightDecay());
        assertEquals(TrainConfig.ADAMW_DEFAULT_DECAY, TrainConfig.builder().optimizer(Optimizer.ADAMW).build().weightDecay());
        assertEquals(0.1, Init.of(Init.Kind.TRUNCATED_NORMAL).std());
        assertEquals(1.0, Init.of(Init.Kind.NORMAL).std());
        assertTrue(Double.isNaN(PruneConfig.defaults().rate()));
        // the science.md values, worked out from the notes, not from the code
        TrainConfig t = TrainConfig.defaults();
        assertEquals(List.of(1e-3, 0.9, 0.999, 1e-8), List.of(t.learningRate(), t.beta1(), t.beta2(), t.epsilon()));
        assertEquals(List.of(64, 3000, 30), List.of(t.batchSize(), t.maxEpochs(), t.patience()));
        assertEquals("[4, 40, 40, 2]", Arrays.toString(ModelConfig.defaults().shape()));
        assertEquals(List.of(40, 20), List.of(PruneConfig.defaults().target(), PruneConfig.defaults().levels()));
        assertEquals(List.of(new Task.Circles(0.1, 0.35), new Task.Moons(0.1)), DataConfig.defaults().tasks());
    }

    @Test
    void readingAnEmptyObjectGivesTheDefaults() throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (Class<? extends Record> c : CONFIGS) {
            assertEquals(Schema.of(c).defaults(), Schema.of(c).read(m.readTree("{}"), ""), c.getName());
        }
    }

    @Test
    void writeThenReadIsTheIdentity() throws Exception {
        Schema<TrainConfig> s = Schema.of(TrainConfig.class);
        TrainConfig t = TrainConfig.builder().optimizer(Optimizer.SGD).fullBatch().lossCutoff(0.05).patience(7).build();
        assertEquals("\"full\"", s.write(t).get("batchSize").toString());
        assertEquals(t, s.read(s.write(t), "training"));
        assertEquals(Reset.rewind(50), Schema.of(Reset.class).read(new ObjectMapper().readTree("\"rewind:50\""), "reset"));
    }

    @Test
    void valuesByDottedName() {
        ExperimentConfig c = ExperimentConfig.defaults().with("training.patience", 7).with("seeds.model", 3);
        Schema<ExperimentConfig> s = Schema.of(ExperimentConfig.class);
        assertEquals(7, s.get(c, "training.patience"));
        assertEquals(3L, s.get(c, "seeds.model"));
        assertEquals(Init.Kind.KAIMING_NORMAL, s.get(c, "model.init.kind"));
        assertEquals(c.pruning(), s.get(c, "pruning"));
        String m = assertThrows(IllegalArgumentException.class, () -> s.get(c, "training.patiance")).getMessage();
        assertTrue(m.contains("did you mean training.patience?"), m);
    }

    @Test
    void rangesAreCheckedByTheBuilders() {
        String m = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().betas(1.0, 0.999).build()).getMessage();
        assertTrue(m.contains("beta1 = 1.0 is out of range: it must lie in [0, 1)") && m.contains("the default is 0.9"), m);
        m = assertThrows(IllegalArgumentException.class, () -> PruneConfig.builder().levels(0).build()).getMessage();
        assertTrue(m.contains("levels = 0") && m.contains("[1, inf)"), m);
        m = assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().set("patiense", 3)).getMessage();
        assertTrue(m.contains("unknown field patiense; did you mean patience?"), m);
    }
}
