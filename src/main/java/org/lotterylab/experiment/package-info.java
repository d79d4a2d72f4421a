/**
 * Experiment configuration shared by notebooks, the CLI and tests.
 *
 * <p>Owns the run {@link org.lotterylab.experiment.Profile profile} (fast for CI and tests,
 * full for the paper) and, later, experiment specifications and the run store.
 */
package org.lotterylab.experiment;
