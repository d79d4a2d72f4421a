package org.lotterylab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lotterylab.experiment.ExperimentConfig;
import org.lotterylab.experiment.Fixtures;
import org.lotterylab.io.AtomicFiles;

class RunDirTest {
    @TempDir
    Path tmp;

    @Test
    void namesItsFilesByTheDocumentedLayout() {
        RunDir d = new RunDir(tmp.resolve("abc"));
        assertEquals("abc", d.hash());
        assertEquals(tmp.resolve("abc/levels/007").toAbsolutePath(), d.level(7));
        assertEquals("levels/012/mask_w0.npy", RunDir.levelPath(12, "mask_w0.npy"));
        assertEquals(tmp.resolve("abc/levels.csv").toAbsolutePath(), d.file(RunDir.LEVELS_CSV));
    }

    @Test
    void aMissingDirectoryOpensAsNothingAndACreatedOneHoldsOnlyItsConfig() throws Exception {
        ExperimentConfig c = Fixtures.tiny();
        RunDir d = new RunDir(tmp.resolve(c.hash()));
        assertNull(d.open());
        d.create(c);
        try (Stream<Path> s = Files.list(d.path())) {
            assertEquals(List.of("config.json"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(c, ExperimentConfig.read(d.file(RunDir.CONFIG)));
        StoredRun s = d.open();
        assertEquals(RunStatus.PARTIAL, s.status());
        assertEquals(0, s.levelCount());
    }

    @Test
    void openingACorruptDirectoryThrowsNamingItAndTheProblem() throws Exception {
        ExperimentConfig c = Fixtures.tiny();
        RunDir d = new RunDir(tmp.resolve(c.hash()));
        d.create(c);
        Files.delete(d.file(RunDir.CONFIG));
        CorruptRunException e = assertThrows(CorruptRunException.class, d::open);
        assertEquals(d.path(), e.dir());
        assertTrue(e.getMessage().contains("config.json is missing"), e.getMessage());
    }

    @Test
    void leftoversOfAnInterruptedSessionAreRemovedAndReported() throws Exception {
        ExperimentConfig c = Fixtures.tiny();
        RunDir d = new RunDir(tmp.resolve(c.hash()));
        d.create(c);
        Files.createDirectories(d.level(0));
        Files.writeString(d.level(0).resolve("x"), "orphan level: not in levels.csv");
        Path temp = d.file(AtomicFiles.TMP_PREFIX + "levels.csv-1");
        Files.writeString(temp, "half written");
        StoredRun s = d.inspect(StoredRun.Check.QUICK);
        assertEquals(List.of(0), s.orphans());
        List<String> lines = new ArrayList<>();
        d.removeLeftovers(s, lines::add);
        assertTrue(Files.notExists(d.level(0)));
        assertTrue(Files.notExists(temp));
        assertTrue(Files.exists(d.file(RunDir.CONFIG)));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("removing level 0"), lines.get(0));
    }
}
