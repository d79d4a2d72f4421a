"""The lottery-ticket pieces both PyTorch peers of `./lab bench` share.

A dense MLP whose masks multiply the gradients before each optimiser step and the weights after
it (so pruned weights stay 0 and cost as much as kept ones), and global magnitude pruning of
the weights across its layers. The peers import it from their own directory.
"""
import torch


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
