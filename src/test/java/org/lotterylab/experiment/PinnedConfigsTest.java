package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lotterylab.data.DataConfig;
import org.lotterylab.data.Task;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Init;
import org.lotterylab.prune.PruneConfig;
import org.lotterylab.prune.Reset;
import org.lotterylab.rng.Seeds;
import org.lotterylab.train.Optimizer;
import org.lotterylab.train.TrainConfig;

/**
 * The canonical strings and hashes of the configs the notebooks, the CLI examples and the tests
 * run, pinned before the config schema was rewritten: stored runs are found by these hashes, so
 * none may change. Each value was printed once by the code of commit 75f1df5 (before the
 * rewrite) and pasted here; a failure means a stored run would be orphaned.
 */
class PinnedConfigsTest {

    /** The base of notebooks 01-07 under a profile: [4,20,20,2], 24 weights. */
    static ExperimentConfig notebookBase(int levels, int epochs) {
        return ExperimentConfig.defaults()
                .with("model.hidden", 20)
                .with("pruning.target", 24)
                .with("pruning.levels", levels)
                .with("training.maxEpochs", epochs);
    }

    /** Notebook 08's config for k moons tasks. */
    static ExperimentConfig moonsK(int k, int levels, int epochs) {
        return ExperimentConfig.defaults()
                .with("data.tasks", String.join("+", java.util.Collections.nCopies(k, "moons")))
                .with("model.hidden", 10 * k)
                .with("pruning.target", 12 * k)
                .with("pruning.levels", levels)
                .with("training.maxEpochs", epochs);
    }

    static final String CLI_TINY = "{\"data\": {\"tasks\": \"moons+moons\", \"rowsPerTask\": 200}, \"model\": {\"shape\": [4, 6, 6, 2]},"
            + " \"training\": {\"maxEpochs\": 20, \"patience\": 5}, \"pruning\": {\"target\": 20, \"levels\": 3}}";

