package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lotterylab.model.Init;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Reset;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Optimizer;
import org.lotterylab.train.TrainConfig;

class ExperimentConfigTest {

    static List<ExperimentConfig> samples() {
        ExperimentConfig t = Fixtures.tiny();
        return List.of(ExperimentConfig.defaults(), t,
                t.toBuilder().name("x").notes("y").seeds(new Seeds(1, 2, 3)).stopOnSplit(true).build(),
                t.toBuilder().training(TrainConfig.builder().optimizer(Optimizer.SGD).momentum(0.9).fullBatch()
                        .lossCutoff(0.05).build()).build(),
                t.toBuilder().pruning(PruneConfig.builder().rate(0.3).levels(2).reset(Reset.rewind(3))
                        .method(PruneConfig.Method.RANDOM).biases(true).build()).build(),
                t.toBuilder().model(t.model().withInit(Init.normal(0.1, 0.5))).build());
    }

    @Test
    void jsonRoundTripGivesEqualConfigsAndHashes() {
        for (ExperimentConfig c : samples()) {
            ExperimentConfig back = ExperimentConfig.fromJson(c.toJson());
            assertEquals(c, back, c.toJson());
            assertEquals(c.hash(), back.hash());
            assertEquals(c.canonicalJson(), back.canonicalJson());
        }
    }

    @Test
    void pinnedHashes() {
        // Computed once; a change here means stored runs would be orphaned. Do not update
        // these values unless the canonical form is deliberately changed.
        assertEquals("{}", ExperimentConfig.defaults().canonicalJson());
        assertEquals(PINNED_DEFAULT, ExperimentConfig.defaults().hash());
        assertEquals("{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},"
                + "{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},"
                + "\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"maxEpochs\":20,\"patience\":5}}",
                Fixtures.tiny().canonicalJson());
        assertEquals(PINNED_TINY, Fixtures.tiny().hash());
        assertEquals(PINNED_TINY_SEED7, Fixtures.tiny().with("seeds.all", 7).hash());
    }

    static final String PINNED_DEFAULT = "44136fa355b3";
    static final String PINNED_TINY = "d25f485df0a6";
    static final String PINNED_TINY_SEED7 = "4752b0ceb08b";

    @Test
    void labelsAndIgnoredParametersDoNotEnterTheHash() {
        ExperimentConfig t = Fixtures.tiny();
        assertEquals(t.hash(), t.toBuilder().name("renamed").notes("n").build().hash());
        ExperimentConfig r1 = t.toBuilder().pruning(t.pruning().toBuilder().target(20).rate(0.3).build()).build();
        ExperimentConfig r2 = t.toBuilder().pruning(t.pruning().toBuilder().target(30).rate(0.3).build()).build();
        assertEquals(r1.hash(), r2.hash());
        assertNotEquals(t.hash(), t.with("seeds.model", 1).hash());
    }

    @Test
    void aNewFieldAtItsDefaultLeavesTheHashUnchanged() {
        ExperimentConfig t = Fixtures.tiny();
        // Simulate a future version that adds training.gradientClip (default 0 = off): the
        // full tree and the defaults both gain the field at its default.
        ObjectNode tree = (ObjectNode) t.toTree();
        tree.remove("name");
        tree.remove("notes");
        ObjectNode defaults = (ObjectNode) ExperimentConfig.defaults().toTree();
        defaults.remove("name");
        defaults.remove("notes");
        String before = ConfigJson.compact(ConfigJson.sorted(ConfigJson.strip(tree.deepCopy(), defaults)));
        ((ObjectNode) tree.get("training")).put("gradientClip", 0.0);
        ((ObjectNode) defaults.get("training")).put("gradientClip", 0.0);
        String after = ConfigJson.compact(ConfigJson.sorted(ConfigJson.strip(tree, defaults)));
        assertEquals(before, after);
        assertEquals(t.canonicalJson(), before);
        assertEquals(ConfigJson.hashOf(before), t.hash());
        // and a non-default value does change it
        ((ObjectNode) tree.get("training")).put("gradientClip", 1.0);
        assertNotEquals(before, ConfigJson.compact(ConfigJson.sorted(ConfigJson.strip(tree, defaults))));
    }

    @Test
    void omittedFieldsTakeDefaults() {
        ExperimentConfig c = ExperimentConfig.fromJson("{\"pruning\": {\"levels\": 5}}");
        assertEquals(5, c.pruning().levels());
        assertEquals(ExperimentConfig.DEFAULT_TARGET, c.pruning().target());
        assertEquals(ExperimentConfig.defaults().data(), c.data());
        ExperimentConfig s = ExperimentConfig.fromJson("{\"data\": {\"tasks\": \"moons+moons\", \"rowsPerTask\": 200},"
                + " \"model\": {\"shape\": \"4-6-6-2\"}, \"pruning\": {\"reset\": \"rewind:5\", \"target\": 20}}");
        assertEquals(Reset.rewind(5), s.pruning().reset());
        assertEquals("moons+moons", s.data().label());
    }

    @Test
    void errorsNameTheFieldAndTheFix() {
        String m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"pruning\": {\"levels\": 5")).getMessage();
        assertTrue(m.contains("malformed JSON") && m.contains("line"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"pruning\": {\"levles\": 5}}")).getMessage();
        assertTrue(m.contains("unknown field pruning.levles; did you mean pruning.levels?"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"pruning\": {\"levels\": \"five\"}}")).getMessage();
        assertTrue(m.contains("pruning.levels must be an integer"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"model\": {\"shape\": [6, 8, 2]}}")).getMessage();
        assertTrue(m.contains("model.shape") && m.contains("[4, ..., 2]"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"pruning\": {\"target\": 5000}}")).getMessage();
        assertTrue(m.contains("target 5000") && m.contains("P0"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"training\": {\"optimizer\": \"lbfgs\"}}")).getMessage();
        assertTrue(m.contains("training.optimizer") && m.contains("adam"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"data\": {\"tasks\": [{\"type\": \"spirals\"}]}}")).getMessage();
        assertTrue(m.contains("data.tasks[0].type"), m);
        m = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("{\"training\": {\"learningRate\": -1}}")).getMessage();
        assertTrue(m.contains("learningRate"), m);
    }

    @Test
    void settingFieldsByName() {
        ExperimentConfig t = Fixtures.tiny();
        assertEquals(10, t.with("model.hidden", 10).model().shape()[2]);
        assertEquals(3, t.with("model.depth", 3).model().shape().length - 2);
        assertEquals(new Seeds(4, 4, 4), t.with("seeds.all", 4).seeds());
        assertEquals(5, t.with("seeds.model", 5).seeds().model());
        assertEquals(0.001 * 2, t.with("training.lr", 0.002).training().learningRate());
        assertEquals(7, t.with("pruning.levels", 7).pruning().levels());
        assertEquals(3, t.with("data.tasks", "moons+moons+circles").model().shape()[3]);
        assertEquals(Reset.reinit(), t.with("pruning.reset", "reinit").pruning().reset());
        assertEquals(Double.NaN, t.with("pruning.rate", 0.2).with("pruning.target", 25).pruning().rate());
        assertEquals(List.of(0.0, 0.0), t.with("data.noise", 0.0).data().tasks().stream()
                .map(x -> ((org.lotterylab.data.Task.Moons) x).noise()).toList());
        String m = assertThrows(ConfigException.class, () -> t.with("model.hiden", 3)).getMessage();
        assertTrue(m.contains("unknown config field model.hiden; did you mean model.hidden?"), m);
        assertThrows(ConfigException.class, () -> t.with("model.hidden", "wide"));
    }
}
