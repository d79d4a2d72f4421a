package org.lotterylab.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.lotterylab.rng.Rng;

/**
 * The sparse block-Krylov path of {@link SpectralCut} against the dense EJML path it replaces on
 * large graphs: eigenpairs of the normalised Gram matrix, partitions and n-cuts, on random,
 * multi-component and planted-partition bipartite graphs.
 */
class BlockKrylovTest {

    /** A bipartite graph: nodes 0..a-1 on side 0, a..a+c-1 on side 1. */
    record Graph(int a, int c, int[] src, int[] dst, double[] w, int[] group) {
        int n() {
            return a + c;
        }

        int[] side() {
            int[] s = new int[a + c];
            for (int v = a; v < a + c; v++) {
                s[v] = 1;
            }
            return s;
        }
    }

    /**
     * Random bipartite graph whose nodes fall into {@code groups} groups (node v in group
     * v mod groups on each side); an edge within a group with probability {@code pIn}, across
     * with {@code pOut}, weight uniform in [0.1, 1).
     */
    static Graph graph(int a, int c, int groups, double pIn, double pOut, long seed) {
        Rng rng = new Rng(seed);
        List<int[]> edges = new ArrayList<>();
        List<Double> ws = new ArrayList<>();
        int[] group = new int[a + c];
        for (int v = 0; v < a + c; v++) {
            group[v] = (v < a ? v : v - a) % groups;
        }
        for (int i = 0; i < a; i++) {
            for (int j = a; j < a + c; j++) {
                if (rng.nextDouble() < (group[i] == group[j] ? pIn : pOut)) {
                    edges.add(new int[] {i, j});
                    ws.add(rng.uniform(0.1, 1));
                }
            }
        }
        int[] src = new int[edges.size()];
        int[] dst = new int[edges.size()];
        double[] w = new double[edges.size()];
        for (int e = 0; e < w.length; e++) {
            // Both orientations occur in the metrics' graphs (the layers alternate sides).
            boolean flip = (e & 1) == 1;
            src[e] = edges.get(e)[flip ? 1 : 0];
            dst[e] = edges.get(e)[flip ? 0 : 1];
            w[e] = ws.get(e);
        }
        return new Graph(a, c, src, dst, w, group);
    }

    /** {@code B = D^-1/2 W D^-1/2} restricted to rows of side 0 and columns of side 1, as entries. */
    static double[][] normalised(Graph g) {
        double[] deg = new double[g.n()];
        for (int e = 0; e < g.w().length; e++) {
            deg[g.src()[e]] += g.w()[e];
            deg[g.dst()[e]] += g.w()[e];
        }
        double[][] b = new double[g.a()][g.c()];
        for (int e = 0; e < g.w().length; e++) {
            int i = Math.min(g.src()[e], g.dst()[e]);
            int j = Math.max(g.src()[e], g.dst()[e]);
            b[i][j - g.a()] += g.w()[e] / Math.sqrt(deg[i] * deg[j]);
        }
        return b;
    }

