/**
 * Reports of long work: runs being computed and sweeps in progress.
 *
 * <p>{@link org.lotterylab.progress.Progress} is where the reports go: lines that stay,
 * warnings that stand out, and statuses whose every update replaces the last (a run's
 * "level 5/20 done", a sweep's "7/24 runs"). {@code Progress.standard()} picks the sink for
 * where the code runs: in a notebook, one line per task in the cell's output, updated in place;
 * elsewhere, lines on stderr, statuses at most every half second. {@code Progress.none()}
 * reports nothing. The run store and sweeps report through it; nothing here knows of runs.
 */
package org.lotterylab.progress;
