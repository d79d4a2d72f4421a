package org.lotterylab.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggesting the declared name nearest to a misspelt one. */
public final class Names {
    private Names() {
    }

    /**
     * The candidate nearest to {@code wrong} by the optimal-string-alignment distance (insertions,
     * deletions, substitutions and swaps of neighbours each cost 1), ignoring case; empty when even
     * the nearest differs in more than a third of its letters (at least 2 edits allowed). Ties go to
     * the first candidate. For a dotted name the allowance counts the letters of its last part,
     * so {@code model.width} is not taken for {@code model.depth}.
     */
    public static Optional<String> nearest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, (w.length() - w.lastIndexOf('.') - 1) / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** The optimal-string-alignment (restricted Damerau-Levenshtein) distance of two strings. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** {@code "; did you mean X?"} for the nearest candidate, else {@code "; use one of [...]"}. */
    public static String hint(String wrong, Collection<String> candidates) {
        return nearest(wrong, candidates).map(n -> "; did you mean " + n + "?")
                .orElse("; use one of " + candidates);
    }
}
