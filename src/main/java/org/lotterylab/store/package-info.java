/**
 * The run store: every IMP run computed once, kept on disk by its config's hash, and read back
 * as Tablesaw tables.
 *
 * <p>Start at {@link org.lotterylab.store.RunStore}: {@code RunStore.open().run(config)} returns
 * the run of a config, at once when it is stored, resumed when an earlier session was
 * interrupted, computed otherwise; threads and processes asking for the same run compute it once.
 * A run lives in one directory, {@code data/runs/<hash>/}; its layout (config, provenance,
 * {@code levels.csv} with one row per level, {@code curves.csv}, the masks and parameters of each
 * level as numpy {@code .npy} files (bit-packed masks, kept weights only: a 20-level run of the
 * thesis' 1.5M-weight shape takes 29.5 MB), the manifests of SHA-256 checksums, and
 * {@code summary.json}, written last) is described on {@code RunStore}.
 *
 * <p>{@link org.lotterylab.store.StoredRun} is one run as found on disk: its config,
 * {@link org.lotterylab.store.RunStatus status} (complete, partial or corrupt), its levels as a
 * table, each level's mask and networks, and the state history of its weights, biases and
 * neurons. {@link org.lotterylab.store.Runs} is a set of stored runs with their tables: one row
 * per run and level ({@code levels()}) or per run ({@code summaries()}), each beginning with the
 * config columns, so that one Tablesaw {@code summarize(...).by(...)} compares runs.
 *
 * <p>Integrity: every file is written to a temporary name and renamed, so a reader never sees
 * half a file; every published level and the complete run carry the checksums of their files,
 * checked on first read and by {@code ./lab runs --verify}. A directory that is not what this
 * library writes is reported as a {@link org.lotterylab.store.CorruptRunException} naming the
 * file, the problem and the fix, and is never overwritten. Runs written by earlier versions of
 * the library (before checksums, or in the dense level layout 1) still load.
 *
 * <p>The rest is internal: the recorder that writes a run while it computes, the directory of
 * one run and its files, the CSV, {@code .npy} (numpy's format, so the level files open in
 * Python as they are) and manifest formats.
 */
package org.lotterylab.store;
