/**
 * The command line behind {@code ./lab}: {@link org.lotterylab.cli.Main} dispatches a verb
 * ({@code imp}, {@code sweep}, {@code runs}, {@code show}, {@code schedule}, {@code help}) to its
 * handler. Further verbs (e.g. {@code bench}) register with {@link org.lotterylab.cli.Main#register}.
 */
package org.lotterylab.cli;
