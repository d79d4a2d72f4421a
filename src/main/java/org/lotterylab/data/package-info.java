/**
 * The toy tasks and their data sets (science.md section 2): {@link org.lotterylab.data.Task}s
 * such as moons and circles, their concatenation into one multi-task {@link org.lotterylab.data.Dataset}
 * (task i owns inputs 2i, 2i+1 and output i, kept as data), and the standardised
 * train / validation / test {@link org.lotterylab.data.DataSplit} built from a {@link org.lotterylab.data.DataConfig}
 * and a data seed. Everything here is deterministic from that seed. The dependent-task control
 * {@link org.lotterylab.data.Task.Xor} is the one task whose label needs another task's inputs.
 */
package org.lotterylab.data;
