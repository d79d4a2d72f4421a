/**
 * Config schemas: each config field declared once, on its record component, with
 * {@link org.lotterylab.config.Param} (description, default, range, JSON options). From those
 * declarations {@link org.lotterylab.config.Schema} derives everything else: defaults, builders,
 * strict JSON reading (unknown fields get the nearest declared name), JSON writing, the list of
 * dotted field names with their documentation, and the canonical form a content hash is taken of.
 *
 * <p>This package knows nothing of LotteryLab's concepts; the config records of
 * {@code data}, {@code model}, {@code train}, {@code prune} and {@code experiment} use it.
 */
package org.lotterylab.config;