    /** BlockKrylov's top k of B B^T (every node must have a positive degree). */
    static double[] iterative(double[][] b, int k, double[][] vecs) {
        List<int[]> pos = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            for (int j = 0; j < b[i].length; j++) {
                if (b[i][j] != 0) {
                    pos.add(new int[] {i, j});
                    vals.add(b[i][j]);
                }
            }
        }
        int[] row = new int[pos.size()];
        int[] col = new int[pos.size()];
        double[] value = new double[pos.size()];
        for (int e = 0; e < value.length; e++) {
            row[e] = pos.get(e)[0];
            col[e] = pos.get(e)[1];
            value[e] = vals.get(e);
        }
        return BlockKrylov.top(b.length, b[0].length, row, col, value, k, vecs);
    }

    /** The dense reference: EJML on the formed Gram matrix (SpectralCut's dense path). */
    static double[] dense(double[][] b, int k, double[][] vecs) {
        DMatrixRMaj m = new DMatrixRMaj(b);
        DMatrixRMaj gram = new DMatrixRMaj(1, 1);
        CommonOps_DDRM.multTransB(m, m, gram);
        return SpectralCut.topEigenvectors(gram, k, vecs);
    }

    /** Frobenius norm of {@code U U^T - V V^T} (rows = entries, columns = vectors). */
    static double projectorDistance(double[][] u, double[][] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < u.length; j++) {
                double d = 0;
                for (int c = 0; c < u[i].length; c++) {
                    d += u[i][c] * u[j][c] - v[i][c] * v[j][c];
                }
                s += d * d;
            }
        }
        return Math.sqrt(s);
    }

    /** Asserts that two labellings are equal up to a renaming of the parts, returns it. */
    static void assertSamePartition(int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length);
        java.util.Map<Integer, Integer> map = new java.util.HashMap<>();
        java.util.Map<Integer, Integer> back = new java.util.HashMap<>();
        for (int v = 0; v < expected.length; v++) {
            Integer was = map.putIfAbsent(expected[v], actual[v]);
            Integer wasBack = back.putIfAbsent(actual[v], expected[v]);
            assertTrue((was == null || was == actual[v]) && (wasBack == null || wasBack == expected[v]),
                    "node " + v + ": part " + actual[v] + " where the reference has " + expected[v]);
        }
    }

    static double ncut(Graph g, int[] labels, int parts) {
        return SpectralCut.ncut(g.n(), g.src(), g.dst(), g.w(), new int[g.w().length], 1, labels, parts)[0];
    }

    @Test
    void eigenpairsMatchTheDenseDecompositionOnRandomGraphs() {
        // Fill 0.2: B in compressed rows; 0.6: stored densely.
        for (long seed = 1; seed <= 4; seed++) {
            Graph g = graph(150, 260, 1, seed <= 2 ? 0.2 : 0.6, 0, seed);
            double[][] b = normalised(g);
            for (int k : new int[] {2, 3}) {
                double[][] d = new double[150][];
                double[][] it = new double[150][];
                double[] dv = dense(b, k, d);
                double[] iv = iterative(b, k, it);
                assertNotNull(iv, "converged");
                assertArrayEquals(dv, iv, 1e-8);
                assertEquals(1.0, iv[0], 1e-10, "the trivial eigenvalue of a connected graph");
                assertTrue(projectorDistance(d, it) < 1e-6, "subspace distance " + projectorDistance(d, it));
            }
        }
    }

    @Test
    void repeatedEigenvalueOfSeveralComponentsIsFoundAsAWhole() {
        for (int comps : new int[] {2, 3}) {
            Graph g = graph(120, 200, comps, 0.25, 0, 10 + comps);
            double[][] b = normalised(g);
            // The eigenspace of 1: per component, sqrt of the row sums of B's weights, i.e. the
            // sqrt of the degrees of side 0's nodes, normalised within the component.
            double[] deg = new double[g.n()];
            for (int e = 0; e < g.w().length; e++) {
                deg[g.src()[e]] += g.w()[e];
                deg[g.dst()[e]] += g.w()[e];
            }
            double[][] exact = new double[120][comps];
            double[] norm = new double[comps];
            for (int i = 0; i < 120; i++) {
                norm[g.group()[i]] += deg[i];
            }
            for (int i = 0; i < 120; i++) {
                exact[i][g.group()[i]] = Math.sqrt(deg[i] / norm[g.group()[i]]);
            }
            double[][] it = new double[120][];
            double[] values = iterative(b, comps, it);
            assertNotNull(values);
            for (double x : values) {
                assertEquals(1.0, x, 1e-10);
            }
            assertTrue(projectorDistance(exact, it) < 1e-6, "distance " + projectorDistance(exact, it));
            // Fewer vectors than components: any two of the 1-eigenspace, all inside it.
            double[][] two = new double[120][];
            double[] top2 = iterative(b, 2, two);
            assertEquals(1.0, top2[0], 1e-10);
            assertEquals(1.0, top2[1], 1e-10);
            // And the partition into as many parts as components is the components, n-cut 0.
            int[] labels = SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), comps, 1);
            assertSamePartition(g.group(), labels);
            assertEquals(0.0, ncut(g, labels, comps));
            assertSamePartition(SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), comps, Integer.MAX_VALUE),
                    labels);
        }
    }

    @Test
    void partitionAndNcutMatchTheDensePathAndFindAPlantedPartition() {
        // Side 0 larger than side 1 too, so that both Gram orientations are exercised.
        int[][] sizes = {{150, 260}, {300, 140}};
        for (int[] s : sizes) {
            Graph planted = graph(s[0], s[1], 2, 0.3, 0.02, 21);
            int[] it = SpectralCut.partition(planted.n(), planted.src(), planted.dst(), planted.w(), planted.side(), 2, 1);
            int[] dn = SpectralCut.partition(planted.n(), planted.src(), planted.dst(), planted.w(), planted.side(), 2,
                    Integer.MAX_VALUE);
            assertSamePartition(planted.group(), it);
            assertSamePartition(dn, it);
            assertEquals(ncut(planted, dn, 2), ncut(planted, it, 2), 1e-12);
            for (long seed = 1; seed <= 3; seed++) {
                Graph g = graph(s[0], s[1], 1, 0.15, 0, 30 + seed);
                int[] i3 = SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), 3, 1);
                int[] d3 = SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), 3, Integer.MAX_VALUE);
                assertSamePartition(d3, i3);
                assertEquals(ncut(g, d3, 3), ncut(g, i3, 3), 1e-12);
            }
        }
    }

    @Test
    void withoutConvergenceThePartitionComesFromTheDensePath() {
        Graph g = graph(300, 140, 2, 0.3, 0.05, 23);
        int[] dense = SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), 2, Integer.MAX_VALUE);
        // No restart allowed: the solver reports no convergence and the dense path takes over,
        // label for label (the iterative result may swap the two labels).
        assertArrayEquals(dense, SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), 2, 1, 0));
        assertSamePartition(dense, SpectralCut.partition(g.n(), g.src(), g.dst(), g.w(), g.side(), 2, 1));
    }

    @Test
    void deterministicForAGivenGraph() {
        double[][] b = normalised(graph(100, 180, 1, 0.2, 0, 5));
        double[][] u = new double[100][];
        double[][] v = new double[100][];
        assertArrayEquals(iterative(b, 2, u), iterative(b, 2, v));
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(u[i], v[i]);
        }
    }

    @Test
    void toyNetsStayOnTheDensePath() {
        // [4, 410, 410, 2]: the smaller side has 412 nodes; its stored n-cuts come from EJML.
        assertTrue(SpectralCut.ITERATIVE_MIN_SIDE > 412);
    }
}
