/**
 * Sweeps on a cluster: SLURM array jobs, a sweep's progress from its store, and merging
 * stores.
 *
 * <ul>
 *   <li>{@link org.lotterylab.cluster.SlurmJob}: the sbatch array script of a sweep (one array
 *       task per shard, each running {@code ./lab sweep SWEEP.json --shard $SLURM_ARRAY_TASK_ID/N}
 *       against one store on a shared path, one log per task) and its submission
 *       ({@code ./lab sweep SWEEP.json --slurm}); a resubmission runs only the shards with
 *       something left to compute.</li>
 *   <li>{@link org.lotterylab.cluster.SweepStatus}: how many runs of a sweep are done, partial,
 *       missing or corrupt, read from the store alone ({@code ./lab sweep SWEEP.json --status}),
 *       while a job runs or without SLURM.</li>
 *   <li>{@link org.lotterylab.cluster.Merge}: copies the complete runs of another store into this
 *       one ({@code ./lab runs merge OTHER}), each verified against its checksums first and
 *       published atomically; a run whose results differ from the stored run of the same hash is
 *       refused, never overwritten.</li>
 * </ul>
 *
 * <p>What "the same results" means ({@code RunContent}): the config, every level file
 * (masks, parameters, graph) byte for byte, the rows of {@code curves.csv}, and the values of
 * {@code levels.csv} and {@code summary.json} but for the wall time ({@code seconds},
 * {@code finished}); {@code provenance.json} (host, times) and the manifests that hash those
 * times may differ. The single-node cluster the tests use is {@code environment/slurm/cluster.sh}.
 */
package org.lotterylab.cluster;
