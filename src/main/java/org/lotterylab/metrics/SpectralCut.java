package org.lotterylab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Spectral partition and normalised cut of an undirected weighted graph given as an edge list
 * (Shi and Malik 2000; the procedure of Filan et al. 2021, as scikit-learn's
 * {@code SpectralClustering} does it).
 *
 * <p>Partition into {@code k} parts: the nodes with a positive weighted degree {@code d} are
 * embedded by the eigenvectors {@code v_1..v_k} of {@code D^-1/2 W D^-1/2} with the largest
 * eigenvalues (those of the normalised Laplacian {@code I - D^-1/2 W D^-1/2} with the smallest),
 * each row scaled by {@code d^-1/2} (the random-walk Laplacian's eigenvectors; for the bipartite
 * graphs of an MLP they come from the smaller Gram matrix, see {@link #partition}), then clustered by
 * k-means++ (Commons Math, 10 restarts, the lowest within-cluster variance wins) from a fixed
 * seed. When the embedding has at most {@code k} distinct rows (e.g. a graph of at most
 * {@code k} components) each distinct row is one part, without k-means. Eigenvectors come from
 * EJML's dense symmetric eigen-decomposition (measured faster than Commons Math's on these
 * graphs: see {@code SplitMetricsBench}) when the smaller side of the bipartite graph has fewer
 * than {@link #ITERATIVE_MIN_SIDE} nodes of positive degree, and from the sparse iterative
 * {@link BlockKrylov} solver otherwise (its results agree with the dense ones to the solver's
 * tolerance, not bit for bit; if it does not converge the dense path is taken). Eigenvectors of a
 * repeated eigenvalue (one per component of a split graph) are any basis of its space on either
 * path; the partition does not depend on the choice when the components are the parts.
 * Everything is deterministic for a given input.
 *
 * <p>Normalised cut of a partition: {@code ncut = sum_c cut(c) / vol(c)} over the parts with
 * positive volume, where {@code cut(c)} is the weight of the edges with exactly one end in
 * {@code c} and {@code vol(c)} the summed weighted degree of {@code c}'s nodes; in
 * {@code [0, k]}, 0 when no edge crosses.
 */
final class SpectralCut {
    /** The k-means seed: fixed so that the cut depends on the graph only. */
    static final long KMEANS_SEED = 0x5eed;
    private static final int KMEANS_RESTARTS = 10;
    private static final int KMEANS_ITERATIONS = 300;
    /**
     * Bipartite graphs whose smaller side has at least this many nodes of positive degree take
     * the sparse iterative eigensolver ({@link BlockKrylov}); smaller ones the dense EJML
     * decomposition, exactly as before (the toy nets' 412-node side stays there, so their stored
     * n-cuts are unchanged bit for bit). Measured on random bipartite graphs of sides s x 2.4s
     * (AnalysisProfile crossover): on a par at s = 150, faster above (at 412: 2x at 100% fill,
     * 5-7x at 14% and 2%; at 804: 5x, 12x, 28x).
     */
    static final int ITERATIVE_MIN_SIDE = 500;

    private SpectralCut() {
    }

    /**
     * The spectral partition of the bipartite graph on nodes {@code 0..n-1} into {@code parts}
     * parts. Every edge must join a node of side 0 to one of side 1 (the layers of an MLP
     * alternate sides).
     *
     * <p>Because the graph is bipartite, {@code D^-1/2 W D^-1/2 = [[0, B], [B^T, 0]]} and its
     * eigenvectors with the largest eigenvalues are {@code [u; v]} for the largest singular
     * triplets {@code (sigma, u, v)} of {@code B}: they come from the eigen-decomposition of the
     * smaller of {@code B B^T} and {@code B^T B} (the eigenvalues are {@code sigma^2}), about a
     * sixth of the work of decomposing the whole matrix when both sides are equal; on large graphs
     * only the top {@code parts} are computed, iteratively, without forming the Gram matrix (see
     * the class comment). When a side has fewer than {@code parts} nodes the whole matrix is
     * decomposed instead.
     *
     * @param side 0 or 1 for each node
     * @return the part ({@code 0..parts-1}) of each node, -1 for nodes of weighted degree 0;
     *         null when fewer than {@code parts} nodes have a positive degree
     */
    static int[] partition(int n, int[] src, int[] dst, double[] w, int[] side, int parts) {
        return partition(n, src, dst, w, side, parts, ITERATIVE_MIN_SIDE);
    }

    /** {@link #partition(int, int[], int[], double[], int[], int)} with the iterative solver from {@code iterativeMinSide}. */
    static int[] partition(int n, int[] src, int[] dst, double[] w, int[] side, int parts, int iterativeMinSide) {
        return partition(n, src, dst, w, side, parts, iterativeMinSide, BlockKrylov.RESTARTS);
    }

    /**
     * As {@link #partition(int, int[], int[], double[], int[], int, int)}, the iterative solver
     * giving up after {@code restarts} restarts; the dense path then computes the partition.
     */
    static int[] partition(int n, int[] src, int[] dst, double[] w, int[] side, int parts, int iterativeMinSide,
            int restarts) {
        double[] deg = new double[n];
        for (int e = 0; e < w.length; e++) {
            if (side[src[e]] == side[dst[e]]) {
                throw new IllegalArgumentException("edge " + e + " joins two nodes of side " + side[src[e]]);
            }
            deg[src[e]] += w[e];
            deg[dst[e]] += w[e];
        }
        // Compact indices: all nodes of positive degree, and within each side.
        int[] compact = new int[n];
        int[] within = new int[n];
        int size = 0;
        int[] count = new int[2];
        for (int v = 0; v < n; v++) {
            if (deg[v] > 0) {
                compact[v] = size++;
                within[v] = count[side[v]]++;
            } else {
                compact[v] = -1;
            }
        }
        if (size < parts) {
            return null;
        }
        double[][] embedding = new double[size][];
        if (Math.min(count[0], count[1]) >= Math.max(parts, iterativeMinSide)
                && iterative(n, src, dst, w, side, parts, deg, compact, within, count, embedding, restarts)) {
            // Filled by the sparse solver.
        } else if (Math.min(count[0], count[1]) >= parts) {
            DMatrixRMaj b = new DMatrixRMaj(count[0], count[1]);
            for (int e = 0; e < w.length; e++) {
                int a = side[src[e]] == 0 ? src[e] : dst[e];
                int c = side[src[e]] == 0 ? dst[e] : src[e];
                if (deg[a] > 0 && deg[c] > 0) {
                    b.add(within[a], within[c], w[e] / Math.sqrt(deg[a] * deg[c]));
                }
            }
            boolean rows = count[0] <= count[1];
            DMatrixRMaj gram = new DMatrixRMaj(1, 1);
            if (rows) {
                CommonOps_DDRM.multTransB(b, b, gram);
            } else {
                CommonOps_DDRM.multTransA(b, b, gram);
            }
            double[][] small = new double[gram.numRows][];
            double[] sq = topEigenvectors(gram, parts, small);
            // The other side's halves: B^T u / sigma (or B v / sigma).
            DMatrixRMaj vecs = new DMatrixRMaj(gram.numRows, parts);
            for (int i = 0; i < small.length; i++) {
                for (int k = 0; k < parts; k++) {
                    vecs.set(i, k, small[i][k]);
                }
            }
            DMatrixRMaj other = new DMatrixRMaj(1, 1);
            if (rows) {
                CommonOps_DDRM.multTransA(b, vecs, other);
            } else {
                CommonOps_DDRM.mult(b, vecs, other);
            }
            int smallSide = rows ? 0 : 1;
            for (int v = 0; v < n; v++) {
                if (compact[v] < 0) {
                    continue;
                }
                double[] row = new double[parts];
                for (int k = 0; k < parts; k++) {
                    double sigma = Math.sqrt(Math.max(sq[k], 0));
                    row[k] = side[v] == smallSide ? small[within[v]][k]
                            : sigma > 0 ? other.get(within[v], k) / sigma : 0;
                }
                embedding[compact[v]] = row;
            }
        } else {
            DMatrixRMaj m = new DMatrixRMaj(size, size);
            for (int e = 0; e < w.length; e++) {
                int a = compact[src[e]];
                int c = compact[dst[e]];
                if (a >= 0 && c >= 0) {
                    double x = w[e] / Math.sqrt(deg[src[e]] * deg[dst[e]]);
                    m.add(a, c, x);
                    m.add(c, a, x);
                }
            }
            topEigenvectors(m, parts, embedding);
        }
        // The random-walk Laplacian's eigenvectors: rows scaled by d^-1/2.
        for (int v = 0; v < n; v++) {
            if (compact[v] >= 0) {
                double s = 1 / Math.sqrt(deg[v]);
                double[] row = embedding[compact[v]];
                for (int k = 0; k < parts; k++) {
                    row[k] *= s;
                }
            }
        }
        int[] labels = cluster(embedding, parts);
        int[] out = new int[n];
        for (int v = 0; v < n; v++) {
            out[v] = compact[v] < 0 ? -1 : labels[compact[v]];
        }
        return out;
    }

    /**
     * The bipartite embedding of {@link #partition} from {@link BlockKrylov} (the top
     * {@code parts} eigenvectors of the smaller side's Gram matrix applied through the sparse
     * {@code B}, never formed): fills {@code embedding} (before the {@code d^-1/2} scaling) and
     * returns true, or returns false, touching nothing, when the solver did not converge (the
     * caller then takes the dense path).
     */
    private static boolean iterative(int n, int[] src, int[] dst, double[] w, int[] side, int parts, double[] deg,
            int[] compact, int[] within, int[] count, double[][] embedding, int restarts) {
        int smallSide = count[0] <= count[1] ? 0 : 1;
        int m = 0;
        for (int e = 0; e < w.length; e++) {
            if (deg[src[e]] > 0 && deg[dst[e]] > 0) {
                m++;
            }
        }
        int[] row = new int[m];
        int[] col = new int[m];
        double[] value = new double[m];
        for (int e = 0, f = 0; e < w.length; e++) {
            if (deg[src[e]] > 0 && deg[dst[e]] > 0) {
                boolean srcSmall = side[src[e]] == smallSide;
                row[f] = within[srcSmall ? src[e] : dst[e]];
                col[f] = within[srcSmall ? dst[e] : src[e]];
                value[f] = w[e] / Math.sqrt(deg[src[e]] * deg[dst[e]]);
                f++;
            }
        }
        int rows = count[smallSide];
        int cols = count[1 - smallSide];
        double[][] small = new double[rows][];
        double[] sq = BlockKrylov.top(rows, cols, row, col, value, parts, small, restarts);
        if (sq == null) {
            return false;
        }
        // The other side's halves: B^T u / sigma.
        double[][] other = new double[cols][parts];
        for (int e = 0; e < m; e++) {
            double[] u = small[row[e]];
            double[] o = other[col[e]];
            for (int k = 0; k < parts; k++) {
                o[k] += value[e] * u[k];
            }
        }
        for (int v = 0; v < n; v++) {
            if (compact[v] < 0) {
                continue;
            }
            double[] r = new double[parts];
            for (int k = 0; k < parts; k++) {
                double sigma = Math.sqrt(Math.max(sq[k], 0));
                r[k] = side[v] == smallSide ? small[within[v]][k]
                        : sigma > 0 ? other[within[v]][k] / sigma : 0;
            }
            embedding[compact[v]] = r;
        }
        return true;
    }

    /**
     * The {@code k} eigenvectors of symmetric {@code m} with the largest eigenvalues: fills
     * {@code rows[i]} with the {@code i}-th entries of each, returns the eigenvalues, largest first.
     */
    static double[] topEigenvectors(DMatrixRMaj m, int k, double[][] rows) {
        int size = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("the eigen-decomposition of a " + size + " x " + size
                    + " normalised adjacency matrix did not converge");
        }
        Integer[] order = new Integer[size];
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        // Largest first; ties by index so that the order is deterministic.
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        double[] top = new double[k];
        for (int i = 0; i < size; i++) {
            rows[i] = new double[k];
        }
        for (int c = 0; c < k; c++) {
            top[c] = values[order[c]];
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            for (int i = 0; i < size; i++) {
                rows[i][c] = v.get(i, 0);
            }
        }
        return top;
    }

    private record Point(int index, double[] getPoint) implements Clusterable {
    }

    /** k-means++ labels of the embedding rows (see the class comment). */
    static int[] cluster(double[][] rows, int parts) {
        Map<List<Double>, Integer> distinct = new HashMap<>();
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length && distinct.size() <= parts; i++) {
            List<Double> key = new ArrayList<>(parts);
            for (double x : rows[i]) {
                key.add(x == 0 ? 0.0 : x);
            }
            labels[i] = distinct.computeIfAbsent(key, x -> distinct.size());
        }
        if (distinct.size() <= parts) {
            return labels;
        }
        List<Point> points = new ArrayList<>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            points.add(new Point(i, rows[i]));
        }
        KMeansPlusPlusClusterer<Point> one = new KMeansPlusPlusClusterer<>(parts, KMEANS_ITERATIONS,
                new EuclideanDistance(), new Well19937c(KMEANS_SEED));
        List<CentroidCluster<Point>> clusters = new MultiKMeansPlusPlusClusterer<>(one, KMEANS_RESTARTS).cluster(points);
        for (int c = 0; c < clusters.size(); c++) {
            for (Point p : clusters.get(c).getPoints()) {
                labels[p.index()] = c;
            }
        }
        return labels;
    }

    /**
     * The normalised cut of {@code labels} (part of each node, -1 = in no part) and the share of
     * it each edge layer contributes: {@code [ncut, ncut_0, ..., ncut_{layers-1}]} with
     * {@code ncut_l = sum_c cut_l(c) / vol(c)}, {@code cut_l} counting only layer {@code l}'s
     * edges, so that the layers add up to the total. NaN everywhere when no part has a positive
     * volume.
     */
    static double[] ncut(int n, int[] src, int[] dst, double[] w, int[] edgeLayer, int layers, int[] labels, int parts) {
        double[] vol = new double[parts];
        double[][] cut = new double[layers][parts];
        for (int e = 0; e < w.length; e++) {
            int a = labels[src[e]];
            int b = labels[dst[e]];
            if (a >= 0) {
                vol[a] += w[e];
            }
            if (b >= 0) {
                vol[b] += w[e];
            }
            if (a != b) {
                if (a >= 0) {
                    cut[edgeLayer[e]][a] += w[e];
                }
                if (b >= 0) {
                    cut[edgeLayer[e]][b] += w[e];
                }
            }
        }
        double[] out = new double[layers + 1];
        boolean any = false;
        for (int c = 0; c < parts; c++) {
            if (vol[c] > 0) {
                any = true;
                for (int l = 0; l < layers; l++) {
                    out[l + 1] += cut[l][c] / vol[c];
                }
            }
        }
        if (!any) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        for (int l = 0; l < layers; l++) {
            out[0] += out[l + 1];
        }
        return out;
    }
}
