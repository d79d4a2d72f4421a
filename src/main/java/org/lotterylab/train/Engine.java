package org.lotterylab.train;

import java.util.Arrays;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Activation;
import org.lotterylab.model.Mask;
import org.lotterylab.model.Network;

/**
 * Forward and backward passes of one masked network over feature-major column blocks, with
 * every buffer allocated once. The sparsity structure is taken from the network's mask at
 * construction; build a new engine when the mask changes.
 *
 * <p>Only neurons the loss depends on are computed ({@link #liveNeurons}). A hidden neuron with
 * no kept weight into a computed neuron of the next layer cannot change the loss: the products
 * (but OpenBLAS's, which cannot skip rows), the activation, ReLU's backward step and the bias
 * gradients skip its rows, its gradients stay 0 and its activations are left unused. The full
 * computation would give its weights a gradient of exactly 0 too (up to the sign of the zero,
 * which no optimiser step can tell apart), so training is the same bit for bit. IMP disconnects
 * such neurons as it prunes: 17% of the second hidden layer after three levels of the
 * [4,410,410,2] benchmark, whose steps at that level then take 14% less time; 60% of the
 * thesis image net's hidden neurons at level 19 (889 weights), whose epochs then take a third less.
 *
 * <p>Threads: the engine's budget splits the large products into bands (OpenBLAS's fixed column
 * bands, the sparse kernels' row bands of about equal entries, {@link #bands}, or their column
 * tiles), and the input load into blocks of rows. In a net with a large layer the small layers'
 * dense products, the activation, ReLU's backward step and the bias gradients run in parts of
 * rows ({@link #rowParts}), the packed weights' gather in chunks. A net with a large first layer
 * below {@link #PARALLEL_NET_WORK} trains on one thread while the loader thread loads its next
 * block of inputs ({@link #prefetch}). Every output element is
 * computed by one thread in the order it would be on one thread, so results are the same bits
 * on any budget ({@code BlasTest}).
 */
final class Engine {
    /** Layers with at least this many weights count as large for the kernel choice below. */
    static final int LARGE_LAYER = 16_384;

    /**
     * Networks with at most this many inputs recompute the first hidden layer batch-major for its
     * successor's weight gradient ({@link #firstHiddenBatchMajor}); the product grows with the
     * inputs, the transpose it replaces does not.
     */
    static final int INPUT_PRODUCT_MAX = 8;

    /**
     * Whether a layer runs its forward and input-gradient products with the register-blocked
     * dense kernel rather than over its kept weights only. Crossovers measured with fixed-epoch
     * training at uniform random densities (ms/epoch, both kernels, AVX-512): 35% kept for a
     * 410 x 410 layer, 50% for a 40 x 40 one; the dense kernel's lead grows with the layer.
     */
    static boolean denseProduct(int in, int out, int kept) {
        return kept >= (in * out >= LARGE_LAYER ? 0.35 : 0.5) * in * out;
    }

    /**
     * As {@link #denseProduct}, for the weight gradient: crossovers at 15% (410 x 410) and 22%
     * (40 x 40), per-call timings of both kernels at uniform random densities, batch 64, AVX-512.
     * A layer with fewer than 4 outputs (a two-task head) never takes the dense path: it would
     * transpose all {@code in x batch} input activations for a product of at most 3 rows, and
     * the per-weight dot products cost less than that transpose alone (measured on 410 x 2).
     */
    static boolean denseGradient(int in, int out, int kept) {
        return out >= 4 && kept >= (in * out >= LARGE_LAYER ? 0.15 : 0.22) * in * out;
    }

    /**
     * Layers with at least this many weights run their dense products through {@link Blas}
     * (when it is available): the thesis' 1568 x 784 (1.2M) and 784 x 392 (307,328) layers,
     * where OpenBLAS is 1.4-4.3x the SIMD kernel at a batch of 512, but not its 20-output head
     * (SIMD 2.5x faster) nor any toy layer (410 x 410 has 168,100; SIMD 1.2x faster), whose
     * results stay those of the SIMD kernels bit for bit. Measured by {@code BlasBench} (test scope).
     */
    static final int BLAS_LAYER = 1 << 18;

    /**
     * {@link #denseProduct} when the dense product runs through OpenBLAS: from {@code density}
     * kept on ({@link #blasProductDensity}).
     */
    static boolean blasProduct(int in, int out, int kept, Kernels kern) {
        return kept >= blasProductDensity(kern) * in * out;
    }

    /** As {@link #blasProduct}, for the weight gradient ({@link #blasGradientDensity}). */
    static boolean blasGradient(int in, int out, int kept, Kernels kern) {
        return kept >= blasGradientDensity(kern) * in * out;
    }

    /**
     * The density from which a large layer's forward and input-gradient products go through
     * OpenBLAS rather than the sparse kernels of {@code kern}: where the two break even, measured
     * at uniform random densities, batch 512, one core ({@code EngineBench kernels}, test scope),
     * on the 1568 x 784 and 784 x 392 layers. With 256-bit vectors (AVX2), two kinds of machine
     * disagree, because their OpenBLAS speeds do: on one whose OpenBLAS ran at 45 GFLOP/s, forward
     * 50% and 41-50%, input gradient 55% and 50-55%, weight gradient 53% and 57% (before the tiles
     * were line-aligned, {@link Kernels#TILE_SKIP}); on an AMD EPYC Zen 3, OpenBLAS at 60-80
     * GFLOP/s, line-aligned tiles: forward 36% and 42%, input gradient 38% and 45%, weight
     * gradient 30% and 30%. Hence 40% for both ({@link #blasGradientDensity}): the IMP levels at
     * rate 0.3247 lie at 45.6% and 30.8%, and a 45.6% epoch of the thesis' image net took 1.37x
     * the dense epoch on the Zen 3 with the sparse kernels (EngineBench), while the first machine
     * loses at most about 10% on that level with OpenBLAS. With 512-bit vectors (AVX-512, whose
     * OpenBLAS runs at 90 GFLOP/s), on an Ice Lake machine with line-aligned tiles: forward 59%
     * and 50%, input gradient 58% and 50%, weight gradient 19% and 21%; hence 50% and 20%. The
     * SIMD dense kernel's own crossovers above do not apply: OpenBLAS is 1.7-4.3x faster than it
     * at this size. A kernel's choice is fixed, so a run gives the same bits on any thread count
     * and any machine of its kernel; its bits differ from another kernel's anyway.
     */
    static double blasProductDensity(Kernels kern) {
        return avx2(kern) ? 0.4 : 0.5;
    }