    static Map<String, Supplier<ExperimentConfig>> cases() {
        Map<String, Supplier<ExperimentConfig>> m = new LinkedHashMap<>();
        m.put("defaults", ExperimentConfig::defaults);
        m.put("tiny", Fixtures::tiny);
        m.put("tiny seeds.all 7", () -> Fixtures.tiny().with("seeds.all", 7));
        m.put("notebook base fast", () -> notebookBase(8, 300));
        m.put("notebook base full", () -> notebookBase(20, 3000));
        m.put("nb base fast seed 2", () -> notebookBase(8, 300).with("seeds.all", 2));
        m.put("nb01 reinit", () -> notebookBase(8, 300).with("pruning.reset", "reinit"));
        m.put("nb01 random pruning", () -> notebookBase(20, 3000).with("pruning.method", "random"));
        m.put("nb02 hidden 10", () -> notebookBase(8, 300).with("model.hidden", 10));
        m.put("nb03 framework init", () -> notebookBase(8, 300).with("model.init.kind", "framework_default"));
        m.put("nb04 biases", () -> notebookBase(20, 3000).with("pruning.biases", true));
        m.put("nb06 extension 1", () -> notebookBase(8, 300).with("pruning.extension", 1));
        m.put("nb06 extension 3", () -> notebookBase(20, 3000).with("pruning.extension", 3));
        m.put("nb06 hidden 40 levels 10", () -> notebookBase(20, 3000).with("model.hidden", 40).with("pruning.levels", 10));
        m.put("nb07 order 3", () -> notebookBase(8, 300).with("seeds.order", 3));
        m.put("nb07 model 2", () -> notebookBase(20, 3000).with("seeds.model", 2));
        m.put("nb08 k3 fast", () -> moonsK(3, 8, 300));
        m.put("nb08 k4 full", () -> moonsK(4, 20, 3000));
        m.put("quickstart order 1", () -> notebookBase(8, 300).with("seeds.order", 1));
        m.put("cli tiny", () -> ExperimentConfig.fromJson(CLI_TINY));
        m.put("cli sweep hidden 5", () -> ExperimentConfig.fromJson(CLI_TINY).with("model.hidden", 5).with("seeds.all", 0));
        m.put("sgd full batch cutoff", () -> Fixtures.tiny().toBuilder().training(TrainConfig.builder().optimizer(Optimizer.SGD)
                .momentum(0.9).fullBatch().lossCutoff(0.05).build()).build());
        m.put("rate rewind random biases", () -> Fixtures.tiny().toBuilder().pruning(PruneConfig.builder().rate(0.3).levels(2)
                .reset(Reset.rewind(3)).method(PruneConfig.Method.RANDOM).biases(true).build()).build());
        m.put("init normal", () -> Fixtures.tiny().toBuilder().model(Fixtures.tiny().model().withInit(Init.normal(0.1, 0.5))).build());
        m.put("init truncated normal", () -> ExperimentConfig.fromJson("{\"model\": {\"init\": \"truncated_normal\"}}"));
        m.put("init normal default mean std", () -> ExperimentConfig.defaults().with("model.init.kind", "normal"));
        m.put("adamw json", () -> ExperimentConfig.fromJson("{\"training\": {\"optimizer\": \"adamw\"}}"));
        m.put("adamw with", () -> ExperimentConfig.defaults().with("training.optimizer", "adamw"));
        m.put("adamw decay 0.1", () -> ExperimentConfig.fromJson("{\"training\": {\"optimizer\": \"adamw\", \"weightDecay\": 0.1}}"));
        m.put("circles factor noise", () -> ExperimentConfig.fromJson("{\"data\": {\"tasks\": [{\"type\": \"circles\", \"noise\": 0.05,"
                + " \"factor\": 0.5}, {\"type\": \"moons\"}]}}"));
        m.put("noise 0", () -> ExperimentConfig.defaults().with("data.noise", 0.0));
        m.put("labels and stop rules", () -> Fixtures.tiny().toBuilder().name("x").notes("y").seeds(new Seeds(1, 2, 3))
                .stopOnSplit(true).stopOnDegradation(true).build());
        m.put("split and standardise", () -> ExperimentConfig.builder().data(DataConfig.builder().task(new Task.Circles(0.1))
                .task(new Task.Moons(0.1)).split(0.6, 0.2).standardise(false).rowsPerTask(1000).build()).build());
        m.put("silu depth 3", () -> ExperimentConfig.defaults().with("model.activation", "silu").with("model.depth", 3));
        m.put("training knobs", () -> ExperimentConfig.defaults().with("training.batchSize", 32).with("training.patience", 50)
                .with("training.delta", 1e-4).with("training.restoreBest", true).with("training.epsilon", 1e-7)
                .with("training.beta1", 0.8).with("training.lr", 0.01));
        m.put("fixed epochs", () -> ExperimentConfig.defaults().with("training.earlyStopping", false).with("training.maxEpochs", 100));
        m.put("rate only", () -> ExperimentConfig.defaults().with("pruning.rate", 0.2));
        m.put("layerwise rows", () -> ExperimentConfig.defaults().with("pruning.method", "layerwise_magnitude").with("data.rows", 500));
        m.put("rewind via json", () -> ExperimentConfig.fromJson("{\"pruning\": {\"reset\": {\"mode\": \"rewind\", \"rewindStep\": 50}}}"));
        return m;
    }

    /** name -> {canonical JSON, hash}, printed by the code before the schema rewrite. */
    static final Map<String, String[]> PINNED = new LinkedHashMap<>();

