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
 * writes to per-thread off-heap buffers and the written rows back (see {@code Scratch}). OpenBLAS's own thread count
 * is set to 1 once at load and never changed, whatever {@code OMP_NUM_THREADS} or
 * {@code OPENBLAS_NUM_THREADS} say: parallelism comes from {@link #gemm}'s {@code threads}
 * argument, which splits the output rows into bands computed by separate Java threads, each a
 * single-threaded call. Every output element is computed by the same kernel in the same order
 * whatever the thread count: the bands ({@link #BANDS}, starting at multiples of {@link #BAND},
 * each larger than {@link #SMALL}) depend on the product's size only, and one thread computes
 * them in turn: results do not depend on the thread count ({@code BlasTest} checks it bit for bit).
 *
 * <p>When the native library cannot be loaded (another OS or CPU, a missing jar), or the
 * system property {@code lotterylab.blas=false} is set, {@link #available()} is false and the
 * engine uses its own kernels for every product.
 */
final class Blas {
    /**
     * Products large enough are computed as this many row bands, one OpenBLAS call each, on any
     * thread count (one thread computes them in turn): OpenBLAS computes the last rows of a call
     * in another order than the same rows inside a taller call (the last 4 rows of a 448-row band
     * of a 784 x 512 x 1568 product differed in their last bits from the whole product's, on this
     * project's AMD EPYC machines), so bands that followed the thread count gave a 2-thread run
     * other bits than a 1-thread run. Two bands: both cores of those machines, for about 5% more
     * time on one thread (each band packs the shared operand again). More threads than bands
     * leave the rest idle in these products.
     */
    static final int BANDS = 2;

    /** Row bands of a split product start at multiples of this (a multiple of every sgemm tile height). */
    static final int BAND = 64;

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
     * ({@code B} stored {@code n x k}). With enough rows, the rows of
     * {@code C} are split into up to {@link #BANDS} bands, computed on up to {@code threads} threads
     * (see the class comment: the same bits on any thread count).
     *
     * @throws IllegalStateException if OpenBLAS is not {@link #available()}
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                     float beta, float[] c, int ldc, int threads) {
        if (!available()) {
            throw new IllegalStateException("OpenBLAS is not available (" + PROBLEM + ")");
        }
        // The bands depend on the product's size alone, never on the thread count (see BANDS).
        int bands = Math.max(1, Math.min(BANDS, m / BAND));
        int per = m;
        for (; bands > 1; bands--) {
            per = ((m + bands - 1) / bands + BAND - 1) / BAND * BAND;
            int last = m - (bands - 1) * per;
            if (last > 0 && (double) last * n * k > SMALL) {
                break;
            }
        }
        if (bands == 1) {
            per = m;
        }
        // op(B) is read by every band: copied off-heap once, shared read-only by the bands.
        int bLen = transB ? (n - 1) * ldb + k : (k - 1) * ldb + n;
        FloatBuffer bb = SHARED.get().fill(b, 0, bLen, false);
        int nb = bands;
        int rows = per;
        Parallel.run(threads, nb, q -> {
            int from = q * rows;
            int to = Math.min(m, from + rows);
            if (from < to) {
                band(transA, transB, from, to, n, k, a, lda, bb, ldb, beta, c, ldc);
            }
        });
    }

    /**
     * Off-heap copies of operands: JavaCPP passes a direct buffer's address to OpenBLAS as it is,
     * but a heap array as a copy of the whole array, copied back whole after the call (for the
     * first layer's forward product, 9.7 MB each way per call where the band needs 2.4 MB of the
     * weights and writes 0.8 MB). Copying just the regions a band reads and writes costs a
     * fraction of that, and lets bands on several threads write disjoint rows of one array.
     */
    private static final class Scratch {
        private FloatBuffer buf = FloatBuffer.allocate(0);

        /** {@code len} floats of {@code from} from {@code off} on, at position 0 of this thread's buffer (or none, only room). */
        FloatBuffer fill(float[] from, int off, int len, boolean roomOnly) {
            if (buf.capacity() < len) {
                buf = java.nio.ByteBuffer.allocateDirect(Math.max(len, buf.capacity() * 5 / 4) * Float.BYTES)
                        .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            }
            buf.clear();
            if (!roomOnly) {
                buf.put(from, off, len);
                buf.clear();
            }
            return buf;
        }
    }

    /** Per thread: the shared operand of a product, and a band's own rows of op(A) and C. */
    private static final ThreadLocal<Scratch> SHARED = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> BAND_A = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> BAND_C = ThreadLocal.withInitial(Scratch::new);

    /**
     * Rows {@code [from, to)} of {@link #gemm}'s product, one single-threaded OpenBLAS call on
     * off-heap copies of the band's rows of op(A) and C ({@code b} is already off-heap); the
     * band's rows of {@code c} are written back.
     */
    private static void band(boolean transA, boolean transB, int from, int to, int n, int k, float[] a, int lda,
                             FloatBuffer b, int ldb, float beta, float[] c, int ldc) {
        int rows = to - from;
        // Row r of op(A) starts at r * lda in A, or at column r when A is stored transposed.
        int aOff = transA ? from : from * lda;
        int aLen = transA ? (k - 1) * lda + rows : (rows - 1) * lda + k;
        int cOff = from * ldc;
        int cLen = (rows - 1) * ldc + n;
        FloatBuffer ab = BAND_A.get().fill(a, aOff, aLen, false);
        FloatBuffer cb = BAND_C.get().fill(c, cOff, cLen, beta == 0f);
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                rows, n, k, 1f, ab, lda, b, ldb, beta, cb, ldc);
        cb.clear();
        cb.get(c, cOff, cLen);
    }
}
