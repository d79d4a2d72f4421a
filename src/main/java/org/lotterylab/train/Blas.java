package org.lotterylab.train;

import java.nio.FloatBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * <p>All arrays are row-major Java arrays, passed to OpenBLAS without an intermediate off-heap
 * copy (JavaCPP pins or copies them for the duration of the call). OpenBLAS's own thread count
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

    /** Daemon threads for the row bands beyond the calling thread's; created on first use. */
    private static volatile ExecutorService pool;

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
        if (bands == 1 || threads == 1) {
            for (int from = 0; from < m; from += per) {
                band(transA, transB, from, Math.min(m, from + per), n, k, a, lda, b, ldb, beta, c, ldc);
            }
            return;
        }
        ExecutorService p = pool(threads - 1);
        Future<?>[] others = new Future<?>[bands - 1];
        int from = per;
        for (int t = 0; t < bands - 1 && from < m; t++) {
            int f = from;
            int to = Math.min(m, from + per);
            others[t] = p.submit(() -> separateBand(transA, transB, f, to, n, k, a, lda, b, ldb, beta, c, ldc));
            from = to;
        }
        separateBand(transA, transB, 0, Math.min(m, per), n, k, a, lda, b, ldb, beta, c, ldc);
        // Wait for every band even when interrupted: the caller reads c next. The interrupt is
        // kept for the trainer's check before the next minibatch.
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (f != null) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("an OpenBLAS band failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each thread's output buffer for {@link #separateBand}. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * {@link #band} into this thread's own buffer, then copied into {@code c}: JavaCPP hands a
     * Java array to native code as a copy of the whole array and writes all of it back after
     * the call, so two bands writing one array at once would undo each other's rows. The copy
     * leaves the bits alone.
     */
    private static void separateBand(boolean transA, boolean transB, int from, int to, int n, int k, float[] a,
                                     int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        int len = (rows - 1) * ldc + n;
        float[] own = SCRATCH.get();
        if (own.length < len) {
            own = new float[len];
            SCRATCH.set(own);
        }
        if (beta != 0f) {
            System.arraycopy(c, from * ldc, own, 0, len);
        }
        // The rows of op(A) from 'from' on, as a product starting at row 0.
        int aOff = transA ? from : from * lda;
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                rows, n, k, 1f, FloatBuffer.wrap(a, aOff, a.length - aOff), lda, FloatBuffer.wrap(b), ldb, beta,
                FloatBuffer.wrap(own, 0, len), ldc);
        System.arraycopy(own, 0, c, from * ldc, len);
    }

    /** Rows {@code [from, to)} of {@link #gemm}'s product, one single-threaded OpenBLAS call. */
    private static void band(boolean transA, boolean transB, int from, int to, int n, int k, float[] a, int lda,
                             float[] b, int ldb, float beta, float[] c, int ldc) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        // Row r of op(A) starts at r * lda in A, or at column r when A is stored transposed.
        int aOff = transA ? from : from * lda;
        int cOff = from * ldc;
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                rows, n, k, 1f, FloatBuffer.wrap(a, aOff, a.length - aOff), lda, FloatBuffer.wrap(b), ldb, beta,
                FloatBuffer.wrap(c, cOff, c.length - cOff), ldc);
    }

    private static ExecutorService pool(int atLeast) {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Blas.class) {
                p = pool;
                if (p == null) {
                    int n = Math.max(1, Math.max(atLeast, Runtime.getRuntime().availableProcessors() - 1));
                    p = Executors.newFixedThreadPool(n, r -> {
                        Thread t = new Thread(r, "lotterylab-blas");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
