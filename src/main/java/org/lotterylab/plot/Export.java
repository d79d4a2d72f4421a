package org.lotterylab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.knowm.xchart.BitmapEncoder;
import org.lotterylab.io.AtomicFiles;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.pdf.PDFProcessor;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

/**
 * Writes charts and drawings to PNG (300 dpi by default), SVG and PDF. Every file is written to a
 * temporary file in the target directory and then moved over the target (atomically where the
 * file system allows), so a reader never sees a half-written figure.
 *
 * <p>Charts go through XChart's encoders ({@link BitmapEncoder#saveBitmapWithDPI} and
 * {@link VectorGraphicsEncoder}); {@link Drawing}s are painted with Java2D into
 * a {@link BufferedImage} or a VectorGraphics2D {@link VectorGraphics2D} and processed by its
 * {@link SVGProcessor} / {@link PDFProcessor}.
 */
final class Export {
    /** The print resolution of PNG files. */
    static final int DPI = 300;

    private Export() {
    }

    @FunctionalInterface
    interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes {@code png}, {@code svg} and {@code pdf} of {@code chart}; returns the paths in that order. */
    static List<Path> all(Chart<?, ?> chart, Path dir, String name) throws IOException {
        return PaperStyle.withRoundXTicks(chart,
                () -> List.of(png(chart, dir, name, DPI), svg(chart, dir, name), pdf(chart, dir, name)));
    }

    /** Writes {@code png}, {@code svg} and {@code pdf} of {@code drawing}; returns the paths in that order. */
    static List<Path> all(Drawing drawing, Path dir, String name) throws IOException {
        return List.of(png(drawing, dir, name, DPI), svg(drawing, dir, name), pdf(drawing, dir, name));
    }

    /**
     * The chart's SVG document in memory: the same bytes {@link #svg(Chart, Path, String)} writes.
     * Callers that also write PNG/PDF call it inside {@link PaperStyle#withRoundXTicks} like
     * {@link #all(Chart, Path, String)} does, so all formats show the same axis.
     */
    static byte[] svgBytes(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toByteArray();
    }

    /** The drawing's SVG document in memory: the same bytes {@link #svg(Drawing, Path, String)} writes. */
    static byte[] svgBytes(Drawing d) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        vector(d, new SVGProcessor(), out);
        return out.toByteArray();
    }

    /** Writes {@code bytes} to {@code dir/name.ext} atomically. */
    static Path bytes(Path dir, String name, String ext, byte[] bytes) throws IOException {
        return atomically(dir, name, ext, tmp -> Files.write(tmp, bytes));
    }

    static Path png(Chart<?, ?> chart, Path dir, String name, int dpi) throws IOException {
        // XChart appends ".png" to a name without it, so the temporary name ends in ".png".
        return atomically(dir, name, "png",
                tmp -> BitmapEncoder.saveBitmapWithDPI(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG, dpi));
    }

    static Path svg(Chart<?, ?> chart, Path dir, String name) throws IOException {
        return atomically(dir, name, "svg", tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        });
    }

    static Path pdf(Chart<?, ?> chart, Path dir, String name) throws IOException {
        return atomically(dir, name, "pdf", tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
            }
        });
    }

    static Path png(Drawing d, Path dir, String name, int dpi) throws IOException {
        BufferedImage img = image(d, dpi / 72.0);
        return atomically(dir, name, "png", tmp -> writePng(img, dpi, tmp));
    }

    static Path svg(Drawing d, Path dir, String name) throws IOException {
        return atomically(dir, name, "svg", tmp -> vector(d, new SVGProcessor(), tmp));
    }

    static Path pdf(Drawing d, Path dir, String name) throws IOException {
        return atomically(dir, name, "pdf", tmp -> vector(d, new PDFProcessor(true), tmp));
    }

    /** {@code d} rendered on white at {@code scale} pixels per point. */
    static BufferedImage image(Drawing d, double scale) {
        int w = (int) Math.ceil(d.width() * scale);
        int h = (int) Math.ceil(d.height() * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            d.paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void vector(Drawing d, Processor processor, Path tmp) throws IOException {
        try (OutputStream out = Files.newOutputStream(tmp)) {
            vector(d, processor, out);
        }
    }

    private static void vector(Drawing d, Processor processor, OutputStream out) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, (int) Math.ceil(d.width()), (int) Math.ceil(d.height()));
        d.paint(g);
        g.dispose();
        processor.getDocument(g.getCommands(), new PageSize(0, 0, d.width(), d.height())).writeTo(out);
    }

    /** Writes {@code img} as PNG with a pHYs chunk declaring {@code dpi}. */
    static void writePng(BufferedImage img, int dpi, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            String ppm = Long.toString(Math.round(dpi / 0.0254));
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", ppm);
            phys.setAttribute("pixelsPerUnitYAxis", ppm);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            meta.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    /** Temporary files are private (rw-------); a figure is meant to be read: rw-r--r-- where POSIX. */
    private static void readable(Path p) throws IOException {
        if (Files.getFileStore(p).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Runs {@code writer} on a temporary file {@code .name-*.ext} in {@code dir} and moves it to
     * {@code dir/name.ext}; the temporary file is deleted on failure.
     */
    static Path atomically(Path dir, String name, String ext, Writer writer) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("figure name must be a plain file name: '" + name + "'");
        }
        return AtomicFiles.write(dir.resolve(name + "." + ext.toLowerCase(Locale.ROOT)), tmp -> {
            writer.write(tmp);
            readable(tmp);
        });
    }
}
