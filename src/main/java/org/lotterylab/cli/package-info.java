/**
 * The command line behind {@code ./lab}: {@link org.lotterylab.cli.Main} dispatches a verb
 * ({@code imp}, {@code sweep}, {@code runs}, {@code show}, {@code schedule}, {@code help}) to its
 * handler. Further verbs register with {@link org.lotterylab.cli.Main#register}. The benchmark
 * ({@code ./lab bench}) is not part of the library: it lives in {@code src/bench/java}, compiled
 * with the tests.
 */
package org.lotterylab.cli;
