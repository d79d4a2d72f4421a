package org.lotterylab.train;

import java.util.Arrays;
import java.util.function.IntSupplier;
import org.lotterylab.data.DataSplit;
import org.lotterylab.data.Dataset;
import org.lotterylab.model.Network;
import org.lotterylab.rng.Rng;

/**
 * Trains a masked network in place and evaluates networks on data sets.
 *
 * <p>Each call of {@link #fit} starts a fresh optimiser (step count and moments at 0), as IMP
 * does at every level. Minibatches are drawn from a new permutation of the training rows every
 * epoch; the last batch of an epoch may be smaller. The minimised loss is the mean over the rows
 * of the batch and over the tasks of each task's cross-entropy: binary on one logit for a
 * 2-class task, softmax over its logits for a task with more classes ({@link Heads}). Without a
 * head layout every output is one binary task ({@link Heads#binary}), the layout of the toy tasks.
 *
 * <p>Early stopping (science.md section 3): a validation loss below the best so far becomes
 * the best and resets the counter; a loss above best + delta increments it; training stops when
 * the counter reaches {@code patience}. Without a validation set, training runs
 * {@code maxEpochs}. Deterministic: the same network, data, config and order generator give
 * bit-identical results with the same {@link #kernelName() kernel}.
 *
 * <p>Interrupts: before every minibatch, training checks the thread's interrupt status and, when
 * it is set, stops with a {@link TrainingInterruptedException} (the status stays set).
 *
 * <p>L1 penalty ({@link TrainConfig#l1()} = lambda > 0): the minimised objective becomes the data
 * loss above plus {@code lambda * sum |w|} over every weight (biases are not penalised), so each
 * step adds the subgradient {@code lambda * sign(w)} (0 at w = 0) to every weight's gradient
 * before the update rule sees it, as if the penalty were part of the loss that is
 * backpropagated: with Adam and AdamW it passes through the moments (coupled, unlike AdamW's
 * decoupled decay), with SGD it adds to the L2 term. Pruned weights are 0, so their penalty
 * gradient is 0 and the mask keeps them and their optimiser state at 0. The reported training
 * and validation losses, and early stopping, use the data loss alone, so curves with and
 * without the penalty compare directly. With lambda = 0 the update is the one without a
 * penalty, bit for bit.
 */
public final class Trainer {
    /** Rows per block when evaluating; any value gives the same sums up to float rounding. */
    private static final int EVAL_BLOCK = 256;

    private Trainer() {
    }

    /**
     * The newest version of training's arithmetic. It is raised by every change that alters
     * results, even at rounding level (a kernel's summation order, a threshold choosing between
     * kernels that sum in different orders); changes that keep every weight bit for bit leave it
     * alone. A network's own version is {@link #numerics(int[])}: versions 2 to 5 changed only
     * networks with a layer of at least 2^18 weights (2: their dense products sum through
     * OpenBLAS; 3: those products always split into the same row bands, whatever the thread
     * count, and the dense/sparse crossovers of such networks moved; 4: with 256-bit vectors those
     * crossovers moved again, to 50% and 55%, after the sparse products were tiled; 5: the
     * OpenBLAS products split into column bands instead of row bands; 6: with 512-bit vectors the
     * crossovers moved to 20% and 15%, measured with the tiled sparse products; 7: with 512-bit
     * vectors they moved to 50% and 20%, once the tiles were line-aligned; 8: with 256-bit vectors
     * they moved to 40% and 40%, measured on a second kind of AVX2 machine), so smaller networks
     * still compute version 1. Stored runs record their version with the
     * {@link #kernelName() kernel}: together they say whether a fresh computation would reproduce
     * a stored run exactly. Runs
     * stored before it was recorded count as version 0. {@code NumericsTest} holds the results of
     * the current version and fails when they change.
     */
    public static final int NUMERICS = 8;

