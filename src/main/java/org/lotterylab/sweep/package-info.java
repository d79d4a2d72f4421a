/**
 * Sweeps: grids of runs over config fields times seeds.
 *
 * <p>{@link org.lotterylab.sweep.Sweep} takes a base config, values for any config fields (by
 * their dotted names, or the shorthands {@code model.hidden}, {@code data.noise},
 * {@code seeds.all}, ...) and a number of seeds, and runs every combination through a
 * {@link org.lotterylab.store.RunStore}: in parallel, each run single-threaded, stored runs
 * skipped, duplicate configs run once, and shardable over machines ({@code shard(i, n)}). The
 * result is the {@link org.lotterylab.store.Runs} of the grid, ready for its tables. A sweep
 * can also be read from a JSON file ({@code ./lab sweep FILE}); bad input (an unknown field, an
 * empty list of values, seeds or threads below 1) is an error naming it, before any run starts.
 */
package org.lotterylab.sweep;
