package org.lotterylab.train;

/**
 * The cost of handing a kernel call to {@link Parallel}'s helpers: microseconds per call of
 * {@code Parallel.run(2, 2, ...)} with empty parts, one after another (the helpers watching, as
 * within a training step) and with a pause of {@code 2 x SPIN_NANOS} before each (the helpers
 * parked, as after a level's pruning), against the same call on one thread. The least of several
 * rounds: on a shared machine noise only adds time. Not a unit test.
 *
 * <pre>
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.lotterylab.train.ParallelBench
 * </pre>
 */
public final class ParallelBench {
    private static volatile int sink;

    private ParallelBench() {
    }

    public static void main(String[] args) {
        Parallel.Part empty = p -> sink = p;
        double watching = Double.MAX_VALUE;
        double parked = Double.MAX_VALUE;
        double alone = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            int calls = 20_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Parallel.run(2, 2, empty);
            }
            watching = Math.min(watching, (System.nanoTime() - t0) / 1e3 / calls);
            t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Parallel.run(1, 2, empty);
            }
            alone = Math.min(alone, (System.nanoTime() - t0) / 1e3 / calls);
            long sum = 0;
            for (int i = 0; i < 200; i++) {
                long until = System.nanoTime() + 2 * Parallel.SPIN_NANOS;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                long s = System.nanoTime();
                Parallel.run(2, 2, empty);
                sum += System.nanoTime() - s;
            }
            parked = Math.min(parked, sum / 1e3 / 200);
        }
        System.out.printf("Parallel.run(2, 2, empty parts): %.2f us per call one after another, %.1f us after a"
                + " pause (helpers parked); on one thread %.3f us%n", watching, parked, alone);
    }
}
