package org.lotterylab.metrics;

/**
 * Newman's modularity of a node partition of an undirected weighted graph given as an edge
 * list: {@code Q = sum_c [ in_c / m - (deg_c / 2m)^2 ]}, where {@code m} is the total edge
 * weight, {@code in_c} the weight of the edges with both ends in group {@code c} and
 * {@code deg_c} the summed weighted degree of its nodes. This equals
 * {@code (1/2m) sum_ij (A_ij - k_i k_j / 2m) delta(c_i, c_j)} (a test checks it against JGraphT's
 * {@code UndirectedModularityMeasurer}), in O(edges + groups) without building a graph.
 */
final class Modularity {
    private Modularity() {
    }

    /**
     * Q over the edges {@code e} with {@code keep[e]} (all when {@code keep} is null); the
     * nodes are those the kept edges touch.
     *
     * @param group group of each node, in {@code 0..groups-1} for every node a kept edge touches
     * @return Q, or NaN when the kept edges weigh 0 in total (Q is undefined without edges)
     */
    static double of(int[] src, int[] dst, double[] w, boolean[] keep, int[] group, int groups) {
        return of(src, dst, w, keep, 0, w.length, group, groups);
    }

    /**
     * Q over the edges {@code from <= e < to} (with {@code keep[e]} when {@code keep} is not
     * null): the same sums in the same order as {@link #of(int[], int[], double[], boolean[], int[], int)}
     * with a mask of that range, without a pass over the other edges.
     */
    static double of(int[] src, int[] dst, double[] w, boolean[] keep, int from, int to, int[] group, int groups) {
        double m = 0;
        double[] in = new double[groups];
        double[] deg = new double[groups];
        for (int e = from; e < to; e++) {
            if (keep != null && !keep[e]) {
                continue;
            }
            int a = group[src[e]];
            int b = group[dst[e]];
            m += w[e];
            deg[a] += w[e];
            deg[b] += w[e];
            if (a == b) {
                in[a] += w[e];
            }
        }
        if (!(m > 0)) {
            return Double.NaN;
        }
        double q = 0;
        for (int c = 0; c < groups; c++) {
            double d = deg[c] / (2 * m);
            q += in[c] / m - d * d;
        }
        return q;
    }
}
