/**
 * Writing files safely: {@link org.lotterylab.io.AtomicFiles} writes every file LotteryLab
 * produces (run store, data CSV, GraphML, figures) to a temporary file beside its target and
 * renames it into place, so a reader never sees a half-written file and a failure leaves the
 * previous version intact.
 */
package org.lotterylab.io;
