package org.lotterylab.train;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix products through OpenBLAS's {@code cblas_sgemm} (the library ND4J's
 * native backend ships, called directly through its JavaCPP binding), for the dense products of
 * large layers ({@link Engine#BLAS_LAYER}). At the thesis' 1568 x 784 and 784 x 392 layers and a
 * batch of 512 it is 1.4-4.3x the SIMD kernel {@link Kernels#gemm} (about 120 against 20-90
 * GFLOP/s on one core: OpenBLAS blocks for the caches, the SIMD kernel re-reads its operands
 * from L2 for every block of rows); on the 20-output head and every toy layer the SIMD kernel
 * is faster. Measured by {@code BlasBench} (test scope).
 *
 * <p>All arrays are row-major Java arrays; each call copies the regions OpenBLAS reads and
 * writes to off-heap buffers of the calling thread and the written region back (see {@code Scratch}).
 * OpenBLAS's own thread count is set to 1 once at load and never changed, whatever
 * {@code OMP_NUM_THREADS} or {@code OPENBLAS_NUM_THREADS} say: parallelism comes from
 * {@link #gemm}'s {@code threads} argument, which splits the output columns into bands computed
 * by separate Java threads, each a single-threaded call. Every output element is computed by the
 * same kernel in the same order whatever the thread count: the bands ({@link #BANDS}, starting at
 * multiples of {@link #BAND}, each larger than {@link #SMALL}) depend on the product's size only,
 * and one thread computes them in turn: results do not depend on the thread count
 * ({@code BlasTest} checks it bit for bit).
 *
 * <p>When the native library cannot be loaded (another OS or CPU, a missing jar), or the
 * system property {@code lotterylab.blas=false} is set, {@link #available()} is false and the
 * engine uses its own kernels for every product.
 */
final class Blas {
    /**
     * Products large enough are computed as this many column bands, one OpenBLAS call each, on any
     * thread count (one thread computes them in turn): OpenBLAS computes the last rows or columns
     * of a call in another order than the same ones inside a larger call (the last 4 rows of a
     * 448-row band of a 784 x 512 x 1568 product differed in their last bits from the whole
     * product's, on this project's AMD EPYC machines), so bands that followed the thread count
     * gave a 2-thread run other bits than a 1-thread run. Two bands: both cores of those machines.
     * More threads than bands leave the rest idle in these products.
     *
     * <p>Columns, not rows: every output column of the engine's products (a batch of 512, or a
     * layer's 1568 or 784 inputs) splits into halves at a multiple of {@link #BAND}, where its
     * output rows (784, 392) did not: row bands at multiples of 64 were 448/336 and 256/136 rows,
     * and the longer band set the pace. Measured on the thesis' five large products, two threads,
     * AVX2 EPYC: 20.9 -> 18.4 ms (784 x 512 x 1568 forward), 20.6 -> 18.8 (its weight gradient),
     * 6.0 -> 4.8, 6.1 -> 4.7, 5.2 -> 4.7 (784 x 392); one thread unchanged.
     */
    static final int BANDS = 2;

    /** Column bands of a split product start at multiples of this (a multiple of every sgemm tile width). */
    static final int BAND = 16;

    /**
     * Every band of a split product has more than this many multiply-adds: OpenBLAS sends
     * products of at most 100^3 to separate small-matrix kernels that sum in another order, so a
     * small band would not give the bits the whole product gives (seen with an 8-row band).
     */
    static final double SMALL = 2e6;

    /** Why OpenBLAS is not used, or null when it is. */
    private static final String PROBLEM = load();

    private Blas() {
    }

    private static String load() {
        if ("false".equals(System.getProperty("lotterylab.blas"))) {
            return "disabled by -Dlotterylab.blas=false";
        }
        try {
            Loader.load(openblas_nolapack.class);
            openblas_nolapack.blas_set_num_threads(1);
            return null;
        } catch (Throwable e) {
            // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError: all mean "not here".
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Whether products can go through OpenBLAS. */
    static boolean available() {
        return PROBLEM == null;
    }

    /** Why {@link #available()} is false, or null. */
    static String problem() {
        return PROBLEM;
    }

    /**
     * {@code C = op(A) op(B) + beta C} for row-major {@code C} ({@code m x n}, row stride
     * {@code ldc}), {@code op(A)} {@code m x k} and {@code op(B)} {@code k x n}; {@code transA}
     * means {@code A} is stored {@code k x m} (row stride {@code lda}), likewise {@code transB}
     * ({@code B} stored {@code n x k}). With enough columns, the columns of {@code C} are split
     * into up to {@link #BANDS} bands, computed on up to {@code threads} threads (see the class
     * comment: the same bits on any thread count).
     *
     * @throws IllegalStateException if OpenBLAS is not {@link #available()}
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                     float beta, float[] c, int ldc, int threads) {
        if (!available()) {
            throw new IllegalStateException("OpenBLAS is not available (" + PROBLEM + ")");
        }
        int per = bandWidth(m, n, k);
        int bands = (n + per - 1) / per;
        int aLen = transA ? (k - 1) * lda + m : (m - 1) * lda + k;
        int bLen = transB ? (n - 1) * ldb + k : (k - 1) * ldb + n;
        int cLen = (m - 1) * ldc + n;
        FloatBuffer ab = A.get().room(aLen);
        FloatBuffer bb = B.get().room(bLen);
        FloatBuffer cb = C.get().room(cLen);
        // The copies in and out run on the threads too: the whole operands are 4-10 MB here.
        Parallel.run(threads, COPY_PARTS, q -> {
            copyIn(a, ab, aLen, q);
            copyIn(b, bb, bLen, q);
            // With beta 0 OpenBLAS reads nothing of C; but row gaps (ldc > n) are copied back as they were.
            if (beta != 0f || ldc != n) {
                copyIn(c, cb, cLen, q);
            }
        });
        Parallel.run(threads, bands, q -> {
            int from = q * per;
            int cols = Math.min(n, from + per) - from;
            // Column j of op(B) starts at column j of B, or at row j when B is stored transposed.
            int bOff = transB ? from * ldb : from;
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, cols, k, 1f, ab, lda, bb.slice(bOff, bLen - bOff), ldb, beta, cb.slice(from, cLen - from), ldc);
        });
        Parallel.run(threads, COPY_PARTS, q -> {
            int from = (int) ((long) cLen * q / COPY_PARTS);
            int to = (int) ((long) cLen * (q + 1) / COPY_PARTS);
            cb.get(from, c, from, to - from);
        });
    }

    /**
     * The width of {@link #gemm}'s column bands: {@code n} split into {@link #BANDS} parts rounded
     * up to a multiple of {@link #BAND}, fewer bands while the last would be {@link #SMALL}, or
     * {@code n} itself (one band). A function of the product's size alone.
     */
    static int bandWidth(int m, int n, int k) {
        for (int bands = Math.min(BANDS, n / BAND); bands > 1; bands--) {
            int per = ((n + bands - 1) / bands + BAND - 1) / BAND * BAND;
            int last = n - (bands - 1) * per;
            if (last > 0 && (double) m * last * k > SMALL) {
                return per;
            }
        }
        return n;
    }

    /** How many parts {@link #gemm}'s copies are split into (at most as many threads copy). */
    private static final int COPY_PARTS = 2;

    /** Part {@code q} of {@link #COPY_PARTS} of {@code from[0 .. len)} into {@code to}, at the same positions. */
    private static void copyIn(float[] from, FloatBuffer to, int len, int q) {
        int lo = (int) ((long) len * q / COPY_PARTS);
        int hi = (int) ((long) len * (q + 1) / COPY_PARTS);
        to.put(lo, from, lo, hi - lo);
    }

    /**
     * A growing off-heap buffer: JavaCPP passes a direct buffer's address to OpenBLAS as it is,
     * but a heap array as a copy of the whole array, copied back whole after the call (for the
     * first layer's forward product, 9.7 MB each way per call). Copying the regions a product
     * reads and writes costs a fraction of that, and lets bands on several threads write disjoint
     * columns of one buffer.
     */
    private static final class Scratch {
        private FloatBuffer buf = FloatBuffer.allocate(0);

        /** This thread's buffer with room for {@code len} floats. */
        FloatBuffer room(int len) {
            if (buf.capacity() < len) {
                buf = java.nio.ByteBuffer.allocateDirect(Math.max(len, buf.capacity() * 5 / 4) * Float.BYTES)
                        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            }
            return buf;
        }
    }

    /** Per calling thread: the off-heap copies of a product's op(A), op(B) and C. */
    private static final ThreadLocal<Scratch> A = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> B = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> C = ThreadLocal.withInitial(Scratch::new);
}
