/**
 * Paper-ready figures.
 *
 * <p>Owns the house style of every chart (size, fonts, colour-blind-safe palette) and the
 * export of charts to {@code figures/<notebook>/<name>.{png,svg,pdf}}; see
 * {@link org.lotterylab.plot.Figures}. Charts are XChart charts, so this package is the only
 * place that knows how a chart becomes a file.
 */
package org.lotterylab.plot;
