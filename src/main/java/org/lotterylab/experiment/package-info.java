/**
 * Experiments: configs, the run store, queries and sweeps, shared by notebooks, the CLI and
 * tests.
 *
 * <p>{@link org.lotterylab.experiment.Profile} says how much work a notebook does: fast (tests)
 * or full (the paper).
 *
 * <ul>
 *   <li>{@link org.lotterylab.experiment.ExperimentConfig}: everything that determines a run;
 *       JSON round trip, validation, a stable content hash. Its fields are declared once, with
 *       {@link org.lotterylab.config.Param} on the config records' components; see
 *       {@link org.lotterylab.config}.</li>
 *   <li>{@link org.lotterylab.experiment.RunStore}: runs stored under {@code data/runs/<hash>/},
 *       computed once, resumed after an interruption, safe against concurrent writers; every
 *       level recorded with the full structure analysis, in total and per layer, and every
 *       file with its SHA-256, checked when read and by {@code ./lab runs --verify}.</li>
 *   <li>{@link org.lotterylab.experiment.StoredRun}, {@link org.lotterylab.experiment.Runs}:
 *       stored runs and their Tablesaw tables (one row per run and level, or per run).</li>
 *   <li>{@link org.lotterylab.experiment.Sweep}: grids over config fields times seeds, run in
 *       parallel, shardable over machines.</li>
 *   <li>{@link org.lotterylab.experiment.Npy}: numpy's .npy format for masks and weights.</li>
 * </ul>
 */
package org.lotterylab.experiment;
