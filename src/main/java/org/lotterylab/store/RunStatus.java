package org.lotterylab.store;

/** The state of a stored run directory. */
public enum RunStatus {
    /** {@code summary.json} is present: every planned level ran, or a stop rule ended the run. */
    COMPLETE,
    /** Some levels are stored, the run was interrupted; asking for it again resumes it. */
    PARTIAL,
    /** Something is missing or invalid; see {@link StoredRun#problem()}. Never overwritten. */
    CORRUPT
}
