/**
 * What notebooks call: the base experiments of the notes ({@link org.lotterylab.study.Experiments}),
 * the analyses they share as Tablesaw tables ({@link org.lotterylab.study.Summaries}), network
 * diagrams of stored runs ({@link org.lotterylab.study.Diagrams}), the figures of image-task runs
 * ({@link org.lotterylab.study.ImageFigures}: pixel maps, accuracy per task, binned diagrams),
 * metrics aligned on each run's split level ({@link org.lotterylab.study.SplitAhead}), and
 * verdicts on claims with their
 * uncertainty over seeds ({@link org.lotterylab.study.Verdict}, {@link org.lotterylab.study.Verdicts}).
 * One example per call: {@code docs/notebook-api.md}.
 *
 * <p>Depends on the configs ({@code org.lotterylab.experiment}), the run store
 * ({@code org.lotterylab.store}), the metrics, the charts and
 * {@link org.lotterylab.notebook.HtmlDisplayable} (how a verdict shows in a notebook); nothing
 * depends on it. Nothing here trains: runs come from the store, so a notebook rerun only reads.
 */
package org.lotterylab.study;
