/**
 * What a notebook shows: values as rich output, and progress that updates in place.
 *
 * <ul>
 *   <li>{@link org.lotterylab.notebook.Html}: a Tablesaw table as an HTML table (header,
 *       numbers right-aligned with a precision per column, a row limit with "N more rows"),
 *       and text as a preformatted block. Plain library code, usable without a kernel.</li>
 *   <li>{@link org.lotterylab.notebook.KernelDisplay}: the rapaio kernel's display extension
 *       (its {@code DisplayProvider} service): a cell ending in a Tablesaw table, a string, a
 *       JSON tree, a chart, a {@link org.lotterylab.plot.Figure} or a
 *       {@link org.lotterylab.plot.Drawing} (network diagram, binned diagram, pixel maps) shows
 *       it rendered.</li>
 *   <li>{@link org.lotterylab.notebook.Cell}: whether the JVM is a notebook kernel, and a
 *       line of the running cell's output that updates in place (progress of runs and
 *       sweeps, see {@link org.lotterylab.progress.Progress}).</li>
 * </ul>
 *
 * The kernel (io.github.padreati:rapaio-jupyter-kernel) is a {@code provided} dependency: the
 * kernel supplies it at run time; the CLI and tests run without it, and only
 * {@code KernelDisplay} and the package-private kernel channel refer to its classes.
 */
package org.lotterylab.notebook;
