package org.lotterylab.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart together with the data drawn in it, so the numbers behind a figure can be
 * inspected and tested without looking at pixels.
 *
 * <p>{@link #series()} maps each data series name (as in the legend) to its values. For
 * category charts the x value of a point is the index of its category in {@link #categories()}.
 * Marker lines (e.g. the split level) are listed in {@link #markers()}, heat maps keep their
 * matrix in {@link #heat()}.
 *
 * @param <C> the XChart chart type
 */
public final class Figure<C extends Chart<?, ?>> {

    /**
     * One data series. {@code lower} and {@code upper} are the band around {@code y} (error
     * band, or null when the series has none); every array has the same length.
     */
    public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null, null);
        }

        public int size() {
            return x.length;
        }

        public boolean hasBand() {
            return lower != null;
        }

        @Override
        public String toString() {
            return name + ": x=" + Arrays.toString(x) + " y=" + Arrays.toString(y)
                    + (hasBand() ? " lower=" + Arrays.toString(lower) + " upper=" + Arrays.toString(upper) : "");
        }
    }

    /** A vertical marker line at {@code x} (e.g. "split (level 4)"). */
    public record Marker(String name, double x) {
    }

    /**
     * The matrix of a heat map: {@code values[i][j]} belongs to x category {@code x.get(i)} and
     * y category {@code y.get(j)}; NaN for an empty cell. {@code counts[i][j]} is the number of
     * table rows averaged into the cell.
     */
    public record Heat(List<String> x, List<String> y, double[][] values, int[][] counts) {
    }

    private final C chart;
    private final Map<String, Series> series;
    private final List<String> categories;
    private final List<Marker> markers;
    private final Heat heat;

    Figure(C chart, List<Series> series, List<String> categories, List<Marker> markers, Heat heat) {
        this.chart = chart;
        Map<String, Series> m = new LinkedHashMap<>();
        for (Series s : series) {
            m.put(s.name(), s);
        }
        this.series = Collections.unmodifiableMap(m);
        this.categories = List.copyOf(categories);
        this.markers = List.copyOf(markers);
        this.heat = heat;
    }

    /** The chart, styled with {@link PaperStyle}; it may be further customised before export. */
    public C chart() {
        return chart;
    }

    /** The data series by name, in drawing order. */
    public Map<String, Series> series() {
        return series;
    }

    /**
     * The series called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Series series(String name) {
        Series s = series.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no series '" + name + "'; have " + series.keySet());
        }
        return s;
    }

    /** The category labels of a category chart (empty for XY charts). */
    public List<String> categories() {
        return categories;
    }

    /** The marker lines drawn. */
    public List<Marker> markers() {
        return markers;
    }

    /** The heat map matrix, for heat maps. */
    public Optional<Heat> heat() {
        return Optional.ofNullable(heat);
    }

    /** The chart rendered at screen resolution (1 px per point), e.g. for inline display. */
    public BufferedImage image() {
        return PaperStyle.withRoundXTicks(chart, () -> BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * Writes {@code name.png} (300 dpi), {@code name.svg} and {@code name.pdf} into {@code dir}
     * (created if missing), each atomically.
     *
     * @return the three files written
     */
    public List<Path> save(Path dir, String name) throws IOException {
        return Export.all(chart, dir, name);
    }

    static <C extends Chart<?, ?>> Builder<C> builder(C chart) {
        return new Builder<>(chart);
    }

    /** Collects the data of a figure while a builder draws it. */
    static final class Builder<C extends Chart<?, ?>> {
        private final C chart;
        private final List<Series> series = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private final List<Marker> markers = new ArrayList<>();
        private Heat heat;

        Builder(C chart) {
            this.chart = chart;
        }

        Builder<C> series(Series s) {
            series.add(s);
            return this;
        }

        Builder<C> categories(List<String> c) {
            categories.addAll(c);
            return this;
        }

        Builder<C> marker(Marker m) {
            markers.add(m);
            return this;
        }

        Builder<C> heat(Heat h) {
            heat = h;
            return this;
        }

        Figure<C> build() {
            return new Figure<>(chart, series, categories, markers, heat);
        }
    }
}