    /**
     * The numerics version a network of this shape is trained with: {@link #NUMERICS} when one
     * of its layers has at least 2^18 weights (the layers whose dense products go through
     * OpenBLAS), else 1, since nothing has changed the arithmetic of smaller layers since
     * version 1.
     */
    public static int numerics(int[] shape) {
        for (int l = 0; l + 1 < shape.length; l++) {
            if (Engine.blasLayer(shape[l], shape[l + 1])) {
                return NUMERICS;
            }
        }
        return 1;
    }

    /** Each thread's budget for {@link #setThreads}; unset, every core. */
    private static final ThreadLocal<IntSupplier> THREADS =
            ThreadLocal.withInitial(() -> Runtime.getRuntime()::availableProcessors);

    /**
     * Sets how many threads training and evaluation called from this thread may use inside one
     * step, all in layers of at least 2^18 weights: their products through OpenBLAS (in at most
     * {@code Blas.BANDS} column bands), their sparse products with at least
     * {@code Engine.PARALLEL_WORK} multiply-adds (in row bands), their optimiser update (in
     * chunks), and the loading of inputs into such a first layer (in blocks of rows). A net with
     * such a first layer but too few kept weights to share its products
     * ({@code Engine.PARALLEL_NET_WORK}) trains on the calling thread while a second one loads
     * the next block of inputs. Everything else, and so every smaller network, runs on the calling
     * thread. Unset, a thread may use every core, which suits one run running alone; a parallel sweep gives each
     * of its workers its share ({@code threads / workers}), so that runs never compete for cores.
     * The budget changes the speed only: results are the same bits for every budget.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        THREADS.set(() -> n);
    }

    /**
     * As {@link #setThreads(int)}, with a budget that may change while this thread works: it is
     * read each time a fit or an evaluation starts (so once per IMP level and per evaluation, never
     * within one), and a value below 1 counts as 1. A sweep uses it so that its last runs take
     * the cores the finished ones left.
     */
    public static void setThreads(IntSupplier budget) {
        THREADS.set(java.util.Objects.requireNonNull(budget, "budget"));
    }

    /** This thread's budget now (see {@link #setThreads}), at least 1. */
    public static int threads() {
        return Math.max(1, THREADS.get().getAsInt());
    }

    /** The name of the arithmetic kernel in use, e.g. {@code simd-512bit} or {@code scalar}. */
    public static String kernelName() {
        return Kernels.best().name();
    }

    /** {@link #fit(Network, DataSplit, TrainConfig, Rng, TrainListener)} without a listener. */
    public static TrainResult fit(Network net, DataSplit data, TrainConfig cfg, Rng order) {
        return fit(net, data, cfg, order, new TrainListener() { });
    }

    /**
     * Trains {@code net} in place on {@code data.train()}, early-stopping on
     * {@code data.validation()}, and evaluates it on validation and test.
     *
     * @throws IllegalArgumentException   if the batch size exceeds the training rows (use
     *                                    {@link TrainConfig#FULL_BATCH}) or the data do not fit the net
     * @throws TrainingDivergedException if a loss becomes NaN or infinite
     * @throws TrainingInterruptedException if the thread is interrupted; {@code net} is then
     *                                    partly trained
     */
    public static TrainResult fit(Network net, DataSplit data, TrainConfig cfg, Rng order, TrainListener listener) {
        return fit(net, data, Heads.binary(data.tasks()), cfg, order, listener);
    }

    /**
     * As {@link #fit(Network, DataSplit, TrainConfig, Rng, TrainListener)}, with the outputs laid
     * out as {@code heads} says (e.g. {@link Heads#of(org.lotterylab.data.DataConfig)}).
     *
     * @throws IllegalArgumentException also if the network's outputs do not match {@code heads} or a
     *                                  label is not a class index of its task
     */
    public static TrainResult fit(Network net, DataSplit data, Heads heads, TrainConfig cfg, Rng order,
                                  TrainListener listener) {
        return fit(net, data, heads, cfg, order, listener, Kernels.best());
    }