    static {
        pin("defaults", "{}", "44136fa355b3");
        pin("tiny", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "d25f485df0a6");
        pin("tiny seeds.all 7", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"seeds\":{\"data\":7,\"model\":7,\"order\":7},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "4752b0ceb08b");
        pin("notebook base fast", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"target\":24},\"training\":{\"maxEpochs\":300}}", "66157590e377");
        pin("notebook base full", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"target\":24}}", "04981dcb5d05");
        pin("nb base fast seed 2", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"target\":24},\"seeds\":{\"data\":2,\"model\":2,\"order\":2},\"training\":{\"maxEpochs\":300}}", "09a041505d58");
        pin("nb01 reinit", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"reset\":{\"mode\":\"reinit\"},\"target\":24},\"training\":{\"maxEpochs\":300}}", "9821773f3b24");
        pin("nb01 random pruning", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"method\":\"random\",\"target\":24}}", "da6a44a98615");
        pin("nb02 hidden 10", "{\"model\":{\"shape\":[4,10,10,2]},\"pruning\":{\"levels\":8,\"target\":24},\"training\":{\"maxEpochs\":300}}", "d905867ebc1d");
        pin("nb03 framework init", "{\"model\":{\"init\":{\"kind\":\"framework_default\"},\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"target\":24},\"training\":{\"maxEpochs\":300}}", "8cbdb6b30a14");
        pin("nb04 biases", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"biases\":true,\"target\":24}}", "676e53d249de");
        pin("nb06 extension 1", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"extension\":1,\"levels\":8,\"target\":24},\"training\":{\"maxEpochs\":300}}", "0842ee6ecd2a");
        pin("nb06 extension 3", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"extension\":3,\"target\":24}}", "060bf2fe1423");
        pin("nb06 hidden 40 levels 10", "{\"pruning\":{\"levels\":10,\"target\":24}}", "45105154caaf");
        pin("nb07 order 3", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"target\":24},\"seeds\":{\"order\":3},\"training\":{\"maxEpochs\":300}}", "e138f55dd4c3");
        pin("nb07 model 2", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"target\":24},\"seeds\":{\"model\":2}}", "8c6a60455f37");
        pin("nb08 k3 fast", "{\"data\":{\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[6,30,30,3]},\"pruning\":{\"levels\":8,\"target\":36},\"training\":{\"maxEpochs\":300}}", "9dcd094584c0");
        pin("nb08 k4 full", "{\"data\":{\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[8,40,40,4]},\"pruning\":{\"target\":48}}", "770aa78f1fea");
        pin("quickstart order 1", "{\"model\":{\"shape\":[4,20,20,2]},\"pruning\":{\"levels\":8,\"target\":24},\"seeds\":{\"order\":1},\"training\":{\"maxEpochs\":300}}", "a2a9f4260e55");
        pin("cli tiny", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "d25f485df0a6");
        pin("cli sweep hidden 5", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,5,5,2]},\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "c2973358eee2");
        pin("sgd full batch cutoff", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"batchSize\":\"full\",\"lossCutoff\":0.05,\"momentum\":0.9,\"optimizer\":\"sgd\"}}", "36ea61a22cf4");
        pin("rate rewind random biases", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"biases\":true,\"levels\":2,\"method\":\"random\",\"rate\":0.3,\"reset\":{\"mode\":\"rewind\",\"rewindStep\":3}},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "fb3bc057fa22");
        pin("init normal", "{\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"init\":{\"kind\":\"normal\",\"mean\":0.1,\"std\":0.5},\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "858b77eca6a1");
        pin("init truncated normal", "{\"model\":{\"init\":{\"kind\":\"truncated_normal\",\"std\":0.1}}}", "158a49fc908d");
        pin("init normal default mean std", "{\"model\":{\"init\":{\"kind\":\"normal\",\"mean\":0.0,\"std\":1.0}}}", "ade84954e53e");
        pin("adamw json", "{\"training\":{\"optimizer\":\"adamw\",\"weightDecay\":0.01}}", "80e59e7d81cd");
        pin("adamw with", "{\"training\":{\"optimizer\":\"adamw\"}}", "65a1d81491dc");
        pin("adamw decay 0.1", "{\"training\":{\"optimizer\":\"adamw\",\"weightDecay\":0.1}}", "4ad9f4b6c655");
        pin("circles factor noise", "{\"data\":{\"tasks\":[{\"factor\":0.5,\"noise\":0.05,\"type\":\"circles\"},{\"noise\":0.1,\"type\":\"moons\"}]}}", "3d1e62241d2e");
        pin("noise 0", "{\"data\":{\"tasks\":[{\"noise\":0.0,\"type\":\"circles\"},{\"noise\":0.0,\"type\":\"moons\"}]}}", "8ff893bd504a");
        pin("labels and stop rules", "{\"analysis\":{\"stopOnDegradation\":true,\"stopOnSplit\":true},\"data\":{\"rowsPerTask\":200,\"tasks\":[{\"noise\":0.1,\"type\":\"moons\"},{\"noise\":0.1,\"type\":\"moons\"}]},\"model\":{\"shape\":[4,6,6,2]},\"pruning\":{\"levels\":3,\"target\":20},\"seeds\":{\"data\":1,\"model\":2,\"order\":3},\"training\":{\"maxEpochs\":20,\"patience\":5}}", "2213b1711192");
        pin("split and standardise", "{\"data\":{\"rowsPerTask\":1000,\"standardise\":false,\"trainFraction\":0.6,\"validationFraction\":0.2}}", "bb8545d9ac95");
        pin("silu depth 3", "{\"model\":{\"activation\":\"silu\",\"shape\":[4,40,40,40,2]}}", "e6ab6689856a");
        pin("training knobs", "{\"training\":{\"batchSize\":32,\"beta1\":0.8,\"delta\":1.0E-4,\"epsilon\":1.0E-7,\"learningRate\":0.01,\"patience\":50,\"restoreBest\":true}}", "8b696751966f");
        pin("fixed epochs", "{\"training\":{\"earlyStopping\":false,\"maxEpochs\":100}}", "8c0acc66c54a");
        pin("rate only", "{\"pruning\":{\"rate\":0.2}}", "89c4d8a21683");
        pin("layerwise rows", "{\"data\":{\"rowsPerTask\":500},\"pruning\":{\"method\":\"layerwise_magnitude\"}}", "8b382b2220c7");
        pin("rewind via json", "{\"pruning\":{\"reset\":{\"mode\":\"rewind\",\"rewindStep\":50}}}", "319641f46d5c");
    }

    @Test
    void canonicalStringsAndHashesAreUnchanged() {
        assertEquals(cases().keySet(), PINNED.keySet());
        cases().forEach((name, make) -> {
            ExperimentConfig c = make.get();
            assertEquals(PINNED.get(name)[0], c.canonicalJson(), name);
            assertEquals(PINNED.get(name)[1], c.hash(), name);
            // the file a stored run holds reads back to the same run
            assertEquals(PINNED.get(name)[1], ExperimentConfig.fromJson(c.toJson()).hash(), name);
        });
    }

    /** config.json files as the code before the rewrite wrote them into run directories. */
    static final java.util.List<String> STORED = java.util.List.of("notebook base fast", "sgd full batch cutoff",
            "rate rewind random biases", "init normal", "labels and stop rules", "circles factor noise", "adamw json",
            "nb08 k3 fast", "split and standardise", "rewind via json");

    @Test
    void storedConfigFilesStillReadToTheirRun() throws Exception {
        for (String name : STORED) {
            String file = "stored-configs/" + name.replace(' ', '-') + ".json";
            try (var in = PinnedConfigsTest.class.getResourceAsStream(file)) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                ExperimentConfig c = ExperimentConfig.fromJson(text);
                assertEquals(PINNED.get(name)[1], c.hash(), file);
                // the same run; fields the run ignores (a target beside a rate) may read differently
                assertEquals(cases().get(name).get().canonicalJson(), c.canonicalJson(), file);
            }
        }
    }

    private static void pin(String name, String canonical, String hash) {
        PINNED.put(name, new String[] {canonical, hash});
    }
}
