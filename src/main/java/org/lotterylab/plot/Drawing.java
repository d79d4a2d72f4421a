package org.lotterylab.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A picture painted with Java2D at a size in points: {@link NetworkDiagram}, {@link BinnedDiagram},
 * {@link PixelMaps}. It renders as a bitmap ({@link #image}) and saves as PNG, SVG and PDF
 * ({@link #save}; {@link Figures#export(Drawing, String)} adds the sidecar); a notebook cell ending
 * in one shows its {@link #image()}.
 */
public interface Drawing {
    /** Width in points. */
    double width();

    /** Height in points. */
    double height();

    /** Paints into {@code g}, whose user space is in points starting at (0, 0). */
    void paint(Graphics2D g);

    /** Rendered on white at {@code scale} pixels per point. */
    default BufferedImage image(double scale) {
        return Export.image(this, scale);
    }

    /** Rendered for the screen at 2 pixels per point. */
    default BufferedImage image() {
        return image(2);
    }

    /**
     * Writes {@code name.png} (300 dpi), {@code name.svg} and {@code name.pdf} into {@code dir},
     * each atomically; returns the paths in that order.
     */
    default List<Path> save(Path dir, String name) throws IOException {
        return Export.all(this, dir, name);
    }
}