    static TrainResult fit(Network net, DataSplit data, TrainConfig cfg, Rng order, TrainListener listener,
                           Kernels kern) {
        return fit(net, data, Heads.binary(data.tasks()), cfg, order, listener, kern);
    }

    static TrainResult fit(Network net, DataSplit data, Heads heads, TrainConfig cfg, Rng order,
                           TrainListener listener, Kernels kern) {
        Dataset train = data.train();
        requireFits(net, train, heads);
        heads.check(data.validation());
        heads.check(data.test());
        int n = train.rows();
        int batch = cfg.batchSize() == TrainConfig.FULL_BATCH ? n : cfg.batchSize();
        if (batch > n) {
            throw new IllegalArgumentException("batchSize " + batch + " is larger than the " + n
                    + " training rows; lower it or use TrainConfig.FULL_BATCH");
        }
        Engine eng = engine(net, batch, kern, heads);
        Optimizer opt = cfg.optimizer();
        int layers = net.layers();
        float[][] m1 = new float[layers][];
        float[][] m2 = new float[layers][];
        float[][] mb1 = new float[layers][];
        float[][] mb2 = new float[layers][];
        for (int l = 0; l < layers; l++) {
            // Compact moments, one per kept weight, for layers updated through their kept list.
            int moments = eng.keptW[l] != null ? eng.keptW[l].length : net.weights(l).length;
            m1[l] = new float[moments];
            mb1[l] = new float[net.biases(l).length];
            if (opt != Optimizer.SGD) {
                m2[l] = new float[moments];
                mb2[l] = new float[net.biases(l).length];
            }
        }
        boolean hasVal = data.validation().rows() > 0;
        double[] trainLoss = new double[cfg.maxEpochs()];
        double[] valLoss = new double[cfg.maxEpochs()];
        EarlyStopping stopping = new EarlyStopping(cfg.patience(), cfg.delta());
        int bestEpoch = 0;
        long step = 0;
        Network bestNet = null;
        TrainResult.StopReason reason = TrainResult.StopReason.MAX_EPOCHS;
        int epoch = 0;
        int tasks = train.tasks();
        Evaluation lastVal = null;
        while (epoch < cfg.maxEpochs()) {
            epoch++;
            int[] perm = order.permutation(n);
            double sum = 0;
            for (int from = 0; from < n; from += batch) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new TrainingInterruptedException("training was interrupted in epoch " + epoch
                            + " (after step " + step + ")", epoch);
                }
                int rows = Math.min(batch, n - from);
                eng.load(train, perm, from, rows);
                if (from + batch < n) {
                    eng.prefetch(train, perm, from + batch, Math.min(batch, n - from - batch));
                } else if (hasVal) {
                    eng.prefetch(data.validation(), null, 0, Math.min(eng.s, data.validation().rows()));
                }
                eng.forward();
                double loss = eng.loss(null, null, 1.0 / ((double) rows * tasks));
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("training loss became " + loss + " at epoch " + epoch
                            + " (step " + (step + 1) + "); lower the learning rate or check the data", epoch);
                }
                sum += loss;
                eng.backward();
                step++;
                update(net, eng, cfg, step, m1, m2, mb1, mb2, kern);
                eng.storeWeights();
                listener.onStep(step, net);
            }
            trainLoss[epoch - 1] = sum / ((double) n * tasks);
            lastVal = hasVal ? evaluate(eng, data.validation()) : null;
            double v = hasVal ? lastVal.loss() : Double.NaN;
            valLoss[epoch - 1] = v;
            listener.onEpoch(epoch, trainLoss[epoch - 1], v);
            if (!hasVal) {
                bestEpoch = epoch;
                continue;
            }
            if (!Double.isFinite(v)) {
                throw new TrainingDivergedException("validation loss became " + v + " at epoch " + epoch
                        + "; lower the learning rate or check the data", epoch);
            }
            if (stopping.offer(v)) {
                bestEpoch = epoch;
                if (cfg.restoreBest()) {
                    bestNet = net.copy();
                }
            }
            if (!Double.isNaN(cfg.lossCutoff()) && v < cfg.lossCutoff()) {
                reason = TrainResult.StopReason.LOSS_CUTOFF;
                break;
            }
            if (cfg.earlyStopping() && stopping.exhausted()) {
                reason = TrainResult.StopReason.PATIENCE;
                break;
            }
        }
        boolean restored = false;
        if (bestNet != null && bestEpoch != epoch) {
            net.setParameters(bestNet);
            eng.loadWeights();
            restored = true;
        }
        return new TrainResult(Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(valLoss, epoch), epoch, bestEpoch,
                step, reason, restored,
                // The last epoch's validation pass saw the final weights unless the best were restored.
                lastVal != null && !restored ? lastVal : evaluate(eng, data.validation()), evaluate(eng, data.test()));
    }

    private static void update(Network net, Engine eng, TrainConfig cfg, long t, float[][] m1, float[][] m2,
                               float[][] mb1, float[][] mb2, Kernels kern) {
        if (cfg.l1() > 0) {
            addL1(net, eng, (float) cfg.l1());
        }
        if (cfg.optimizer() == Optimizer.SGD) {
            float lr = (float) cfg.learningRate();
            float mu = (float) cfg.momentum();
            float wd = (float) cfg.weightDecay();
            for (int l = 0; l < net.layers(); l++) {
                int[] kept = eng.updateList(l);
                float[] w = eng.updatedWeights(l);
                float[] g = eng.updatedGradient(l);
                if (kept != null) {
                    float[] buf = m1[l];
                    Parallel.chunks(updateThreads(net, eng, l), kept.length,
                            (from, to) -> Kernels.sgdKept(w, g, buf, kept, from, to, lr, mu, wd));
                } else {
                    kern.sgd(w, g, eng.updateMask(l), m1[l], lr, mu, wd);
                }
                kern.sgd(net.biases(l), eng.gB[l], eng.bMask[l], mb1[l], lr, mu, wd);
            }
            return;
        }
        // Constants of this step, the same for every layer.
        float stepSize = (float) (cfg.learningRate() / (1 - Math.pow(cfg.beta1(), t)));
        float sqrtBc2 = (float) Math.sqrt(1 - Math.pow(cfg.beta2(), t));
        float decay = cfg.optimizer() == Optimizer.ADAMW ? (float) (1 - cfg.learningRate() * cfg.weightDecay()) : 1f;
        float b1 = (float) cfg.beta1();
        float b2 = (float) cfg.beta2();
        // 1 - beta in double, then rounded once: 1 - 0.999f in float is off by 1e-5 relative.
        float c1 = (float) (1 - cfg.beta1());
        float c2 = (float) (1 - cfg.beta2());
        float eps = (float) cfg.epsilon();
        for (int l = 0; l < net.layers(); l++) {
            int[] kept = eng.updateList(l);
            float[] w = eng.updatedWeights(l);
            float[] g = eng.updatedGradient(l);
            float[] m = m1[l];
            float[] v = m2[l];
            if (kept != null) {
                Parallel.chunks(updateThreads(net, eng, l), kept.length, (from, to) -> Kernels.adamKept(w, g, m, v, kept, from, to, stepSize,
                        b1, c1, b2, c2, sqrtBc2, eps, decay));
            } else {
                float[] mask = eng.updateMask(l);
                Parallel.chunks(updateThreads(net, eng, l), w.length, (from, to) -> kern.adam(w, g, mask, m, v, from, to, stepSize, b1, c1, b2,
                        c2, sqrtBc2, eps, decay));
            }
            kern.adam(net.biases(l), eng.gB[l], eng.bMask[l], mb1[l], mb2[l], stepSize, b1, c1, b2, c2, sqrtBc2, eps, decay);
        }
    }

    /** The threads layer {@code l}'s update may use: the engine's for a large layer ({@link Engine#blasLayer}), else 1. */
    private static int updateThreads(Network net, Engine eng, int l) {
        return Engine.blasLayer(net.width(l), net.width(l + 1)) ? eng.threads() : 1;
    }

    /**
     * Adds the L1 subgradient {@code lambda * sign(w)} to each weight gradient of {@code eng}'s
     * last backward pass (a packed layer's in its packed arrays); {@code Math.signum} gives 0 for a
     * weight of 0 (every pruned weight), so those stay 0.
     */
    static void addL1(Network net, Engine eng, float lambda) {
        for (int l = 0; l < net.layers(); l++) {
            float[] w = eng.updatedWeights(l);
            float[] gl = eng.updatedGradient(l);
            for (int k = 0; k < w.length; k++) {
                gl[k] += lambda * Math.signum(w[k]);
            }
        }
    }

    /** Loss and accuracy of {@code net} on {@code d}, per task and overall; every output a binary task's logit. */
    public static Evaluation evaluate(Network net, Dataset d) {
        return evaluate(net, d, Heads.binary(d.tasks()));
    }

    /**
     * Loss and accuracy of {@code net} on {@code d}, per task and overall, with the outputs laid
     * out as {@code heads} says: a binary task's accuracy reads the sign of its logit, a softmax
     * task's the argmax of its logits.
     */
    public static Evaluation evaluate(Network net, Dataset d, Heads heads) {
        requireFits(net, d, heads);
        return evaluate(engine(net, Math.min(EVAL_BLOCK, Math.max(1, d.rows())), Kernels.best(), heads), d);
    }

    /** An engine with this thread's budget; OpenBLAS for large layers when it is available. */
    private static Engine engine(Network net, int columns, Kernels kern, Heads heads) {
        return new Engine(net, columns, kern, heads, Blas.available() ? Engine.BLAS_LAYER : Long.MAX_VALUE, threads());
    }

    private static Evaluation evaluate(Engine eng, Dataset d) {
        int k = d.tasks();
        double[] taskLoss = new double[k];
        double[] taskAcc = new double[k];
        if (d.rows() == 0) {
            Arrays.fill(taskLoss, Double.NaN);
            Arrays.fill(taskAcc, Double.NaN);
            return new Evaluation(Double.NaN, Double.NaN, taskLoss, taskAcc);
        }
        long[] correct = new long[k];
        for (int from = 0; from < d.rows(); from += eng.s) {
            int rows = Math.min(eng.s, d.rows() - from);
            eng.load(d, null, from, rows);
            if (from + rows < d.rows()) {
                eng.prefetch(d, null, from + rows, Math.min(eng.s, d.rows() - from - rows));
            }
            eng.forward();
            eng.loss(taskLoss, correct, 0);
        }
        double loss = 0;
        double acc = 0;
        for (int t = 0; t < k; t++) {
            taskLoss[t] /= d.rows();
            taskAcc[t] = (double) correct[t] / d.rows();
            loss += taskLoss[t] / k;
            acc += taskAcc[t] / k;
        }
        return new Evaluation(loss, acc, taskLoss, taskAcc);
    }

    private static void requireFits(Network net, Dataset d, Heads heads) {
        if (net.width(0) != d.inputs() || net.width(net.layers()) != heads.outputs() || heads.tasks() != d.tasks()) {
            throw new IllegalArgumentException("the network has " + net.width(0) + " inputs and "
                    + net.width(net.layers()) + " outputs, the data " + d.inputs() + " inputs and " + d.tasks()
                    + " tasks, whose heads " + heads + " need " + heads.outputs() + " outputs; set the model shape to ["
                    + d.inputs() + ", ..., " + heads.outputs() + "]");
        }
        heads.check(d);
    }
}