    /** As {@link #blasProductDensity}, for the weight gradient. */
    static double blasGradientDensity(Kernels kern) {
        return avx2(kern) ? 0.4 : 0.2;
    }

    private static boolean avx2(Kernels kern) {
        return kern.name().equals("simd-256bit");
    }

    /** Whether a layer of this size runs its dense products through OpenBLAS when it is available. */
    static boolean blasLayer(int in, int out) {
        return (long) in * out >= BLAS_LAYER;
    }

    /**
     * Whether the optimiser updates a layer's kept weights only, through a list of their
     * positions, rather than every weight with the mask's factor: the same bits either way (a
     * pruned weight and its moments stay 0). The dense update streams all of the layer's weights,
     * gradients, moments and mask every step (24 MB for the thesis' 1.5M weights, about 5 ms);
     * the list is faster below about half kept, measured on the thesis' first layer (EngineBench).
     */
    static boolean keptUpdate(int in, int out, int kept) {
        return kept < 0.5 * in * out;
    }

    /**
     * Sparse products of large layers ({@link #blasLayer}) with at least this many multiply-adds
     * are split over the engine's threads: below it the hand-off to another thread (tens of
     * microseconds) costs more than it saves. Smaller layers (every toy layer) stay on the
     * calling thread, as their OpenBLAS-free products always did.
     */
    static final long PARALLEL_WORK = 1 << 21;

    /**
     * A sparse product reads tiled copies of its source ({@link Kernels#spmmTile}) when its list
     * has at least this many entries per source row: the copy costs about one pass over the
     * source, the product a pass per entry of each row. Measured on the 1568 x 784 layer, batch
     * 512, AVX2: at 2% kept (16 entries per input) the product with its copy took 2.15 against
     * 2.86 ms, at 0.4% (3 per input) 0.83 against 0.65.
     */
    static final int TILE_ENTRIES = 8;

    /**
     * A net whose kept weights times the batch come to fewer multiply-adds than this trains on one
     * thread whatever the budget: its products take tens of microseconds, and splitting them and
     * the steps around them costs more than a second core saves. In a 20-level run of the thesis'
     * image net (batch 512) on 2 threads, levels 12-20 (14,300 kept weights and fewer: under 7.4M)
     * took 1.0-1.5x as long as on one, levels 0-11 (from 21,200 weights: 10.8M) 1.1-1.7x less.
     */
    static final long PARALLEL_NET_WORK = 1L << 23;

    /** The engine's thread budget: the caller's, or 1 for a net below {@link #PARALLEL_NET_WORK}. */
    int threads() {
        return threads;
    }

    /**
     * Boundaries {@code 0 = b[0] <= ... <= b[n] = rows.length} of {@code n} bands of the listed
     * {@code rows} of a CSR list holding about the same number of entries, {@code n} = twice the
     * threads when the layer is {@code large} and the product's {@code entries * s} multiply-adds
     * reach {@link #PARALLEL_WORK}, else 1. Every entry must lie in a listed row (the engine lists
     * the computed neurons, and only their entries), so the entries before {@code rows[j]} are
     * {@code ptr[rows[j]]}.
     */
    static int[] bands(int[] ptr, int[] rows, int s, int threads, boolean large) {
        long entries = ptr[ptr.length - 1];
        int lines = rows.length;
        int n = large && threads > 1 && entries * s >= PARALLEL_WORK ? Math.max(1, Math.min(lines, 2 * threads)) : 1;
        int[] b = new int[n + 1];
        int j = 0;
        for (int p = 1; p < n; p++) {
            long target = entries * p / n;
            while (j < lines && ptr[rows[j]] < target) {
                j++;
            }
            b[p] = Math.max(j, b[p - 1]);
        }
        b[n] = lines;
        return b;
    }

    private final Network net;
    private final Heads heads;
    private final Kernels kern;
    private final Activation act;
    private final int[] shape;
    private final int layers;
    final int s;
    /** Per layer, whether its dense products go through {@link Blas}; and on how many threads. */
    private final boolean[] blas;
    private final int threads;

