/**
 * Training a masked MLP (science.md section 3): per task, binary cross-entropy on one logit or
 * softmax cross-entropy over C logits ({@link org.lotterylab.train.Heads}), averaged over tasks;
 * Adam, AdamW or SGD with momentum, an optional L1 penalty on the weights, shuffled minibatches
 * and early stopping on the validation loss. Entry point: {@link org.lotterylab.train.Trainer}; configuration:
 * {@link org.lotterylab.train.TrainConfig}; outcome: {@link org.lotterylab.train.TrainResult}.
 *
 * <p>Masks are honoured exactly: a pruned weight is 0 after every step and its optimiser
 * state stays 0. Numerics are single precision, as in the frameworks the notes used. The
 * kernels keep activations feature-major (one row of batch values per neuron) so that the
 * batch is the SIMD dimension, and they iterate over kept weights only, so pruned levels train
 * faster. With the {@code jdk.incubator.vector} module present (the launcher, the kernel and the
 * tests add it) they use explicit SIMD; without it, plain loops that give the same results up to
 * float rounding. {@link org.lotterylab.train.Trainer#kernelName()} says which one runs; it is
 * part of a run's provenance because bit-identity holds per kernel.
 *
 * <p>Large layers (at least 2^18 weights, e.g. the thesis' 1568 x 784 and 784 x 392) run their
 * dense products through OpenBLAS's sgemm instead (1.4-4.3x the SIMD kernel at that size), and
 * keep the sparse kernels at pruned levels; toy layers never do, so toy results are those of
 * the kernels above bit for bit. Threads: {@link org.lotterylab.train.Trainer#setThreads}
 * gives a thread's budget for those products (all cores unless set; a parallel sweep gives each
 * worker its share); OpenBLAS itself always runs single-threaded, the budget splits the output
 * rows into bands, and the results are the same bits on any budget.
 */
package org.lotterylab.train;
