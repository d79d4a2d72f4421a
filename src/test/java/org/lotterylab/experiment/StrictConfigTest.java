package org.lotterylab.experiment;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that were silently accepted or ended in a stack trace (issue 14): each is now an error
 * that names the field, the problem and the fix; the size errors come before anything is
 * allocated, in well under 2 s, and leave no run directory.
 */
class StrictConfigTest {
    @TempDir
    Path tmp;

    private static String error(String json) {
        return assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(json)).getMessage();
    }

    private static void contains(String m, String... parts) {
        for (String p : parts) {
            assertTrue(m.contains(p), "expected \"" + p + "\" in: " + m);
        }
    }

    @Test
    void duplicateKeysAreErrors() {
        contains(error("{\"pruning\": {\"levels\": 5, \"levels\": 6}}"), "duplicate key \"levels\"", "line 1", "remove one");
        contains(error("{\"seeds\": {\"data\": 1}, \"seeds\": {\"model\": 2}}"), "duplicate key \"seeds\"");
    }

    @Test
    void textAfterTheObjectIsAnError() {
        contains(error("{\"pruning\": {\"levels\": 5}} {\"x\": 1}"), "text after the JSON value", "remove what follows");
        contains(error("{\"pruning\": {\"levels\": 5}} 7"), "text after the JSON value");
        contains(error("{\"pruning\": {\"levels\": 5}}]"), "malformed JSON at line 1, column 27: Unexpected close marker ']'",
                "fix the JSON syntax");
        // white space after the object is fine
        assertEquals(5, ExperimentConfig.fromJson("{\"pruning\": {\"levels\": 5}}\n \n").pruning().levels());
    }

    @Test
    void aTypoGetsTheNearestFieldName() {
        contains(error("{\"training\": {\"learningrate\": 0.1}}"),
                "unknown field training.learningrate; did you mean training.learningRate?");
        contains(error("{\"pruning\": {\"levles\": 5}}"), "did you mean pruning.levels?");
        contains(error("{\"data\": {\"tasks\": [{\"type\": \"moons\", \"noize\": 0.2}]}}"),
                "unknown field data.tasks[0].noize; did you mean data.tasks[0].noise?");
        contains(error("{\"trainig\": {}}"), "did you mean training?");
        contains(error("{\"training\": {\"optimizer\": \"adamm\"}}"), "training.optimizer \"adamm\" is unknown; did you mean adam?");
        // nothing near: the fields of that object, not every field of the config
        String m = error("{\"model\": {\"zzzzzz\": 1}}");
        contains(m, "unknown field model.zzzzzz; the fields of model are shape, activation, init");
        assertFalse(m.contains("learningRate"), m);
        contains(assertThrows(ConfigException.class, () -> ExperimentConfig.defaults().with("training.learningrate", 0.1))
                .getMessage(), "did you mean training.learningRate?");
    }

    @Test
    void noTestRowsIsRefused() {
        String m = error("{\"data\": {\"trainFraction\": 1.0, \"validationFraction\": 0}, \"training\": {\"earlyStopping\": false}}");
        contains(m, "data.trainFraction 1.0", "no test rows", "lower data.trainFraction");
        // 0.5 + 0.4999 of 2000 rows rounds to 1000 + 1000: still no test row
        contains(error("{\"data\": {\"validationFraction\": 0.4999}}"), "no test rows");
        assertEquals(1, ExperimentConfig.fromJson("{\"data\": {\"validationFraction\": 0.4995}}").data().splitRows()[2]);
    }

    @Test
    void noValidationRowsWithEarlyStoppingIsRefused() {
        String m = error("{\"data\": {\"validationFraction\": 0}}");
        contains(m, "data.validationFraction 0.0", "training.earlyStopping is on",
                "set data.validationFraction > 0", "training.earlyStopping to false");
        contains(error("{\"data\": {\"validationFraction\": 0}, \"training\": {\"earlyStopping\": false, \"lossCutoff\": 0.1}}"),
                "training.lossCutoff is set", "training.lossCutoff to null");
        contains(error("{\"data\": {\"validationFraction\": 0}, \"training\": {\"earlyStopping\": false, \"restoreBest\": true}}"),
                "training.restoreBest to false");
        // without anything that reads the validation loss, no validation set is fine
        ExperimentConfig c = ExperimentConfig.fromJson("{\"data\": {\"validationFraction\": 0}, \"training\": {\"earlyStopping\": false}}");
        assertEquals(0, c.data().splitRows()[1]);
    }

    /** Runs {@code check}, which must fail with a ConfigException within 2 s; returns its message. */
    private static String failsFast(org.junit.jupiter.api.function.Executable check) {
        long t0 = System.nanoTime();
        String m = assertThrows(ConfigException.class, check).getMessage();
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < 2, "took " + s + " s: " + m);
        return m;
    }

    @Test
    void hugeLevelCountsFailBeforeTheTrajectoryIsAllocated() {
        String m = failsFast(() -> ExperimentConfig.fromJson("{\"pruning\": {\"levels\": 2000000000}}"));
        contains(m, "levels 2000000000", "8.0 GB", "use fewer levels");
        assertDoesNotThrow(() -> ExperimentConfig.fromJson("{\"pruning\": {\"levels\": 200}}"));
    }

    @Test
    void hugeExtensionsNameTheExtensionAndTheLargestThatFits() {
        // P0 = 4*40 + 40*40 + 40*2 = 1840, p = 1 - (40/1840)^(1/20) = 0.17423; the widest level of
        // E extensions holds 1840 / (1-p)^E parameters, <= 2^31 - 1 for E <= ln(2^31/1840) / -ln(1-p) = 72.98.
        String m = failsFast(() -> ExperimentConfig.fromJson("{\"pruning\": {\"extension\": 1000}}"));
        contains(m, "extension 1000", "more than 2^31 - 1", "use at most 72 extension levels");
        contains(failsFast(() -> ExperimentConfig.fromJson("{\"pruning\": {\"extension\": 73}}")), "at most 72");
    }

    @Test
    void rowCountsBeyondAnArrayFailAtOnce() {
        // 2e9 rows of 4 inputs (circles+moons) would need an array of 8e9 floats: 2147483639 / 4 = 536870909 rows fit
        String m = failsFast(() -> ExperimentConfig.fromJson("{\"data\": {\"rowsPerTask\": 2000000000}}"));
        contains(m, "rowsPerTask 2000000000", "use at most 536870909 rows per task");
    }

    @Test
    void memoryIsCheckedAgainstTheHeap() {
        // By hand, defaults: data 2000 rows x 2 tasks x 88 B = 352,000; parameters 4*40+40 + 40*40+40
        // + 40*2+2 = 1922, x 64 B = 123,008; neurons 4+40+40+2 = 86, x 16 B x 256 rows (an evaluation
        // block: 500 validation rows, capped at 256; the batch is 64) = 352,256.
        assertEquals(352_000 + 123_008 + 352_256, ExperimentConfig.defaults().memoryBytes());
        assertDoesNotThrow(() -> ExperimentConfig.defaults().checkFits(1_034_080));
        contains(assertThrows(ConfigException.class, () -> ExperimentConfig.defaults().checkFits(1_034_079)).getMessage(),
                "needs about 0.0 GB", "-Xmx");

        ExperimentConfig wide = ExperimentConfig.fromJson("{\"data\": {\"tasks\": \"moons\"}, \"model\": {\"shape\": [2, 30000, 30000, 1]}}");
        String m = failsFast(wide::checkFits);
        contains(m, "model.shape [2, 30000, 30000, 1] has 900,150,001 parameters", "use a smaller model.shape");
        ExperimentConfig rows = ExperimentConfig.fromJson("{\"data\": {\"rowsPerTask\": 300000000}}");
        contains(failsFast(rows::checkFits), "data.rowsPerTask is 300,000,000");
    }

    @Test
    void aRunThatDoesNotFitCreatesNoRunDirectory() throws Exception {
        // Through the store, as notebooks and the CLI run: refused before the directory exists.
        RunStore store = RunStore.at(tmp.resolve("runs"));
        ExperimentConfig wide = ExperimentConfig.fromJson("{\"data\": {\"tasks\": \"moons\"}, \"model\": {\"shape\": [2, 30000, 30000, 1]}}");
        long t0 = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, () -> store.run(wide));
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "took " + (System.nanoTime() - t0) / 1e9 + " s");
        contains(e.getMessage(), "has 900,150,001 parameters");
        assertFalse(Files.exists(store.dir(wide)));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void theL1FieldIsDeclaredOnceAndLeavesEveryHashAlone() {
        // Added by one declaration in TrainConfig: JSON, with(), help and the hash follow from it.
        assertEquals(0.0, ExperimentConfig.defaults().training().l1());
        assertEquals(ExperimentConfig.defaults().hash(), ExperimentConfig.fromJson("{\"training\": {\"l1\": 0}}").hash());
        assertEquals("{}", ExperimentConfig.defaults().with("training.l1", 0.0).canonicalJson());
        assertTrue(ExperimentConfig.defaults().toJson().contains("\"l1\" : 0.0"));
        ExperimentConfig penalised = ExperimentConfig.fromJson("{\"training\": {\"l1\": 0.1}}");
        assertEquals(0.1, penalised.training().l1());
        assertEquals("{\"training\":{\"l1\":0.1}}", penalised.canonicalJson());
        contains(error("{\"training\": {\"l1\": -1}}"), "training.l1 = -1.0 is out of range: it must lie in [0, inf)");
        contains(error("{\"training\": {\"L1\": 0}}"), "did you mean training.l1?");
    }

    @Test
    void outOfRangeValuesNameTheRangeAndTheDefault() {
        contains(error("{\"training\": {\"learningRate\": -1}}"),
                "training.learningRate = -1.0 is out of range: it must lie in (0, inf) (step size); the default is 0.001");
        contains(error("{\"training\": {\"batchSize\": 0}}"), "training.batchSize = 0", "[1, inf)");
        contains(error("{\"pruning\": {\"rate\": 1.5}}"), "pruning.rate = 1.5", "(0, 1)");
        contains(error("{\"data\": {\"rowsPerTask\": 3}}"), "data.rowsPerTask = 3", "[4, inf)", "the default is 2000");
    }
}
