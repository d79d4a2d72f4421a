#!/usr/bin/python3
"""LotteryLab's PyTorch peer for the image workload of `./lab bench`.

The standard lottery-ticket implementation of the thesis' image setting, on the SAME rows as
LotteryLab: the benchmark (org.lotterylab.bench.ImageBench) exports them into --data as .npy
(x_train/x_val/x_test float32 [rows, 1568]; y_train/y_val/y_test float32 [rows, 2], one class
index per task), with LotteryLab's initial weights (w0..w2, float32 [out, in]; biases 0) and,
for --mode densities, its masks (mask_<name>_<l>.npy, bool [out, in]).

Model: dense Linear layers [1568, 784, 392, 20] with ReLU; the mask multiplies the gradients
before each Adam step and the weights after it, so pruned weights stay 0 and cost as much as
kept ones (the cost does not depend on the density). Loss: softmax cross-entropy of each task
on its 10 logits, mean over the two tasks. Adam (lr 1e-3), batches of 512 reshuffled every
epoch (the last one smaller), a FIXED number of epochs and one validation pass per epoch, a
fresh optimiser per fit, one CPU thread.

--mode densities: for each mask, reset to the initial weights, train --epochs epochs; one JSON
line per mask with ms_per_epoch (from the start of the fit to the end of its last validation
pass), cpu_ms_per_epoch (the process' CPU time over the same span: on a machine shared with
other jobs it counts what the work costs, not how long it waited for a core) and the last
validation loss and accuracies per task.
--mode imp: IMP for --levels levels: train, prune globally by magnitude across the layers
(weights only) to round(P0 (1 - rate)^t), reset the kept weights to the initial ones, repeat;
each level ends with a validation and a test pass. One JSON line with the seconds of the run
(wall and CPU). --epochs may list one count per level (0 .. --levels), comma-separated, e.g. the
epochs at which an early-stopped LotteryLab run of the same setting stopped.

Run with Debian's interpreter (/usr/bin/python3) and python3-torch (numpy comes with it).
"""
# First: it sets one BLAS thread before numpy and torch load their BLAS.
from peer_lottery import MaskedMlp, blas, prune_global  # isort: skip

import argparse
import json
import os
import time

import numpy as np
import torch


def load(d, name):
    return torch.from_numpy(np.load(os.path.join(d, name + ".npy")))


def reset(model, weights, masks):
    """The initial weights times the masks, biases 0."""
    with torch.no_grad():
        for layer, w, m in zip(model.layers, weights, masks):
            layer.weight.copy_(w * m)
            layer.bias.zero_()
    model.masks = masks


def task_loss(logits, y, classes):
    """Mean over the tasks of each task's softmax cross-entropy (mean over rows)."""
    total = 0
    first = 0
    for t, c in enumerate(classes):
        total = total + torch.nn.functional.cross_entropy(logits[:, first:first + c], y[:, t])
        first += c
    return total / len(classes)


def evaluate(model, x, y, classes):
    with torch.no_grad():
        logits = model(x)
        loss = task_loss(logits, y, classes).item()
        acc = []
        first = 0
        for t, c in enumerate(classes):
            acc.append((logits[:, first:first + c].argmax(1) == y[:, t]).float().mean().item())
            first += c
    return loss, acc


def fit(model, data, classes, epochs, batch, gen):
    """Trains in place; returns the last validation pass's (loss, accuracies)."""
    xtr, ytr, xva, yva = data
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = xtr.shape[0]
    last = None
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            model.step(opt, task_loss(model(xtr[idx]), ytr[idx], classes))
        last = evaluate(model, xva, yva, classes)
    return last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--mode", choices=["densities", "imp"], required=True)
    ap.add_argument("--masks", default="", help="comma-separated mask names (--mode densities)")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--classes", default="10,10")
    ap.add_argument("--epochs", default="2", help="epochs per fit; with --mode imp, one per level or one for all")
    ap.add_argument("--levels", type=int, default=20)
    ap.add_argument("--rate", type=float, default=0.3247)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    per_level = [int(e) for e in a.epochs.split(",")]
    if len(per_level) not in (1, a.levels + 1) or min(per_level) < 1:
        ap.error("--epochs: one count >= 1, or one per level (%d), got %s" % (a.levels + 1, a.epochs))
    a.epochs = per_level[0]
    per_level = per_level * (a.levels + 1) if len(per_level) == 1 else per_level
    torch.set_num_threads(a.threads)
    lib = blas()
    classes = [int(c) for c in a.classes.split(",")]
    d = a.data
    xtr, xva, xte = load(d, "x_train"), load(d, "x_val"), load(d, "x_test")
    ytr, yva, yte = (load(d, n).long() for n in ("y_train", "y_val", "y_test"))
    data = (xtr, ytr, xva, yva)
    init = [load(d, "w%d" % l) for l in range(a.layers)]
    model = MaskedMlp.of(init)
    gen = torch.Generator().manual_seed(a.seed)
    # Warm-up, untimed: one step, so that the first timed epoch does not pay torch's first
    # allocations (the initial weights are restored before anything is timed).
    task_loss(model(xtr[:a.batch]), ytr[:a.batch], classes).backward()
    peer = "pytorch-" + torch.__version__
    if a.mode == "densities":
        for name in a.masks.split(","):
            masks = [load(d, "mask_%s_%d" % (name, l)).float() for l in range(a.layers)]
            reset(model, init, masks)
            start, cpu = time.perf_counter(), time.process_time()
            loss, acc = fit(model, data, classes, a.epochs, a.batch, gen)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            kept = int(sum(m.sum().item() for m in masks))
            print(json.dumps({"peer": peer, "blas": lib, "mask": name, "weights": kept, "epochs": a.epochs,
                              "ms_per_epoch": round(1000 * seconds / a.epochs, 3),
                              "cpu_ms_per_epoch": round(1000 * cpu / a.epochs, 3),
                              "val_loss": round(loss, 5), "val_acc": [round(x, 5) for x in acc]}), flush=True)
        return
    p0 = sum(w.numel() for w in init)
    reset(model, init, [torch.ones_like(w) for w in init])
    start, cpu = time.perf_counter(), time.process_time()
    shown = start
    for level in range(a.levels + 1):
        if level > 0:
            reset(model, init, prune_global(model, int(round(p0 * (1 - a.rate) ** level))))
        loss, acc = fit(model, data, classes, per_level[level], a.batch, gen)
        evaluate(model, xte, yte, classes)
        # Progress for the caller to show: every fifth level, and any level after half a minute.
        now = time.perf_counter()
        if level % 5 == 0 or now - shown > 30:
            shown = now
            print("  peer run: level %d/%d trained (%d epochs), %.1f s so far" % (level, a.levels, per_level[level],
                                                                            now - start), flush=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    kept = int(sum(m.sum().item() for m in model.masks))
    print(json.dumps({"peer": peer, "blas": lib, "levels": a.levels,
                      "epochs_per_level": a.epochs if len(set(per_level)) == 1 else per_level, "weights": kept,
                      "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "val_loss": round(loss, 5),
                      "val_acc": [round(x, 5) for x in acc]}), flush=True)


if __name__ == "__main__":
    main()
