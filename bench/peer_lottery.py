"""The lottery-ticket pieces both PyTorch peers of `./lab bench` share.

A dense MLP whose masks multiply the gradients before each optimiser step and the weights after
it (so pruned weights stay 0 and cost as much as kept ones), and global magnitude pruning of
the weights across its layers. The peers import it from their own directory, before numpy and
torch: it sets one BLAS thread before they load their BLAS, and blas() checks which one torch
multiplies with.
"""
import os
import sys

# Debian's torch multiplies through the system's libblas.so.3; OpenBLAS there would otherwise
# start a thread per core whatever torch.set_num_threads says.
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"

import torch  # noqa: E402  (after the thread settings)

# Netlib's reference BLAS, Debian's libblas3: what torch gets when no optimised BLAS is installed.
REFERENCE_BLAS = "/blas/libblas.so"


def blas():
    """The BLAS library torch multiplies with in this process (folder and file), after one product.

    Exits with an error naming the fix when it is Netlib's reference BLAS: its sgemm runs at
    about 3.5 GFLOP/s against OpenBLAS's 45-90 on the machines measured, which would make every
    ratio against this peer 10-25x too flattering.
    """
    torch.ones(64, 64) @ torch.ones(64, 64)
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f
                       if any(k in line.lower() for k in ("blas", "mkl_", "libblis"))})
    # Debian's alternatives can pair the reference libblas.so.3 with OpenBLAS's liblapack.so.3:
    # torch's sgemm then comes from the reference, whatever else is loaded.
    if not libs or any(REFERENCE_BLAS in l for l in libs):
        sys.exit("error: PyTorch multiplies with Netlib's reference BLAS (Debian's libblas3: "
                 + ", ".join(libs or ["no BLAS library seen"]) + "), 10-25x slower than an optimised "
                 "one, so the peer's times would not be PyTorch's. Install OpenBLAS: "
                 "apt-get install libopenblas0-pthread (./lab bench does), or select it with "
                 "update-alternatives --config libblas.so.3-x86_64-linux-gnu; then rerun.")
    named = [l for l in libs if os.path.basename(l).startswith("libblas")] or libs
    return os.path.join(*named[0].split("/")[-2:])


class MaskedMlp(torch.nn.Module):
    """Linear layers with ReLU between them and one mask per layer's weights (all ones at first)."""

    def __init__(self, layers):
        super().__init__()
        self.layers = torch.nn.ModuleList(layers)
        self.masks = [torch.ones_like(l.weight) for l in self.layers]

    @staticmethod
    def kaiming(shape, seed):
        """Kaiming-normal weights (ReLU gain) from torch's seed `seed`, zero biases."""
        torch.manual_seed(seed)
        layers = []
        for fan_in, fan_out in zip(shape[:-1], shape[1:]):
            layer = torch.nn.Linear(fan_in, fan_out)
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
            layers.append(layer)
        return MaskedMlp(layers)

    @staticmethod
    def of(weights):
        """The given weights (float32 [out, in] each), zero biases."""
        layers = []
        for w in weights:
            layer = torch.nn.Linear(w.shape[1], w.shape[0])
            with torch.no_grad():
                layer.weight.copy_(w)
                layer.bias.zero_()
            layers.append(layer)
        return MaskedMlp(layers)

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.relu(x)
        return x

    def step(self, opt, loss):
        """One optimiser step on `loss` that leaves pruned weights at 0."""
        opt.zero_grad()
        loss.backward()
        for layer, mask in zip(self.layers, self.masks):
            layer.weight.grad.mul_(mask)
        opt.step()
        with torch.no_grad():
            for layer, mask in zip(self.layers, self.masks):
                layer.weight.mul_(mask)


def prune_global(model, keep):
    """New masks keeping the `keep` largest |w| among the kept weights of every layer."""
    alive = torch.cat([l.weight.detach().abs()[m > 0] for l, m in zip(model.layers, model.masks)])
    drop = alive.numel() - keep
    if drop <= 0:
        return [m.clone() for m in model.masks]
    cut = torch.kthvalue(alive, drop).values
    return [torch.where((l.weight.detach().abs() <= cut) & (m > 0), torch.zeros_like(m), m)
            for l, m in zip(model.layers, model.masks)]
