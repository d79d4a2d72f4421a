/**
 * The masked multilayer perceptron (science.md section 3): its {@link org.lotterylab.model.ModelConfig}
 * (shape, activation, initialisation), the parameters of a {@link org.lotterylab.model.Network},
 * the explicit {@link org.lotterylab.model.Mask} per weight and bias tensor, and
 * {@link org.lotterylab.model.ParameterCounts}.
 *
 * <p>Conventions used across LotteryLab: a shape {@code [in, h1, ..., out]} has
 * {@code shape.length - 1} layers; layer {@code l} maps neuron layer {@code l} to neuron layer
 * {@code l + 1}; its weight from input neuron {@code i} to output neuron {@code o} is element
 * {@code o * shape[l] + i} of a row-major {@code shape[l+1] x shape[l]} array (PyTorch's
 * {@code Linear.weight} layout). Neuron layer 0 holds the inputs, the last one the outputs.
 */
package org.lotterylab.model;