    /**
     * Per layer, the flat positions of its kept weights, ascending, when the optimiser should
     * update those only ({@link #keptUpdate}); else null (the dense SIMD update of every weight).
     */
    final int[][] keptW;
    /**
     * Per layer, whether it trains packed: a layer updated through {@link #keptW} whose forward,
     * input-gradient and weight-gradient products all run over its lists. Its kept weights then
     * live in {@link #wP} in {@link #keptW} order while it trains: the sparse products read them
     * there, the weight gradient lands in {@link #gP} in the same order, and the optimiser
     * updates both arrays front to back with the dense kernel (factor 1 in {@link #onesP}).
     * Each weight's arithmetic is the same as through the lists' positions in the layer, so the
     * bits are too; what goes is the random access into the layer's weights and gradient (4.9 MB
     * each for the thesis' first layer): gathering the kept weights before each product and the
     * update of each kept weight in place took 16% of a 2%-kept epoch of the thesis' image net
     * (JFR, AMD EPYC Zen 3). {@link #storeWeights} copies them back.
     */
    final boolean[] packed;
    /** Whether layers may train packed ({@link #packed}); tests turn it off to compare with the list path. */
    static boolean packing = true;
    /** Per packed layer ({@link #packed}), its kept weights in {@link #keptW} order; else null. */
    private final float[][] wP;
    /** Per packed layer, its weight gradient in {@link #keptW} order; else null. */
    private final float[][] gP;
    /** Per packed layer, one factor 1 per kept weight: the mask of its dense update. */
    private final float[][] onesP;
    /**
     * Per packed layer, each entry's index in {@link #keptW} order, for the by-output list (the
     * identity when every output is computed: then {@link #fDirect} and the forward product reads
     * {@link #wP} itself) and the by-input list.
     */
    private final int[][] fK;
    private final int[][] bK;
    private final boolean[] fDirect;
    /**
     * Per layer, the bands of its sparse forward and weight-gradient products (over the computed
     * neurons {@code live[l + 1]}) and of its input-gradient product (over {@code live[l]}).
     */
    private final int[][] fBands;
    private final int[][] bBands;
    /**
     * Per layer, whether its sparse forward and input-gradient products read a tiled copy of their
     * source ({@link #TILE_ENTRIES}); the copy lands in {@link #tiled}, sized for the largest.
     */
    private final boolean[] fTiled;
    private final boolean[] bTiled;
    private final float[] tiled;
    /**
     * Per layer, its kept weights gathered in the order of the by-output and by-input lists, before
     * each product (see {@link #lists}); a layer with dense products has neither, layer 0 no
     * by-input list (its input gradient is never computed).
     */
    private final float[][] fVal;
    private final float[][] bVal;
    private final int[][] fPtr;
    private final int[][] fIdx;
    private final int[][] fPos;
    private final int[][] bPtr;
    private final int[][] bIdx;
    private final int[][] bPos;
    /** Per neuron layer, the neurons computed, ascending (see the class comment); all for inputs and outputs. */
    private final int[][] live;
    /**
     * Per neuron layer, {@link #live} cut into consecutive parts of whole blocks of 4 rows (the
     * dense kernel's block) for the engine's threads ({@link #rowParts}; one part unless the net
     * has a large layer): the dense products of the small layers, the activation, ReLU's
     * backward step and the bias gradients run part by part.
     */
    private final int[][][] liveParts;
    /** {@code 0 .. s-1}: every row of a batch-major product. */
    private final int[] batchRows;
    private final boolean[] denseGrad;
    private final boolean[] denseProduct;
    /**
     * Per layer, its weight mask as factors 1 and 0 for the dense update, or null where
     * {@link #keptW} lists the kept weights instead (a 1568 x 784 layer's mask is 4.9 MB).
     */
    private final float[][] wMask;
    /** Per layer, its bias mask as factors 1 and 0. */
    final float[][] bMask;

    /** Pre-activations per layer, {@code [out][s]}; with ReLU hidden layers, the output layer's only. */
    private final float[][] z;
    /** Activations per neuron layer ({@code a[0]} = inputs), {@code [width][s]}. */
    private final float[][] a;
    private final float[][] dz;
    private final float[][] abm;
    /**
     * Whether the first hidden layer's batch-major activations come from a second, tiny product
     * ({@link #firstHiddenBatchMajor}) rather than a transpose. Then {@code xbm} holds the inputs
     * batch-major, {@code [s][1 + inputs]} with a leading 1, and {@code w0t} layer 0's bias and
     * transposed weights, {@code [1 + inputs][stride]}.
     */
    private final boolean inputProduct;
    private final float[] xbm;
    private final float[] w0t;
    /** Dense weight gradients with input rows padded to a multiple of the SIMD width. */
    private final float[][] gPad;
    /** Per layer, its weight gradient {@code [out][in]}; null for a packed layer (its gradient is in {@link #gP}). */
    private final float[][] gW;
    final float[][] gB;
    /** Labels per task, {@code [tasks][s]}: the class index of each column (0 in padding). */
    private float[] y;
    /** One softmax head's exponentials {@code exp(z_j - max)} of one column. */
    private final double[] expBuf;
    /** The bias of the gradient products: none. */
    private final float[] zeros;
    private int rows;

    /** An engine whose every output is one binary task's logit. */
    Engine(Network net, int columns, Kernels kern) {
        this(net, columns, kern, Heads.binary(net.width(net.layers())));
    }

    /**
     * An engine whose outputs are laid out as {@code heads} says; its output count must be the
     * network's. Large layers ({@link #blasLayer}) use OpenBLAS for their dense products when it
     * is available, on one thread.
     */
    Engine(Network net, int columns, Kernels kern, Heads heads) {
        this(net, columns, kern, heads, Blas.available() ? BLAS_LAYER : Long.MAX_VALUE, 1);
    }

