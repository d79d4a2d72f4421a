/**
 * Training a masked MLP (science.md section 3): binary cross-entropy on logits per task,
 * Adam, AdamW or SGD with momentum, an optional L1 penalty on the weights, shuffled
 * minibatches and early stopping on the validation loss. Entry point: {@link org.lotterylab.train.Trainer}; configuration:
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
 */
package org.lotterylab.train;
