package org.lotterylab.study;

import java.util.List;
import java.util.stream.Collectors;
import org.lotterylab.notebook.HtmlDisplayable;

/**
 * Several verdicts shown together, e.g. one per task count: one sentence per line, or one
 * {@code lab-verdict} block each in {@link #html()} (what a notebook cell ending in one shows).
 */
public record Verdicts(List<Verdict> list) implements HtmlDisplayable {
    public Verdicts {
        list = List.copyOf(list);
    }

    /** The given verdicts, in order. */
    public static Verdicts of(Verdict... verdicts) {
        return new Verdicts(List.of(verdicts));
    }

    /** True when every verdict is supported (and there is at least one). */
    public boolean allSupported() {
        return !list.isEmpty() && list.stream().allMatch(Verdict::supported);
    }

    /** The verdicts' {@link Verdict#html()} blocks, in order: one {@code lab-verdict} element each. */
    @Override
    public String html() {
        return list.stream().map(Verdict::html).collect(Collectors.joining("\n"));
    }

    /** One sentence per line. */
    @Override
    public String toString() {
        return list.stream().map(Verdict::toString).collect(Collectors.joining("\n"));
    }
}
