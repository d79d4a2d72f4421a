/**
 * Paper-ready figures.
 *
 * <ul>
 *   <li>{@link org.lotterylab.plot.Charts}: the figure builders of every hypothesis notebook, reading
 *       the run store's tables and returning a {@link org.lotterylab.plot.Figure} (the XChart chart
 *       and the numbers drawn in it, which the tests check).</li>
 *   <li>{@link org.lotterylab.plot.SplitAheadCharts}: metrics around each run's split level (the
 *       tables of {@code org.lotterylab.study.SplitAhead}), the split marked at relative level 0.</li>
 *   <li>{@link org.lotterylab.plot.SplitCharts}: how runs split across a numeric condition (the
 *       split categories as stacked areas against the extension level or the rate; active against
 *       available weights at the split).</li>
 *   <li>{@link org.lotterylab.plot.NetworkDiagram}: a pruned MLP drawn layer by layer, coloured by
 *       sign, component or state, with each task's decision boundary.</li>
 *   <li>{@link org.lotterylab.plot.BinnedDiagram}: a network of thousands of neurons drawn with
 *       its neurons binned by the task component they belong to and one band per pair of bins
 *       (image tasks' pixels as images), readable and fast at the thesis' 1.5M weights.</li>
 *   <li>{@link org.lotterylab.plot.PixelMaps}: image tasks' pixel-connectivity maps, a grid of
 *       tasks x levels (kept outgoing weights per pixel, the task component of every pixel).</li>
 *   <li>{@link org.lotterylab.plot.Drawing}: what those three are, a Java2D picture sized in
 *       points that renders as an image and saves as PNG, SVG and PDF.</li>
 *   <li>{@link org.lotterylab.plot.TaskAccuracy}: test accuracy per task against weights remaining
 *       with each task's chance level.</li>
 *   <li>{@link org.lotterylab.plot.PaperStyle}: one style for all (sizes in points, fonts, the
 *       Okabe-Ito palette, fixed colours for states, categories and tasks).</li>
 *   <li>{@link org.lotterylab.plot.Figures}: a notebook's handle that exports figures
 *       ({@code <name>.png/.svg/.pdf}) and tables ({@code <name>.csv/.tex}, booktabs) with a
 *       provenance file {@code <name>.json}, and returns what the cell displays. It writes the
 *       paper folder {@code figures/<notebook>/} only under {@code ./lab figures}
 *       ({@code LAB_EXPORT=paper}) or on request ({@code figs.paper()}), else
 *       {@code figures/.scratch/<notebook>/}, and leaves unchanged figures alone.</li>
 * </ul>
 */
package org.lotterylab.plot;
