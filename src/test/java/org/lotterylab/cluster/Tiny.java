package org.lotterylab.cluster;

import org.lotterylab.sweep.Sweep;

/** A 4-run sweep of tiny configs (well under a second per run). */
final class Tiny {
    private Tiny() {
    }

    static final String SWEEP = """
            {"base": {"data": {"tasks": "moons+moons", "rowsPerTask": 200}, "model": {"shape": [4, 6, 6, 2]},
                      "training": {"maxEpochs": 20, "patience": 5}, "pruning": {"target": 20, "levels": 3}},
             "vary": {"model.hidden": [5, 6]}, "seeds": 2}
            """;

    static Sweep sweep() {
        return Sweep.fromJson(SWEEP, "tiny.json");
    }
}
