package org.lotterylab.train;

/**
 * The arithmetic of training, in one place so that the SIMD and the plain implementation can
 * be swapped and checked against each other.
 *
 * <p>Layouts: activations and their gradients are feature-major, {@code [feature][S]} with a
 * row stride {@code S} that is a multiple of {@link #PAD} (padding columns carry zeros in the
 * gradients, so they never reach a weight). Sparse weight access uses CSR-like lists: entries
 * {@code k} in {@code [ptr[r], ptr[r+1])} of row {@code r} name a source row {@code idx[k]} and the
 * weight's flat position {@code pos[k]} in the layer's {@code out x in} weight array.
 */
abstract class Kernels {
    /** Row strides are multiples of this, the widest SIMD register in floats. */
    static final int PAD = 16;

    private static Kernels select() {
        if (!Boolean.getBoolean("lotterylab.scalar")
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                // Loaded reflectively: its class refers to the incubator module, absent in some JVMs.
                Kernels k = (Kernels) Class.forName("org.lotterylab.train.VectorKernels").getDeclaredConstructor()
                        .newInstance();
                warmUp(k);
                return k;
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernels();
            }
        }
        return new ScalarKernels();
    }

    /**
     * Runs the dense kernel in each of its forms on small arrays, often enough for C2 to compile
     * it from short calls. Without it, a process whose first dense products are image-sized
     * (784 x 1568, batch 512) gets a compilation of the SIMD loops that stays 8-25x slower than
     * it can be, at every size: 3.5 against 29 GFLOP/s at 784 x 1568 x 512 and 3.8 against 95 at
     * 410 x 410 x 64 afterwards, same JVM flags, small calls first or large first (measured;
     * presumably the long first calls get on-stack-replacement compilations in which the vectors
     * are not scalarised). The sparse kernels showed no such effect. Results are the same bits
     * either way; the warm-up costs about 0.3 s once per JVM.
     */
    static void warmUp(Kernels k) {
        int in = 12;
        int out = 12;
        int s = 4 * PAD;
        java.util.Random r = new java.util.Random(0);
        float[] w = new float[in * out];
        // Room for row strides up to 2s: 90 exercises the last-columns paths of a 410-wide gradient.
        float[] a = new float[in * 2 * s];
        float[] dz = new float[out * 2 * s];
        float[] dst = new float[out * 2 * s];
        float[] zeros = new float[Math.max(in, 2 * s)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            dz[i] = (float) r.nextGaussian();
        }
        int[] rows = firstRows(out);
        int[] few = firstRows(2);
        for (int rep = 0; rep < 400; rep++) {
            k.gemm(rows, in, w, in, 1, zeros, a, dst, s);
            k.gemm(rows, out, w, 1, in, zeros, dz, dst, s);
            k.gemm(rows, in, w, in, 1, zeros, a, dst, PAD);
            k.gemm(rows, in, w, in, 1, zeros, a, dst, s + 26);
            k.gemm(few, in, w, in, 1, zeros, a, dst, s);
        }
        // The sparse kernels, on every row with every input (and every tile width).
        int[] ptr = new int[out + 1];
        int[] idx = new int[out * in];
        int[] pos = new int[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                idx[o * in + i] = i;
                pos[o * in + i] = o * in + i;
            }
            ptr[o + 1] = (o + 1) * in;
        }
        float[] g = new float[out * in];
        float[] tiled = new float[TILE_SKIP + in * 2 * s];
        for (int rep = 0; rep < 400; rep++) {
            k.spmmPacked(0, out, ptr, idx, w, zeros, a, dst, 2 * s);
            k.spmmPacked(0, out, ptr, idx, w, zeros, a, dst, s + PAD);
            for (int q = 0; k.tile() > 0 && q * k.tile() < 2 * s; q++) {
                k.spmmTile(q, out, ptr, idx, w, zeros, a, tiled, in, dst, 2 * s);
            }
            k.gradSparse(0, out, ptr, idx, pos, dz, a, g, s);
        }
    }

    /** The fastest implementation this JVM supports. */
    static Kernels best() {
        return BEST;
    }

    /** The plain-loop implementation (the reference in tests). */
    static Kernels scalar() {
        return new ScalarKernels();
    }

    static int padded(int n) {
        return (n + PAD - 1) / PAD * PAD;
    }

    abstract String name();

    /**
     * The sparse product over a layer's kept weights, listed by row: {@code dst[r*S + c] = bias[r]
     * + sum_k val[k] * src[idx[k]*S + c]} over the row's entries {@code ptr[r] <= k < ptr[r+1]},
     * for the rows {@code r = rows[j]}, {@code from <= j < to}, and every column {@code c < S};
     * the other rows of {@code dst} are left as they are (the engine lists the neurons the loss
     * depends on). The weights are gathered in list order ({@code val[k] = w[pos[k]]}), which
     * spares the scattered weight reads of a by-input list. Each element is the bias, then the
     * row's entries ascending: the same sum in the same order in any band of the rows, so bands
     * can be computed by separate threads. Pass zeros for no bias: a nullable bias made C2 compile
     * the dense kernel's loop 10% slower once both cases had been seen (measured).
     */
    void spmmPacked(int[] rows, int from, int to, int[] ptr, int[] idx, float[] val, float[] bias, float[] src,
                    float[] dst, int s) {
        for (int j = from; j < to; j++) {
            int r = rows[j];
            int d = r * s;
            float b0 = bias[r];
            for (int c = 0; c < s; c++) {
                dst[d + c] = b0;
            }
            for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                float wk = val[k];
                int a = idx[k] * s;
                for (int c = 0; c < s; c++) {
                    dst[d + c] += wk * src[a + c];
                }
            }
        }
    }

    /** {@link #spmmPacked(int[], int, int, int[], int[], float[], float[], float[], float[], int)} for rows {@code from <= r < to}. */
    final void spmmPacked(int from, int to, int[] ptr, int[] idx, float[] val, float[] bias, float[] src, float[] dst,
                          int s) {
        spmmPacked(firstRows(to), from, to, ptr, idx, val, bias, src, dst, s);
    }

    /**
     * Floats before the first tile in a {@link #tileBuffer}, so that every row of every tile
     * starts on a 64-byte line. A 16-lane load from an address that is not a multiple of 64
     * spans two lines, and the tiled forward product ran at half speed on such loads (1568 x 784,
     * 14% kept, batch 512, Ice Lake: 5.0-5.1 ms with its rows on line boundaries, 10.5-12.7 at
     * each of the 15 other offsets of the buffer). Java gives no array addresses, but under G1 a
     * humongous array (at least half a heap region) starts on a region boundary and never moves,
     * so its elements lie at a known offset from a line: the array's base offset. Under other
     * collectors 0, and the alignment is left to chance. Speed only: the bits are the same.
     */
    static final int TILE_SKIP;
    /** The G1 heap region in bytes; 0 under other collectors or when the JVM does not say. */
    private static final long REGION;

    static {
        long region = 0;
        int base = -1;
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            if (Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) {
                region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            }
            base = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not a HotSpot JVM that says: base stays -1, and the tiles go unaligned.
        }
        REGION = base >= 0 ? region : 0;
        TILE_SKIP = REGION > 0 ? (64 - base % 64) % 64 / 4 : 0;
    }

    /** After {@link #TILE_SKIP}: selecting warms the kernel up, through {@link #spmmTile} too. */
    private static final Kernels BEST = select();

    /**
     * A buffer for {@link #spmmTile}'s copies of {@code floats} floats after {@link #TILE_SKIP}:
     * under G1 at least half a heap region, so that it is humongous (line-aligned, never moved).
     * Empty when {@code floats} is 0.
     */
    static float[] tileBuffer(int floats) {
        return floats == 0 ? new float[0] : new float[(int) Math.max(TILE_SKIP + floats, REGION / 8)];
    }

    /**
     * Columns per tile of {@link #spmmTile}; 0 when this implementation has no tiled product (the
     * engine then calls {@link #spmmPacked} only).
     */
    int tile() {
        return 0;
    }

    /**
     * Column tile {@code q} of {@link #spmmPacked} over all the listed {@code rows}: columns
     * {@code q*T .. q*T+T-1} ({@code T = tile()}), read from a copy of that tile of {@code src}'s
     * {@code srcRows} rows that this call first makes in {@code tiled} ({@link #tileBuffer}),
     * {@code tiled[TILE_SKIP + q*srcRows*T + i*T + j] = src[i*S + q*T + j]} (a row-major
     * {@code srcRows x T} block); for {@code q = S / T},
     * the last {@code S % T} columns, from {@code src}. The same sums in the same order, so the same
     * bits as {@link #spmmPacked}; tiles write disjoint parts of {@code tiled} and {@code dst}, so
     * separate threads can compute them. Why: a row's entries read one {@code T}-column piece of
     * each of their source rows; in {@code src} those pieces lie a whole row ({@code S} floats)
     * apart, in the copy {@code T} floats apart, and the kernel ran 1.8x faster on the copy at 1568
     * inputs (AVX2, 14% kept, batch 512: 15.4 against 8.5 GFLOP/s; the copy costs 2% of that).
     */
    void spmmTile(int q, int[] rows, int[] ptr, int[] idx, float[] val, float[] bias, float[] src, float[] tiled,
                  int srcRows, float[] dst, int s) {
        throw new UnsupportedOperationException(name() + " has no tiled product");
    }

    /** {@link #spmmTile(int, int[], int[], int[], float[], float[], float[], float[], int, float[], int)} for rows {@code 0 .. lines-1}. */
    final void spmmTile(int q, int lines, int[] ptr, int[] idx, float[] val, float[] bias, float[] src, float[] tiled,
                        int srcRows, float[] dst, int s) {
        spmmTile(q, firstRows(lines), ptr, idx, val, bias, src, tiled, srcRows, dst, s);
    }

    /**
     * {@code dst[i*S + c] = x[offs[c] + i]} for rows {@code from <= c < to} and the listed
     * columns {@code i} of {@code cols}: data rows starting at {@code offs[c]} to feature-major
     * columns.
     */
    void loadColumns(float[] x, int[] offs, int from, int to, int[] cols, float[] dst, int s) {
        int c = from;
        // Eight rows at a time: eight values land side by side in one line of dst. One row at a
        // time, each value was a write to another line: 45-60 against 18-21 ms for 13 blocks of
        // 512 rows of 1568 inputs with four rows at a time (AVX2 machine), where the SIMD
        // kernel's gathers took 27-30. Eight: 9.5-10.8 against 14.3-15.3 ms for four, sixteen
        // 10.6-11.4 (AMD EPYC Zen 3). The rows left over (a last block of fewer than 8) go one
        // at a time.
        for (; c + 8 <= to; c += 8) {
            int o0 = offs[c];
            int o1 = offs[c + 1];
            int o2 = offs[c + 2];
            int o3 = offs[c + 3];
            int o4 = offs[c + 4];
            int o5 = offs[c + 5];
            int o6 = offs[c + 6];
            int o7 = offs[c + 7];
            for (int i : cols) {
                int d = i * s + c;
                dst[d] = x[o0 + i];
                dst[d + 1] = x[o1 + i];
                dst[d + 2] = x[o2 + i];
                dst[d + 3] = x[o3 + i];
                dst[d + 4] = x[o4 + i];
                dst[d + 5] = x[o5 + i];
                dst[d + 6] = x[o6 + i];
                dst[d + 7] = x[o7 + i];
            }
        }
        for (; c < to; c++) {
            int src = offs[c];
            for (int i : cols) {
                dst[i * s + c] = x[src + i];
            }
        }
    }

    /**
     * The dense counterpart of {@link #spmmPacked}: {@code dst[r*S + c] = bias[r]
     * + sum_{k < inner} w[r*rs + k*ks] * src[k*S + c]}. With {@code rs = in, ks = 1} it applies a
     * layer's {@code out x in} weights; with {@code rs = 1, ks = in} their transpose. Pruned weights
     * are 0, so the result equals the sparse one; it is faster when few weights are pruned.
     *
     * <p>The same product gives a layer's dense weight gradient: with {@code w = dz} ({@code rows =
     * out}, {@code inner = rs = S} of the batch, {@code ks = 1}), {@code src} the batch-major copy of
     * the input activations and {@code S = ip} its row stride, {@code dst[o*ip + i] = sum_c dz[o*S + c]
     * * a[i][c]}. Here alone {@code S} need not be a multiple of {@link #PAD} (it must be at least
     * {@code PAD}): {@code ip = in} gives the gradient in the weights' own layout.
     *
     * <p>Only the rows listed in {@code rows} are computed (distinct, in any order); the others of
     * {@code dst} are left as they are. This is how the engine skips neurons the loss does not
     * depend on (see {@link Engine}).
     */
    abstract void gemm(int[] rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst,
                       int s);

    /** {@link #gemm(int[], int, float[], int, int, float[], float[], float[], int)} for rows {@code 0 .. rows-1}. */
    final void gemm(int rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst, int s) {
        gemm(firstRows(rows), inner, w, rs, ks, bias, src, dst, s);
    }

    /** {@code 0, 1, ..., n-1}. */
    static int[] firstRows(int n) {
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) {
            rows[r] = r;
        }
        return rows;
    }

    /** {@code g[pos[k]] = sum_c dz[r*S + c] * a[idx[k]*S + c]} for every listed entry of every row. */
    final void gradSparse(int rows, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g, int s) {
        gradSparse(0, rows, ptr, idx, pos, dz, a, g, s);
    }

    /** {@link #gradSparse(int, int[], int[], int[], float[], float[], float[], int)} for rows {@code from <= r < to}. */
    final void gradSparse(int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a, float[] g, int s) {
        gradSparse(firstRows(to), from, to, ptr, idx, pos, dz, a, g, s);
    }

    /**
     * {@link #gradSparse(int, int[], int[], int[], float[], float[], float[], int)} for the rows
     * {@code r = rows[j]}, {@code from <= j < to}; the other rows' entries are left as they are.
     */
    abstract void gradSparse(int[] rows, int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a,
                             float[] g, int s);

    /** {@code sums[r] = sum_c src[r*S + c]} for every listed row {@code r} of {@code rows}; the others are left as they are. */
    abstract void rowSums(int[] rows, float[] src, float[] sums, int s);

    /** {@link #rowSums(int[], float[], float[], int)} for every row {@code r < rows}. */
    final void rowSums(int rows, float[] src, float[] sums, int s) {
        rowSums(firstRows(rows), src, sums, s);
    }

    /** ReLU's backward step: {@code d[k] = 0} wherever {@code z[k] <= 0}, for {@code from <= k < to}. */
    abstract void reluBackward(float[] d, float[] z, int from, int to);

    /** {@link #reluBackward(float[], float[], int, int)} for {@code k < n}. */
    final void reluBackward(float[] d, float[] z, int n) {
        reluBackward(d, z, 0, n);
    }

    /**
     * One Adam(W) step on a masked tensor, in PyTorch's formulation:
     * {@code g *= mask; m = b1 m + c1 g; v = b2 v + c2 g^2 (c = 1 - b, rounded once from double);
     * w = w * decay - stepSize * m / (sqrt(v) / sqrtBc2 + eps)}. Where the mask is 0, m, v and w stay 0.
     */
    final void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, float stepSize,
                    float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
        adam(w, g, mask, m, v, 0, w.length, stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
    }

    /**
     * {@link #adam(float[], float[], float[], float[], float[], float, float, float, float, float, float, float, float)}
     * on elements {@code [from, to)}: every element is computed alone, so chunks give the whole update's bits.
     */
    abstract void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize,
                       float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay);

    /** One SGD step with momentum {@code mu} and L2 term {@code wd}, masked like {@link #adam}. */
    void sgd(float[] w, float[] g, float[] mask, float[] buf, float lr, float mu, float wd) {
        for (int k = 0; k < w.length; k++) {
            float gk = (g[k] + wd * w[k]) * mask[k];
            float b = mu * buf[k] + gk;
            buf[k] = b;
            w[k] -= lr * b;
        }
    }

    /**
     * {@link #adam} on the listed elements {@code kept[from .. to)} only, all of whose mask
     * entries are 1: the same bits there as the whole update (the mask's factor 1 changes no bit),
     * while the others, pruned, would stay 0 anyway. The moments are compact, {@code m[j]} and
     * {@code v[j]} those of weight {@code kept[j]}: scattered over the layer, the four arrays
     * cost four cache misses per update (33 ns each at 2% kept of the thesis' 1.5M weights).
     */
    static void adamKept(float[] w, float[] g, float[] m, float[] v, int[] kept, int from, int to, float stepSize,
                         float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
        for (int j = from; j < to; j++) {
            int k = kept[j];
            float gk = g[k];
            float mk = b1 * m[j] + c1 * gk;
            float vk = b2 * v[j] + gk * gk * c2;
            m[j] = mk;
            v[j] = vk;
            w[k] = w[k] * decay - stepSize * mk / ((float) Math.sqrt(vk) / sqrtBc2 + eps);
        }
    }

    /** {@link #sgd} on the listed elements {@code kept[from .. to)} only, as {@link #adamKept} (compact momentum). */
    static void sgdKept(float[] w, float[] g, float[] buf, int[] kept, int from, int to, float lr, float mu, float wd) {
        for (int j = from; j < to; j++) {
            int k = kept[j];
            float gk = g[k] + wd * w[k];
            float b = mu * buf[j] + gk;
            buf[j] = b;
            w[k] -= lr * b;
        }
    }

    /** {@link #reluBackward} on elements {@code [from, to)}: the plain loop, also the SIMD kernels' tail. */
    static void reluBackwardRange(float[] d, float[] z, int from, int to) {
        for (int k = from; k < to; k++) {
            if (z[k] <= 0f) {
                d[k] = 0f;
            }
        }
    }

    /** {@link #adam} on elements {@code [from, to)}: the plain loop, also the SIMD kernels' tail. */
    static void adamRange(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize,
                          float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
        for (int k = from; k < to; k++) {
            float gk = g[k] * mask[k];
            float mk = b1 * m[k] + c1 * gk;
            float vk = b2 * v[k] + gk * gk * c2;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] * decay - stepSize * mk / ((float) Math.sqrt(vk) / sqrtBc2 + eps);
        }
    }

    /** Plain loops: the reference and the fallback without the vector module. */
    static final class ScalarKernels extends Kernels {
        @Override
        String name() {
            return "scalar";
        }

        @Override
        void gemm(int[] rows, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst,
                  int s) {
            for (int r : rows) {
                int d = r * s;
                float b0 = bias[r];
                for (int c = 0; c < s; c++) {
                    dst[d + c] = b0;
                }
                for (int k = 0; k < inner; k++) {
                    float wk = w[r * rs + k * ks];
                    int a = k * s;
                    for (int c = 0; c < s; c++) {
                        dst[d + c] += wk * src[a + c];
                    }
                }
            }
        }

        @Override
        void gradSparse(int[] rows, int from, int to, int[] ptr, int[] idx, int[] pos, float[] dz, float[] a,
                        float[] g, int s) {
            for (int j = from; j < to; j++) {
                int r = rows[j];
                int d = r * s;
                for (int k = ptr[r]; k < ptr[r + 1]; k++) {
                    int src = idx[k] * s;
                    float acc = 0f;
                    for (int c = 0; c < s; c++) {
                        acc += dz[d + c] * a[src + c];
                    }
                    g[pos[k]] = acc;
                }
            }
        }

        @Override
        void rowSums(int[] rows, float[] src, float[] sums, int s) {
            for (int r : rows) {
                float acc = 0f;
                for (int c = 0; c < s; c++) {
                    acc += src[r * s + c];
                }
                sums[r] = acc;
            }
        }

        @Override
        void reluBackward(float[] d, float[] z, int from, int to) {
            reluBackwardRange(d, z, from, to);
        }

        @Override
        void adam(float[] w, float[] g, float[] mask, float[] m, float[] v, int from, int to, float stepSize,
                  float b1, float c1, float b2, float c2, float sqrtBc2, float eps, float decay) {
            adamRange(w, g, mask, m, v, from, to, stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
        }
    }
}