    /**
     * As {@link #Engine(Network, int, Kernels, Heads)}; layers with at least {@code blasWeights}
     * weights run their dense products through OpenBLAS (which must then be available:
     * {@code Long.MAX_VALUE} for none), on at most {@code threads} threads. The thread count does
     * not change the results' bits.
     */
    Engine(Network net, int columns, Kernels kern, Heads heads, long blasWeights, int threads) {
        boolean anyBlas = false;
        boolean[] blas = new boolean[net.layers()];
        for (int l = 0; l < blas.length; l++) {
            blas[l] = (long) net.width(l) * net.width(l + 1) >= blasWeights;
            anyBlas |= blas[l];
        }
        if (anyBlas && !Blas.available()) {
            throw new IllegalStateException("OpenBLAS is not available (" + Blas.problem() + ")");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.blas = blas;
        if (heads.outputs() != net.width(net.layers())) {
            throw new IllegalArgumentException("the head layout " + heads + " needs " + heads.outputs()
                    + " outputs, the network has " + net.width(net.layers()));
        }
        this.net = net;
        this.heads = heads;
        this.kern = kern;
        this.act = net.activation();
        this.shape = net.shape();
        this.layers = net.layers();
        this.s = Kernels.padded(Math.max(1, columns));
        Mask m = net.mask();
        this.threads = (long) m.keptWeights() * s < PARALLEL_NET_WORK ? 1 : threads;
        live = liveNeurons(m);
        boolean largeNet = false;
        for (int l = 0; l < net.layers(); l++) {
            largeNet |= blasLayer(net.width(l), net.width(l + 1));
        }
        liveParts = new int[live.length][][];
        for (int n = 0; n < live.length; n++) {
            liveParts[n] = rowParts(live[n], largeNet ? threads : 1);
        }
        batchRows = Kernels.firstRows(s);
        fPtr = new int[layers][];
        fIdx = new int[layers][];
        fPos = new int[layers][];
        bPtr = new int[layers][];
        bIdx = new int[layers][];
        bPos = new int[layers][];
        fBands = new int[layers][];
        fVal = new float[layers][];
        bVal = new float[layers][];
        bBands = new int[layers][];
        fTiled = new boolean[layers];
        bTiled = new boolean[layers];
        int tiledSize = 0;
        keptW = new int[layers][];
        packed = new boolean[layers];
        wP = new float[layers][];
        gP = new float[layers][];
        onesP = new float[layers][];
        fK = new int[layers][];
        bK = new int[layers][];
        fDirect = new boolean[layers];
        denseGrad = new boolean[layers];
        denseProduct = new boolean[layers];
        wMask = new float[layers][];
        bMask = new float[layers][];
        z = new float[layers][];
        a = new float[layers + 1][];
        dz = new float[layers][];
        abm = new float[layers][];
        gPad = new float[layers][];
        gW = new float[layers][];
        gB = new float[layers][];
        a[0] = new float[shape[0] * s];
        for (int l = 0; l < layers; l++) {
            int in = shape[l];
            int out = shape[l + 1];
            int kept = m.keptWeights(l);
            denseGrad[l] = blas[l] ? blasGradient(in, out, kept, kern) : denseGradient(in, out, kept);
            denseProduct[l] = blas[l] ? blasProduct(in, out, kept, kern) : denseProduct(in, out, kept);
            // Lists only where a sparse kernel will read them: a 410 x 410 layer's cost 2 ms and 1.3 MB.
            if (!denseProduct[l] || !denseGrad[l]) {
                int[][] rows = lists(m, l, true, live[l + 1]);
                fPtr[l] = rows[0];
                fIdx[l] = rows[1];
                fPos[l] = rows[2];
                fBands[l] = bands(fPtr[l], live[l + 1], s, threads, blasLayer(in, out));
                fVal[l] = new float[fIdx[l].length];
                fTiled[l] = !denseProduct[l] && tiles(fIdx[l].length, in, this.s, kern);
            }
            // By input, for the input gradient, which the first layer has none of: its list, read
            // down the columns of the mask, cost about a cache miss per weight.
            if (!denseProduct[l] && l > 0) {
                int[][] cols = lists(m, l, false, live[l + 1]);
                bPtr[l] = cols[0];
                bIdx[l] = cols[1];
                bPos[l] = cols[2];
                bBands[l] = bands(bPtr[l], live[l], s, threads, blasLayer(in, out));
                bVal[l] = new float[bIdx[l].length];
                bTiled[l] = tiles(bIdx[l].length, out, this.s, kern);
            }
            tiledSize = Math.max(tiledSize, Math.max(fTiled[l] ? in * s : 0, bTiled[l] ? out * s : 0));
            bMask[l] = new float[out];
            if (keptUpdate(in, out, kept)) {
                int[] list = new int[kept];
                int n = 0;
                for (int k = 0; k < in * out; k++) {
                    if (m.weightAt(l, k)) {
                        list[n++] = k;
                    }
                }
                keptW[l] = list;
                packed[l] = packing && !denseProduct[l] && !denseGrad[l];
            } else {
                wMask[l] = new float[in * out];
                for (int k = 0; k < in * out; k++) {
                    wMask[l][k] = m.weightAt(l, k) ? 1f : 0f;
                }
            }
            for (int o = 0; o < out; o++) {
                bMask[l][o] = m.bias(l, o) ? 1f : 0f;
            }
            z[l] = l == layers - 1 || act != Activation.RELU ? new float[out * s] : null;
            a[l + 1] = new float[out * s];
            dz[l] = new float[out * s];
            // OpenBLAS reads the feature-major activations transposed: no batch-major copy.
            abm[l] = denseGrad[l] && !blas[l] ? new float[s * gradStride(in)] : null;
            gPad[l] = denseGrad[l] && !blas[l] && gradStride(in) != in ? new float[out * gradStride(in)] : null;
            gW[l] = packed[l] ? null : new float[in * out];
            gB[l] = new float[out];
            if (packed[l]) {
                wP[l] = new float[kept];
                gP[l] = new float[kept];
                onesP[l] = new float[kept];
                Arrays.fill(onesP[l], 1f);
                fK[l] = ranks(keptW[l], fPos[l], fPtr[l][out]);
                fDirect[l] = fPtr[l][out] == kept;
                bK[l] = bPos[l] == null ? null : ranks(keptW[l], bPos[l], bPtr[l][in]);
            }
        }
        loadWeights();
        tiled = Kernels.tileBuffer(tiledSize);
        y = new float[heads.tasks() * s];
        loadOffsets = new int[s];
        boolean prefetching = threads > 1 && this.threads == 1 && blasLayer(shape[0], shape[1]);
        spareInputs = prefetching ? new float[shape[0] * s] : null;
        spareLabels = prefetching ? new float[y.length] : null;
        spareOffsets = prefetching ? new int[s] : null;
        loadedInputs = !denseProduct[0] && !denseGrad[0] && blasLayer(shape[0], shape[1])
                ? usedInputs(fIdx[0], shape[0]) : Kernels.firstRows(shape[0]);
        int widest = 0;
        for (int t = 0; t < heads.tasks(); t++) {
            widest = Math.max(widest, heads.outputs(t));
        }
        expBuf = new double[widest];
        zeros = new float[Math.max(s, Arrays.stream(shape).max().orElse(0))];
        inputProduct = layers >= 2 && !blas[1] && denseGrad[1] && shape[0] <= INPUT_PRODUCT_MAX;
        xbm = inputProduct ? new float[s * (shape[0] + 1)] : null;
        w0t = inputProduct ? new float[(shape[0] + 1) * gradStride(shape[1])] : null;
    }

    /**
     * Layer {@code l}'s kept weights into the computed outputs {@code liveOut} as CSR lists
     * {@code {ptr, idx, pos}} (see {@link Kernels}): by output row, naming inputs, when
     * {@code byOutput}; otherwise by input column, naming outputs.
     */
    private static int[][] lists(Mask m, int l, boolean byOutput, int[] liveOut) {
        int in = m.shape()[l];
        int out = m.shape()[l + 1];
        int lines = byOutput ? out : in;
        int across = byOutput ? in : out;
        int kept = m.keptWeights(l);
        boolean[] computed = new boolean[out];
        for (int o : liveOut) {
            computed[o] = true;
        }
        int[] ptr = new int[lines + 1];
        int[] idx = new int[kept];
        int[] pos = new int[kept];
        int k = 0;
        for (int r = 0; r < lines; r++) {
            for (int c = 0; c < across; c++) {
                int o = byOutput ? r : c;
                int i = byOutput ? c : r;
                if (computed[o] && m.weight(l, o, i)) {
                    idx[k] = c;
                    pos[k] = o * in + i;
                    k++;
                }
            }
            ptr[r + 1] = k;
        }
        return new int[][] {ptr, idx, pos};
    }

    /**
     * For each of the first {@code n} {@code positions} (each in {@code sorted}), its index in the
     * ascending {@code sorted}; 0 for the rest (a list's room for entries into neurons not computed).
     */
    private static int[] ranks(int[] sorted, int[] positions, int n) {
        int[] r = new int[positions.length];
        for (int k = 0; k < n; k++) {
            r[k] = Arrays.binarySearch(sorted, positions[k]);
        }
        return r;
    }

    /** Copies the network's kept weights into the packed layers' {@link #wP}: after the network's weights changed. */
    void loadWeights() {
        for (int l = 0; l < layers; l++) {
            if (packed[l]) {
                gather(wP[l], keptW[l], net.weights(l));
            }
        }
    }

    /**
     * Copies the packed layers' {@link #wP} into the network's weights: after each update, so that
     * the network is live. A large layer's ({@link #blasLayer}) in chunks on the engine's threads.
     */
    void storeWeights() {
        for (int l = 0; l < layers; l++) {
            if (packed[l]) {
                float[] w = net.weights(l);
                float[] p = wP[l];
                int[] kept = keptW[l];
                Parallel.chunks(blasLayer(shape[l], shape[l + 1]) ? threads : 1, kept.length, (from, to) -> {
                    for (int j = from; j < to; j++) {
                        w[kept[j]] = p[j];
                    }
                });
            }
        }
    }

    /**
     * The weights the optimiser updates for layer {@code l}: a packed layer's {@link #wP}, else the
     * network's own. With {@link #updatedGradient}, {@link #updateList} and {@link #updateMask}
     * it names the whole update, so that the trainer needs no case for packed layers.
     */
    float[] updatedWeights(int l) {
        return packed[l] ? wP[l] : net.weights(l);
    }

    /** The gradient of {@link #updatedWeights}, element for element: {@link #gP} or {@link #gW}. */
    float[] updatedGradient(int l) {
        return packed[l] ? gP[l] : gW[l];
    }

    /**
     * The positions in {@link #updatedWeights} of layer {@code l}'s kept weights when the update
     * should touch those only ({@link #keptW}); null when it runs over every element with the
     * factors of {@link #updateMask} (a packed layer's arrays hold the kept weights only).
     */
    int[] updateList(int l) {
        return packed[l] ? null : keptW[l];
    }

    /** Factors 1 and 0 per element of {@link #updatedWeights} when {@link #updateList} is null; else null. */
    float[] updateMask(int l) {
        return packed[l] ? onesP[l] : wMask[l];
    }

    /**
     * Layer {@code l}'s weight gradient of the last {@link #backward}, {@code [out][in]}: {@link #gW}
     * itself, or a packed layer's {@link #gP} spread into a new array (0 at the pruned weights).
     */
    float[] weightGradient(int l) {
        if (!packed[l]) {
            return gW[l];
        }
        float[] g = new float[shape[l] * shape[l + 1]];
        int[] kept = keptW[l];
        for (int j = 0; j < kept.length; j++) {
            g[kept[j]] = gP[l][j];
        }
        return g;
    }

    /** The distinct inputs a by-output list names, ascending. */
    private static int[] usedInputs(int[] idx, int in) {
        boolean[] used = new boolean[in];
        for (int i : idx) {
            used[i] = true;
        }
        int[] list = new int[in];
        int n = 0;
        for (int i = 0; i < in; i++) {
            if (used[i]) {
                list[n++] = i;
            }
        }
        return Arrays.copyOf(list, n);
    }

    /**
     * Per neuron layer {@code 0 .. layers}, the neurons the loss depends on, ascending: every input
     * and output, and each hidden neuron with a kept weight to such a neuron of the next layer.
     */
    static int[][] liveNeurons(Mask m) {
        int[] shape = m.shape();
        int layers = shape.length - 1;
        int[][] live = new int[layers + 1][];
        live[0] = Kernels.firstRows(shape[0]);
        live[layers] = Kernels.firstRows(shape[layers]);
        for (int n = layers - 1; n >= 1; n--) {
            int[] next = live[n + 1];
            int[] found = new int[shape[n]];
            int count = 0;
            for (int j = 0; j < shape[n]; j++) {
                for (int o : next) {
                    if (m.weight(n, o, j)) {
                        found[count++] = j;
                        break;
                    }
                }
            }
            live[n] = Arrays.copyOf(found, count);
        }
        return live;
    }

    /**
     * Loads rows {@code order[from .. from+n)} of {@code d} into the input and label blocks:
     * from the block {@link #prefetch} loaded, when it named the same rows.
     */
    void load(Dataset d, int[] order, int from, int n) {
        if (n > s) {
            throw new IllegalArgumentException("block of " + n + " rows exceeds engine width " + s);
        }
        if (next != null) {
            Parallel.Started started = next;
            next = null;
            started.await();
            if (new Rows(d, order, from, n).equals(nextRows)) {
                float[] t = a[0];
                a[0] = spareInputs;
                spareInputs = t;
                t = y;
                y = spareLabels;
                spareLabels = t;
                rows = n;
                prefetchedLoads++;
                return;
            }
        }
        rows = n;
        load(d, order, from, n, a[0], y, loadOffsets, threads);
    }

    /**
     * Starts loading the rows {@link #load} will be asked for next into a spare block, on the
     * loader thread while this block trains, when the caller's budget has a thread the net leaves
     * idle: a net below {@link #PARALLEL_NET_WORK} with a large first layer, whose input load
     * took half of an epoch (thesis image net at 0.89% kept: 16 of 34 ms). Else does nothing.
     * The data and order must not change before that load.
     */
    void prefetch(Dataset d, int[] order, int from, int n) {
        if (spareInputs == null || n <= 0 || n > s) {
            return;
        }
        if (next != null) {
            next.await();
        }
        nextRows = new Rows(d, order, from, n);
        float[] inputs = spareInputs;
        float[] labels = spareLabels;
        next = Parallel.start(p -> load(d, order, from, n, inputs, labels, spareOffsets, 1));
    }

    /** Whether {@link #prefetch} loads blocks ahead on this engine's budget. */
    boolean prefetching() {
        return spareInputs != null;
    }

    /** How many blocks {@link #load} took from {@link #prefetch} so far. */
    int prefetchedLoads() {
        return prefetchedLoads;
    }

    private int prefetchedLoads;
    /** The spare input and label blocks of {@link #prefetch}, and its offsets; null when it does nothing. */
    private float[] spareInputs;
    private float[] spareLabels;
    private final int[] spareOffsets;
    /** The load started by {@link #prefetch}, or null, and the rows it loads. */
    private Parallel.Started next;
    private Rows nextRows;

    /** Rows {@code order[from .. from+n)} of {@code data}; equal when the data and order are the same objects. */
    private record Rows(Dataset data, int[] order, int from, int n) {
    }

    /** {@link #load} into the given blocks, on {@code threads} threads. */
    private void load(Dataset d, int[] order, int from, int n, float[] a0, float[] y, int[] offs, int threads) {
        float[] x = d.x();
        float[] yy = d.y();
        int in = shape[0];
        int tasks = heads.tasks();
        Arrays.fill(y, 0f);
        // Rows gathered straight from the data, 16 at a time (Kernels.loadColumns), in bands of
        // 64 rows on the threads. Row by row, each value was a write to another line of a0: 33 of
        // an epoch's 100 ms CPU at 0.4% kept on the thesis shape.
        for (int c = 0; c < n; c++) {
            int r = order == null ? from + c : order[from + c];
            offs[c] = r * in;
            for (int t = 0; t < tasks; t++) {
                y[t * s + c] = yy[r * tasks + t];
            }
        }
        int bands = (n + 63) / 64;
        Parallel.run(blasLayer(shape[0], shape[1]) ? threads : 1, bands, p -> {
            int c0 = p * 64;
            kern.loadColumns(x, offs, c0, Math.min(n, c0 + 64), loadedInputs, a0, s);
        });
        if (n < s) {
            for (int i = 0; i < in; i++) {
                Arrays.fill(a0, i * s + n, i * s + s, 0f);
            }
        }
    }

    /** {@link #load}'s offsets of a block's rows in the data. */
    private final int[] loadOffsets;
    /**
     * The inputs {@link #load} transposes, ascending: all, unless layer 0 is large
     * ({@link #blasLayer}) and runs sparse in both its products, when only inputs with a kept
     * weight to a computed neuron are ever read (IMP prunes whole border pixels of images); the
     * others' rows of the input block stay 0.
     */
    private final int[] loadedInputs;

    /**
     * The forward pass over the loaded block; leaves logits in {@code z[layers-1]}. A hidden ReLU
     * layer's product lands in its activations, rectified in place: its pre-activations are not
     * kept, as the backward pass can read the activations instead (positive exactly where the
     * pre-activations are), and one buffer less per layer stays in cache.
     */
    void forward() {
        for (int l = 0; l < layers; l++) {
            int out = shape[l + 1];
            boolean hidden = l < layers - 1;
            float[] dst = hidden && act == Activation.RELU ? a[l + 1] : z[l];
            if (denseProduct[l] && blas[l]) {
                // Every row, live or not: OpenBLAS cannot skip rows, and unused rows are never read.
                float[] bias = net.biases(l);
                for (int o = 0; o < out; o++) {
                    Arrays.fill(dst, o * s, o * s + s, bias[o]);
                }
                Blas.gemm(false, false, out, s, shape[l], net.weights(l), shape[l], a[l], s, 1f, dst, s, threads);
            } else if (denseProduct[l]) {
                gemm(l + 1, shape[l], net.weights(l), shape[l], 1, net.biases(l), a[l], dst, s);
            } else {
                float[] val = !packed[l] ? gather(fVal[l], fPos[l], net.weights(l))
                        : fDirect[l] ? wP[l] : gather(fVal[l], fK[l], wP[l]);
                spmm(live[l + 1], fBands[l], fPtr[l], fIdx[l], val, net.biases(l), a[l], fTiled[l] ? shape[l] : 0, dst);
            }
            if (hidden) {
                // OpenBLAS wrote every row, the other products the computed ones only.
                if (denseProduct[l] && blas[l]) {
                    float[] to = a[l + 1];
                    Parallel.chunks(threads, out * s, (from, end) -> activate(dst, to, from, end));
                } else {
                    float[] to = a[l + 1];
                    inParts(l + 1, rows -> {
                        for (int r : rows) {
                            activate(dst, to, r * s, r * s + s);
                        }
                    });
                }
            }
        }
    }

    /**
     * Adds this block's per-task loss sums and correct counts to the accumulators and, when
     * {@code scale > 0}, writes the output gradient: {@code scale * (sigmoid(z) - y)} for a binary
     * task's logit, {@code scale * (softmax(z)_j - [j == y])} for a softmax task's logits (0 in
     * padding). A task's loss per row is its cross-entropy, summed over its own logits only.
     *
     * @return the block's summed loss over rows and tasks
     */
    double loss(double[] taskLoss, long[] taskCorrect, double scale) {
        float[] logits = z[layers - 1];
        float[] d = dz[layers - 1];
        double total = 0;
        for (int t = 0; t < heads.tasks(); t++) {
            double sum = 0;
            long correct = 0;
            int yBase = t * s;
            if (heads.softmax(t)) {
                int first = heads.firstOutput(t);
                int classes = heads.classes(t);
                for (int c = 0; c < rows; c++) {
                    double max = Double.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int j = 0; j < classes; j++) {
                        double zv = logits[(first + j) * s + c];
                        if (zv > max) {
                            max = zv;
                            arg = j;
                        }
                    }
                    // Shifted by the largest logit, no exponential overflows and one term is 1.
                    double sumExp = 0;
                    for (int j = 0; j < classes; j++) {
                        expBuf[j] = Math.exp(logits[(first + j) * s + c] - max);
                        sumExp += expBuf[j];
                    }
                    int label = (int) y[yBase + c];
                    sum += max + Math.log(sumExp) - logits[(first + label) * s + c];
                    if (arg == label) {
                        correct++;
                    }
                    if (scale > 0) {
                        for (int j = 0; j < classes; j++) {
                            double p = expBuf[j] / sumExp;
                            d[(first + j) * s + c] = (float) (scale * (j == label ? p - 1 : p));
                        }
                    }
                }
                if (scale > 0) {
                    for (int j = 0; j < classes; j++) {
                        int base = (first + j) * s;
                        Arrays.fill(d, base + rows, base + s, 0f);
                    }
                }
            } else {
                int base = heads.firstOutput(t) * s;
                for (int c = 0; c < rows; c++) {
                    double zv = logits[base + c];
                    double yv = y[yBase + c];
                    // One exponential serves the stable loss and the sigmoid: e = exp(-|z|).
                    double e = Math.exp(-Math.abs(zv));
                    sum += Math.max(zv, 0) - zv * yv + Math.log1p(e);
                    if ((zv > 0) == (yv > 0.5)) {
                        correct++;
                    }
                    if (scale > 0) {
                        double sig = zv >= 0 ? 1 / (1 + e) : e / (1 + e);
                        d[base + c] = (float) (scale * (sig - yv));
                    }
                }
                if (scale > 0) {
                    Arrays.fill(d, base + rows, base + s, 0f);
                }
            }
            if (taskLoss != null) {
                taskLoss[t] += sum;
                taskCorrect[t] += correct;
            }
            total += sum;
        }
        return total;
    }

