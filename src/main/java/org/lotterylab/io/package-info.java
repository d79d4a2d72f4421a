/**
 * Files and the project around them. {@link org.lotterylab.io.AtomicFiles} writes every file
 * LotteryLab produces (run store, data CSV, GraphML, figures) to a temporary file beside its
 * target and renames it into place, so a reader never sees a half-written file and a failure
 * leaves the previous version intact; {@link org.lotterylab.io.AtomicDirs} does the same for whole
 * directories (a stored level, a run, a merged run). {@link org.lotterylab.io.Json} is the strict JSON every
 * config, sweep and run file is read with (a duplicate key or trailing text is an error) and the
 * one pretty form they are written in. {@link org.lotterylab.io.Project} finds the project root
 * and its git commit.
 */
package org.lotterylab.io;
