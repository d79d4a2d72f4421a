package org.lotterylab.train;

/**
 * Loss and accuracy of a network on one data set: binary cross-entropy on logits and the
 * share of rows whose logit sign (logit > 0 means class 1) matches the label, per task and
 * overall (the mean over tasks). On an empty data set every value is NaN.
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
