#!/usr/bin/python3
"""PyTorch's own sparse kernels on the thesis' first layer, as a yardstick for LotteryLab's.

Times, on one thread, the two products a pruned layer's training needs from a sparse weight
matrix W (out x in, uniform random mask at each density) and a dense block of a batch:
the forward product W A (A: in x batch) and the input gradient W^T dZ (dZ: out x batch), with
torch.sparse.mm on W in compressed rows (CSR), against the dense product of the unpruned W.
Prints one JSON line per density with the sparse / dense time ratios, and a table.

Compare with `EngineBench kernels` (test scope), which prints LotteryLab's sparse kernels
against OpenBLAS at the same shape and densities: both sides against a dense sgemm on one
thread of the same machine, measured in the same session. Debian's python3-torch multiplies
dense matrices with the system's BLAS, which must be OpenBLAS (peer_lottery.blas), on one thread.

Run with Debian's interpreter: /usr/bin/python3 bench/peer_torch_sparse.py [--densities ...]
"""
import argparse
import json
import time

from peer_lottery import blas  # first: it sets one BLAS thread before torch loads  # isort: skip

import torch


def least_ms(f, reps=20, rounds=5):
    """The least mean time of `rounds` timings of `reps` calls, after one call: noise only adds time."""
    f()
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(reps):
            f()
        best = min(best, (time.perf_counter() - t) / reps)
    return best * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=int, default=784)
    ap.add_argument("--in", dest="inp", type=int, default=1568)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--densities", default="0.02,0.05,0.1,0.15,0.2,0.3,0.4,0.5")
    a = ap.parse_args()
    torch.set_num_threads(1)
    lib = blas()
    g = torch.Generator().manual_seed(1)
    w = torch.rand(a.out, a.inp, generator=g) - 0.5
    x = torch.rand(a.inp, a.batch, generator=g) - 0.5
    dz = torch.rand(a.out, a.batch, generator=g) - 0.5
    wt = w.t().contiguous()
    dense_fwd = least_ms(lambda: w @ x)
    dense_bwd = least_ms(lambda: wt @ dz)
    print(f"torch {torch.__version__} with {lib}, {a.out} x {a.inp} weights, batch {a.batch}, 1 thread;"
          f" dense: forward {dense_fwd:.2f} ms, input gradient {dense_bwd:.2f} ms")
    print(f"{'density':>8} {'forward':>9} {'input grad':>11}   (torch.sparse.mm on CSR / dense time)")
    for d in (float(s) for s in a.densities.split(",")):
        masked = w * (torch.rand(a.out, a.inp, generator=g) < d)
        csr = masked.to_sparse_csr()
        csr_t = masked.t().contiguous().to_sparse_csr()
        fwd = least_ms(lambda: torch.sparse.mm(csr, x))
        bwd = least_ms(lambda: torch.sparse.mm(csr_t, dz))
        print(f"{100 * d:7.0f}% {fwd / dense_fwd:9.2f} {bwd / dense_bwd:11.2f}")
        print(json.dumps({"peer_sparse_density": d, "forward_ratio": round(fwd / dense_fwd, 4),
                          "input_gradient_ratio": round(bwd / dense_bwd, 4), "dense_forward_ms": round(dense_fwd, 3)}))


if __name__ == "__main__":
    main()
