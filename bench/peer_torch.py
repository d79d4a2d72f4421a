#!/usr/bin/python3
"""LotteryLab's PyTorch peer for `./lab bench`.

The benchmark workload of shared/peers/README.md, written for this project: IMP on
circles+moons (1000 training rows, 1000 validation rows, inputs standardised), an MLP
[4, h, h, 2] with ReLU, Kaiming-normal weights and zero biases, Adam (lr 1e-3),
BCE-with-logits, minibatches of 64 reshuffled every epoch, global magnitude pruning of the
weights at a fixed rate, reset to the initial weights, a FIXED number of epochs per level and
one validation pass per epoch, on one CPU thread. Prints one JSON line with ms_per_epoch.
Run with Debian's interpreter (/usr/bin/python3) and python3-torch, python3-sklearn.
"""
# First: it sets one BLAS thread before numpy and torch load their BLAS.
from peer_lottery import MaskedMlp, blas, prune_global  # isort: skip

import argparse
import json
import time

import numpy as np
import torch
from sklearn.datasets import make_circles, make_moons
from sklearn.preprocessing import StandardScaler


def circles_moons(rows_per_task=2000, noise=0.1, seed=0):
    rng = np.random.RandomState(seed)
    xc, yc = make_circles(rows_per_task, noise=noise, factor=0.35, random_state=rng)
    xm, ym = make_moons(rows_per_task, noise=noise, random_state=rng)
    x = np.hstack([xc, xm]).astype(np.float32)
    y = np.stack([yc, ym], axis=1).astype(np.float32)
    half = rows_per_task // 2
    scaler = StandardScaler().fit(x[:half])
    x = scaler.transform(x).astype(np.float32)
    return (torch.from_numpy(x[:half]), torch.from_numpy(y[:half]),
            torch.from_numpy(x[half:]), torch.from_numpy(y[half:]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=40)
    ap.add_argument("--levels", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--rate", type=float, default=0.32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    lib = blas()
    xtr, ytr, xva, yva = circles_moons(seed=a.seed)
    shape = [4, a.hidden, a.hidden, 2]
    model = MaskedMlp.kaiming(shape, a.seed)
    init = [(l.weight.detach().clone(), l.bias.detach().clone()) for l in model.layers]
    p0 = sum(l.weight.numel() for l in model.layers)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    gen = torch.Generator().manual_seed(a.seed)
    n = xtr.shape[0]
    epochs = 0
    start = time.perf_counter()
    for level in range(a.levels + 1):
        if level > 0:
            model.masks = prune_global(model, int(round(p0 * (1 - a.rate) ** level)))
            with torch.no_grad():
                for layer, (w0, b0), mask in zip(model.layers, init, model.masks):
                    layer.weight.copy_(w0 * mask)
                    layer.bias.copy_(b0)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        for _ in range(a.epochs):
            order = torch.randperm(n, generator=gen)
            for s in range(0, n, a.batch):
                idx = order[s:s + a.batch]
                model.step(opt, loss_fn(model(xtr[idx]), ytr[idx]))
            with torch.no_grad():
                loss_fn(model(xva), yva).item()
            epochs += 1
    seconds = time.perf_counter() - start
    with torch.no_grad():
        acc = ((model(xva) > 0).float() == yva).float().mean().item()
    print(json.dumps({"peer": "pytorch-" + torch.__version__, "blas": lib, "hidden": a.hidden, "levels": a.levels,
                      "epochs": epochs, "seconds": round(seconds, 4),
                      "ms_per_epoch": round(1000 * seconds / epochs, 4), "accuracy": round(acc, 4)}))


if __name__ == "__main__":
    main()