    /** Backpropagates the output gradient into {@link #gW} ({@link #gP} for a packed layer) and {@link #gB}. */
    void backward() {
        for (int l = layers - 1; l >= 0; l--) {
            int in = shape[l];
            int out = shape[l + 1];
            float[] d = dz[l];
            if (denseGrad[l] && blas[l]) {
                // gW = dz . a^T over the batch; padding columns of dz are 0.
                Blas.gemm(false, true, out, in, s, d, s, a[l], s, 0f, gW[l], in, threads);
            } else if (denseGrad[l]) {
                int ip = gradStride(in);
                if (l == 1 && inputProduct) {
                    firstHiddenBatchMajor(ip);
                } else {
                    transpose(a[l], abm[l], in, ip);
                }
                // The weight gradient dz . a^T, as a product over the batch (see Kernels.gemm).
                if (ip == in) {
                    gemm(l + 1, s, d, s, 1, zeros, abm[l], gW[l], in);
                } else {
                    gemm(l + 1, s, d, s, 1, zeros, abm[l], gPad[l], ip);
                    for (int o = 0; o < out; o++) {
                        System.arraycopy(gPad[l], o * ip, gW[l], o * in, in);
                    }
                }
            } else {
                int[] b = fBands[l];
                int[] ptr = fPtr[l];
                int[] idx = fIdx[l];
                int[] pos = packed[l] ? fK[l] : fPos[l];
                float[] al = a[l];
                float[] g = packed[l] ? gP[l] : gW[l];
                int[] rows = live[l + 1];
                Parallel.run(threads, b.length - 1, p -> kern.gradSparse(rows, b[p], b[p + 1], ptr, idx, pos, d, al, g, s));
            }
            // A neuron the loss does not depend on has an output gradient of +-0 in every column
            // (see the class comment): its bias gradient stays the 0 it was allocated with.
            float[] gb = gB[l];
            inParts(l + 1, rows -> kern.rowSums(rows, d, gb, s));
            if (l > 0) {
                float[] dPrev = dz[l - 1];
                if (denseProduct[l] && blas[l]) {
                    Blas.gemm(true, false, in, s, out, net.weights(l), in, d, s, 0f, dPrev, s, threads);
                } else if (denseProduct[l]) {
                    gemm(l, out, net.weights(l), 1, in, zeros, d, dPrev, s);
                } else {
                    float[] val = packed[l] ? gather(bVal[l], bK[l], wP[l]) : gather(bVal[l], bPos[l], net.weights(l));
                    spmm(live[l], bBands[l], bPtr[l], bIdx[l], val, zeros, d, bTiled[l] ? out : 0, dPrev);
                }
                if (act == Activation.RELU) {
                    float[] al = a[l];
                    inParts(l, rows -> {
                        for (int r : rows) {
                            kern.reluBackward(dPrev, al, r * s, r * s + s);
                        }
                    });
                } else {
                    float[] zPrev = z[l - 1];
                    for (int r : live[l]) {
                        for (int k = r * s; k < r * s + s; k++) {
                            dPrev[k] *= act.derivative(zPrev[k]);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link Kernels#spmmPacked} for the listed {@code rows} (the computed neurons; the other rows
     * of {@code dst} are never written) in the bands {@code b}, on the engine's threads; with
     * {@code tiledRows > 0} (the source's rows), {@link Kernels#spmmTile} over the column tiles
     * instead, each tile's copy made by the thread that computes it (into its own part of
     * {@link #tiled}, which then stays in that core's cache). The same bits either way. The packed
     * weights read in list order: a by-input list's weights lie a row of the weight matrix apart,
     * and reading them there cost 18.6 against 6.8 ms for the input gradient of a 1568 x 784
     * layer at 14% kept, batch 512 (forward 11.4 against 7.4 with the wider tiles of spmmPacked).
     */
    private void spmm(int[] rows, int[] b, int[] ptr, int[] idx, float[] val, float[] bias, float[] src,
                      int tiledRows, float[] dst) {
        if (tiledRows > 0) {
            // The row bands still decide whether the product is worth more than one thread.
            int t = kern.tile();
            Parallel.run(b.length > 2 ? threads : 1, (s + t - 1) / t,
                    q -> kern.spmmTile(q, rows, ptr, idx, val, bias, src, tiled, tiledRows, dst, s));
        } else {
            Parallel.run(threads, b.length - 1,
                    p -> kern.spmmPacked(rows, b[p], b[p + 1], ptr, idx, val, bias, src, dst, s));
        }
    }

    /**
     * {@link Kernels#gemm} over the computed neurons of neuron layer {@code n}, part by part on the
     * engine's threads ({@link #liveParts}) when the product reaches {@link #PARALLEL_WORK}
     * multiply-adds. Each element's sum is the same FMAs in the same order whichever block of
     * rows computes it (see the kernel), so the parts give the single call's bits. On 2 threads
     * the image net's 20-output head otherwise ran on one core while the other waited: 8% of the
     * training thread's profile samples in a 20-level run.
     */
    private void gemm(int n, int inner, float[] w, int rs, int ks, float[] bias, float[] src, float[] dst, int stride) {
        int[][] parts = liveParts[n];
        if (parts.length > 1 && (long) live[n].length * inner * stride >= PARALLEL_WORK) {
            Parallel.run(threads, parts.length, p -> kern.gemm(parts[p], inner, w, rs, ks, bias, src, dst, stride));
        } else {
            kern.gemm(live[n], inner, w, rs, ks, bias, src, dst, stride);
        }
    }

    /**
     * {@code body} of an elementwise step over the computed rows of neuron layer {@code n}, one
     * call per part of {@link #liveParts}: on the engine's threads when the rows hold at least
     * {@code PARALLEL_WORK / 64} elements (as {@link Parallel#chunks}), else on this one.
     */
    private void inParts(int n, java.util.function.Consumer<int[]> body) {
        int[][] parts = liveParts[n];
        Parallel.run((long) live[n].length * s >= PARALLEL_WORK / 64 ? threads : 1, parts.length, p -> body.accept(parts[p]));
    }

    /**
     * {@code rows} cut into at most {@code 4 * threads} consecutive parts of about equal numbers
     * of whole blocks of 4 rows, the last taking the rest; one part on one thread or with fewer
     * than two blocks.
     */
    static int[][] rowParts(int[] rows, int threads) {
        int blocks = rows.length / 4;
        int n = Math.min(blocks, 4 * threads);
        if (threads == 1 || n < 2) {
            return new int[][] {rows};
        }
        int[][] parts = new int[n][];
        for (int p = 0; p < n; p++) {
            int from = 4 * (int) ((long) blocks * p / n);
            int to = p == n - 1 ? rows.length : 4 * (int) ((long) blocks * (p + 1) / n);
            parts[p] = Arrays.copyOfRange(rows, from, to);
        }
        return parts;
    }

    /**
     * Whether a sparse product of {@code entries} over {@code sourceRows} source rows of width
     * {@code s} reads a tiled copy: never when a row holds at most one tile (a toy batch of 64),
     * whose pieces already lie a tile apart.
     */
    static boolean tiles(int entries, int sourceRows, int s, Kernels kern) {
        return kern.tile() > 0 && s >= 2 * kern.tile() && entries >= (long) TILE_ENTRIES * sourceRows;
    }

    /**
     * {@code val[k] = w[pos[k]]} for every list entry; returns {@code val}. In chunks on the
     * engine's threads ({@link Parallel#chunks}): on 2 threads the other core otherwise idles
     * through it.
     */
    private float[] gather(float[] val, int[] pos, float[] w) {
        Parallel.chunks(threads, val.length, (from, to) -> {
            for (int k = from; k < to; k++) {
                val[k] = w[pos[k]];
            }
        });
        return val;
    }

    /**
     * The row stride of the batch-major activations a dense weight gradient reads, which is also
     * that of the gradient it writes: the layer's input count when the product's column tiles
     * fit in it (4 vectors), so the gradient lands in {@link #gW} directly (a padded copy cost
     * 0.25 ms of a 16 ms epoch on a 410-wide layer); padded to a multiple of the SIMD width below.
     */
    static int gradStride(int in) {
        return in >= 4 * Kernels.PAD ? in : Kernels.padded(in);
    }

    /**
     * The first hidden layer's activations batch-major, {@code abm[1] = act(x W0^T + b0)} as
     * {@code [s][stride]}, computed again from the inputs instead of transposing {@code a[1]}:
     * with few inputs the product costs less than the transpose (4 inputs, 410 x 64: 7.5 against
     * 18.5 us per step, measured). The bias enters first, as the weight of a constant-1 input, so
     * each value is the forward pass's FMA chain in the forward pass's order: bit for bit the same
     * (when layer 0 ran sparse, its pruned zeros now join the sum, which can only turn a -0 to +0).
     * Neurons the forward pass skipped get values here, but only for weights that are pruned.
     */
    private void firstHiddenBatchMajor(int stride) {
        int in = shape[0];
        int width = shape[1];
        int k = in + 1;
        float[] a0 = a[0];
        for (int c = 0; c < s; c++) {
            xbm[c * k] = 1f;
            for (int i = 0; i < in; i++) {
                xbm[c * k + 1 + i] = a0[i * s + c];
            }
        }
        float[] w0 = net.weights(0);
        System.arraycopy(net.biases(0), 0, w0t, 0, width);
        for (int o = 0; o < width; o++) {
            for (int i = 0; i < in; i++) {
                w0t[(i + 1) * stride + o] = w0[o * in + i];
            }
        }
        float[] out = abm[1];
        kern.gemm(batchRows, k, xbm, k, 1, zeros, w0t, out, stride);
        activate(out, out, 0, out.length);
    }

    /** {@code to[k] = act(from[k])} for {@code begin <= k < end}; the two may be one array (ReLU in place). */
    private void activate(float[] from, float[] to, int begin, int end) {
        if (act == Activation.RELU) {
            for (int k = begin; k < end; k++) {
                to[k] = Math.max(from[k], 0f);
            }
        } else {
            for (int k = begin; k < end; k++) {
                to[k] = act.apply(from[k]);
            }
        }
    }

    /** Feature-major {@code [width][s]} to batch-major {@code [s][stride]}; padding columns stay 0. */
    private void transpose(float[] fm, float[] bm, int width, int stride) {
        for (int i = 0; i < width; i++) {
            int src = i * s;
            for (int c = 0; c < s; c++) {
                bm[c * stride + i] = fm[src + c];
            }
        }
    }
}
