package org.lotterylab.notebook;

/**
 * A value that shows itself in a notebook as HTML: a cell ending in one shows {@link #html()}
 * (through {@link KernelDisplay}), with {@code toString()} as the plain text that nbconvert's
 * text output and other front-ends without HTML show. Implement it in the package that owns the
 * value, e.g. {@code study.Verdict}.
 *
 * <p>Why an interface here rather than {@code KernelDisplay} naming the classes it shows: the
 * display layer stays generic and depends on no analysis package, and a value's package depends
 * only on this interface (no kernel class, usable without a kernel). The dependency points from
 * what is shown to how things are shown, so a new kind of value needs no edit here.
 */
public interface HtmlDisplayable {
    /**
     * A self-contained HTML fragment (no {@code <html>} or {@code <body>}; inline styles only, as
     * a notebook output carries no style sheet), its text escaped.
     */
    String html();
}
