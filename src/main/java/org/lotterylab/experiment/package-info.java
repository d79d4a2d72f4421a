/**
 * What one experiment is: the config of an IMP run, and how much work a notebook does.
 *
 * <p>{@link org.lotterylab.experiment.ExperimentConfig} holds everything that determines a run
 * (data, model, training, pruning, seeds and the {@link org.lotterylab.experiment.Analysis analysis}
 * options). It is immutable and its fields are declared once, with
 * {@link org.lotterylab.config.Param} on the components of the config records (see
 * {@link org.lotterylab.config}); from those declarations come its JSON form (strict: duplicate
 * keys, trailing text and unknown fields are errors, the last with the nearest declared name),
 * its builder, dotted-path setting ({@code with("model.hidden", 20)}, also the shorthands sweeps
 * vary most) and its content hash, the name of its run in the store. A config that cannot be a
 * run (a shape that does not fit the data, no test rows, a run larger than the heap) is refused
 * with a {@link org.lotterylab.experiment.ConfigException} that names the field and the fix,
 * before anything is allocated.
 *
 * <p>{@link org.lotterylab.experiment.Profile} says how much work a notebook does: fast (tests,
 * every code path in minutes) or full (the paper's sizes); notebooks scale seeds, levels and
 * sweeps with {@code Profile.current().pick(fast, full)}.
 *
 * <p>Where a config goes next: {@link org.lotterylab.store} computes and keeps its run,
 * {@link org.lotterylab.sweep} runs grids of configs. This package depends on neither.
 */
package org.lotterylab.experiment;
