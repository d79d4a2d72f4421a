package org.lotterylab.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How many prunable parameters remain after each level of an IMP run.
 *
 * <p>From (P0, PT, L): rate p = 1 - (PT/P0)^(1/L), unless a rate is given; trajectory
 * P_t = round-half-even(P0 (1-p)^t), t = 0..L; level t prunes P_{t-1} - P_t parameters.
 *
 * <p>With {@code extension} E > 0 the run starts from a wider network: with growth
 * g = 1/(1-p) - 1, extension level i targets P_{-i} = P0 (1+g)^i; the hidden width H solving
 * X H + (n-1) H^2 + H Y (+ n H + Y when biases are prunable) = P_{-i} is rounded to the nearest
 * integer and the count recomputed. The run trains shape_E and follows
 * P(shape_E), ..., P(shape_1), P_0, P_1, ..., P_L: E + L pruning levels in all.
 * All hidden layers of an extended shape have the same width H.
 */
public final class Schedule {
    /** The largest array length the JVM allows, a little below 2^31. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int[] baseShape;
    private final boolean biasesPrunable;
    private final double rate;
    private final int levels;
    private final List<int[]> shapes;
    private final int[] trajectory;

    private Schedule(int[] baseShape, boolean biasesPrunable, double rate, int levels, List<int[]> shapes,
                     int[] trajectory) {
        this.baseShape = baseShape;
        this.biasesPrunable = biasesPrunable;
        this.rate = rate;
        this.levels = levels;
        this.shapes = shapes;
        this.trajectory = trajectory;
    }

    /** The number of prunable parameters of an MLP of this shape. */
    public static int prunableCount(int[] shape, boolean biasesPrunable) {
        long n = 0;
        for (int l = 0; l + 1 < shape.length; l++) {
            n += (long) shape[l] * shape[l + 1];
            if (biasesPrunable) {
                n += shape[l + 1];
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 parameters");
        }
        return (int) n;
    }

    /** A schedule for a network of shape {@code shape}; set a target or a rate, and the levels. */
    public static Builder builder(int... shape) {
        return new Builder(shape.clone());
    }

    /** The pruning rate p per level. */
    public double rate() {
        return rate;
    }

    /** The pruning levels of the base trajectory, L. */
    public int levels() {
        return levels;
    }

    /** The extension levels, E. */
    public int extension() {
        return shapes.size() - 1;
    }

    /** All pruning levels of a run: E + L. */
    public int totalLevels() {
        return trajectory.length - 1;
    }

    /** P0: the prunable parameters of the base shape. */
    public int p0() {
        return prunableCount(baseShape, biasesPrunable);
    }

    /** The final count P_L. */
    public int target() {
        return trajectory[trajectory.length - 1];
    }

    /** Remaining prunable parameters after each level; element 0 is the start (index = level). */
    public int[] trajectory() {
        return trajectory.clone();
    }

    /** Remaining prunable parameters after {@code level} (0 = before any pruning). */
    public int remaining(int level) {
        return trajectory[level];
    }

    /** Parameters pruned at {@code level} (1-based). */
    public int pruned(int level) {
        return trajectory[level - 1] - trajectory[level];
    }

    /** The shape a run of this schedule trains: the base shape, or shape_E when extended. */
    public int[] startShape() {
        return shapes.get(0).clone();
    }

    public int[] baseShape() {
        return baseShape.clone();
    }

    /** shape_E, shape_{E-1}, ..., shape_1, base shape (one element when not extended). */
    public List<int[]> shapes() {
        List<int[]> out = new ArrayList<>();
        for (int[] s : shapes) {
            out.add(s.clone());
        }
        return out;
    }

    public boolean biasesPrunable() {
        return biasesPrunable;
    }

    /**
     * The hidden width H of an extension: the positive root of
     * X H + (n-1) H^2 + H Y (+ n H + Y) = target, rounded to the nearest integer (at least 1).
     */
    static int solveWidth(int inputs, int hiddenLayers, int outputs, boolean biasesPrunable, double target) {
        double a = hiddenLayers - 1;
        double b = inputs + outputs + (biasesPrunable ? hiddenLayers : 0);
        double c = (biasesPrunable ? outputs : 0) - target;
        double h = a == 0 ? -c / b : (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
        return Math.max(1, (int) Math.rint(h));
    }

    @Override
    public String toString() {
        return "Schedule(P0=" + p0() + ", rate=" + rate + ", levels=" + levels + ", extension=" + extension()
                + ", trajectory=" + Arrays.toString(trajectory) + ")";
    }

    /** Builder; {@link #build()} validates and reports the first problem with its fix. */
    public static final class Builder {
        private final int[] shape;
        private boolean biasesPrunable;
        private Integer target;
        private Double rate;
        private Integer levels;
        private int extension;

        private Builder(int[] shape) {
            this.shape = shape;
        }

        public Builder biasesPrunable(boolean on) {
            biasesPrunable = on;
            return this;
        }

        /** PT: the prunable parameters left after L levels. */
        public Builder target(int pt) {
            target = pt;
            return this;
        }

        /** The rate p per level; overrides the target. */
        public Builder rate(double p) {
            rate = p;
            return this;
        }

        public Builder levels(int l) {
            levels = l;
            return this;
        }

        /** Start E extension levels wider (0 = none). */
        public Builder extension(int e) {
            extension = e;
            return this;
        }

        public Schedule build() {
            if (shape.length < 2) {
                throw new IllegalArgumentException("a schedule needs a shape with at least 2 layers, got " + Arrays.toString(shape));
            }
            if (levels == null || levels < 1) {
                throw new IllegalArgumentException("levels must be >= 1, got " + levels + "; set levels(L)");
            }
            int p0 = prunableCount(shape, biasesPrunable);
            double p;
            if (rate != null) {
                if (!(rate > 0 && rate < 1)) {
                    throw new IllegalArgumentException("rate must lie in (0, 1), got " + rate);
                }
                p = rate;
            } else {
                if (target == null) {
                    throw new IllegalArgumentException("set a target (PT) or a rate for the schedule");
                }
                if (target >= p0 || target <= 0) {
                    throw new IllegalArgumentException("target " + target + " must lie in [1, " + (p0 - 1)
                            + "]: below P0 = " + p0 + ", the prunable parameters of " + Arrays.toString(shape)
                            + (biasesPrunable ? " with biases" : " (weights only)"));
                }
                p = 1 - Math.pow((double) target / p0, 1.0 / levels);
            }
            if (extension < 0) {
                throw new IllegalArgumentException("extension must be >= 0, got " + extension);
            }
            checkSizes(p0, p);
            int hidden = shape.length - 2;
            if (extension > 0 && hidden < 1) {
                throw new IllegalArgumentException("extension needs at least one hidden layer; shape "
                        + Arrays.toString(shape) + " has none");
            }
            List<int[]> shapes = new ArrayList<>();
            int[] traj = new int[extension + levels + 1];
            for (int i = extension; i >= 1; i--) {
                double pi = p0 / Math.pow(1 - p, i);
                int h = solveWidth(shape[0], hidden, shape[shape.length - 1], biasesPrunable, pi);
                int[] s = shape.clone();
                Arrays.fill(s, 1, s.length - 1, h);
                shapes.add(s);
                traj[extension - i] = prunableCount(s, biasesPrunable);
            }
            shapes.add(shape.clone());
            for (int t = 0; t <= levels; t++) {
                traj[extension + t] = (int) Math.rint(p0 * Math.pow(1 - p, t));
            }
            for (int t = 1; t < traj.length; t++) {
                if (traj[t] > traj[t - 1]) {
                    throw new IllegalArgumentException("extension level " + t + " rounds to a wider network than the"
                            + " level before it (" + Arrays.toString(traj) + "); use fewer extension levels or a larger rate");
                }
            }
            return new Schedule(shape.clone(), biasesPrunable, p, levels, List.copyOf(shapes), traj);
        }

        /**
         * Fails, before anything is allocated, when the trajectory would not fit in an array or
         * in a quarter of the heap, or when the widest extension level would need more
         * parameters than an int counts.
         */
        private void checkSizes(int p0, double p) {
            long entries = (long) extension + levels + 1;
            long heap = Runtime.getRuntime().maxMemory();
            if (entries > MAX_ARRAY || entries * Integer.BYTES > heap / 4) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "levels %d%s: the trajectory alone would"
                        + " hold %,d counts (%.1f GB), more than fits in a quarter of the Java heap (%.1f GB); use fewer"
                        + " levels (each level trains the network once)", levels,
                        extension > 0 ? " with extension " + extension : "", entries, entries * 4.0 / 1e9, heap / 1e9));
            }
            if (extension > 0) {
                // The widest extension level targets p0 / (1 - p)^E parameters.
                double widest = p0 / Math.pow(1 - p, extension);
                if (!(widest <= Integer.MAX_VALUE)) {
                    long fit = (long) Math.floor(Math.log((double) Integer.MAX_VALUE / p0) / -Math.log1p(-p));
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "extension %d at rate %.4g would start"
                            + " from about %.3g prunable parameters, more than 2^31 - 1; use at most %d extension levels",
                            extension, p, widest, fit));
                }
            }
        }
    }
}
