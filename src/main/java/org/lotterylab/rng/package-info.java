/**
 * Reproducible random numbers. Every random choice in LotteryLab (data noise and order,
 * initial weights, minibatch order, random pruning controls) draws from an {@link org.lotterylab.rng.Rng}
 * whose sequence is fixed by this package, not by the JDK, so the same seeds give
 * bit-identical results on every JDK.
 */
package org.lotterylab.rng;
