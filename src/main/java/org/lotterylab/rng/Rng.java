package org.lotterylab.rng;

/**
 * A small, fast, fully specified pseudo-random generator (SplitMix64).
 *
 * <p>The sequence depends only on the seed, never on the JDK: {@code java.util.Random} and
 * {@code SplittableRandom} make no such promise across versions for every method, and
 * reproducibility of stored runs rests on it. Not thread-safe: give each thread its own
 * instance, derived with {@link #derive(long, String)}.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose whole sequence is determined by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * A generator for one named purpose of one seed ("init", "order", ...), independent in
     * practice of the generators for other names: lets one user-facing seed drive several
     * streams without them sharing numbers.
     */
    public static Rng derive(long seed, String stream) {
        long h = mix(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < stream.length(); i++) {
            h = mix(h ^ stream.charAt(i));
        }
        return new Rng(h);
    }

    /** Derives a generator for stream {@code stream} and index {@code index} (e.g. a level). */
    public static Rng derive(long seed, String stream, long index) {
        return new Rng(mix(derive(seed, stream).nextLong() ^ mix(index + GOLDEN)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 uniformly distributed bits. */
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform on [0, 1), 53 bits of resolution. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform on [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Uniform integer on [0, bound), without modulo bias. {@code bound} must be positive. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's multiply-and-reject method.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Standard normal N(0, 1) by the Marsaglia polar method. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Shuffles {@code a} in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }
}
