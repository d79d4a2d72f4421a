package org.lotterylab.train;

/**
 * Loss and accuracy of a network on one data set, per task and overall (the mean over tasks).
 * A task's loss is its mean cross-entropy over the rows: binary on its one logit for a 2-class
 * task, softmax over its logits for a task with more classes ({@link Heads}). Its accuracy is
 * the share of rows whose predicted class matches the label: class 1 when the logit is
 * {@code > 0} for a binary task, the argmax (the first of equal logits) for a softmax task. On
 * an empty data set every value is NaN.
 */
public record Evaluation(double loss, double accuracy, double[] taskLoss, double[] taskAccuracy) {

    public Evaluation {
        taskLoss = taskLoss.clone();
        taskAccuracy = taskAccuracy.clone();
    }

    @Override
    public double[] taskLoss() {
        return taskLoss.clone();
    }

    @Override
    public double[] taskAccuracy() {
        return taskAccuracy.clone();
    }

    public double taskLoss(int t) {
        return taskLoss[t];
    }

    public double taskAccuracy(int t) {
        return taskAccuracy[t];
    }

    /** The lowest accuracy over tasks: a network is only as good as its worst task. */
    public double minTaskAccuracy() {
        double m = Double.POSITIVE_INFINITY;
        for (double a : taskAccuracy) {
            m = Math.min(m, a);
        }
        return taskAccuracy.length == 0 ? Double.NaN : m;
    }
}
