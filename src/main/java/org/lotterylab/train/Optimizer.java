package org.lotterylab.train;

/** The update rule. Hyper-parameters live in {@link TrainConfig}. */
public enum Optimizer {
    /** Adam (Kingma and Ba), PyTorch's formulation with bias correction. The default. */
    ADAM,
    /** Adam with decoupled weight decay (Loshchilov and Hutter). */
    ADAMW,
    /** Stochastic gradient descent, with heavy-ball momentum when momentum > 0. */
    SGD
}
