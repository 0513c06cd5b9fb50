#!/usr/bin/env python3
"""Train a small CNN on scikit-learn's 8x8 handwritten digits.

The program is ordinary PyTorch code run against pyt (``import pyt as torch``); pass
``--backend torch`` to run the very same code with PyTorch for comparison. The data set is
bundled with scikit-learn (1,797 images of 8x8 pixels, 10 classes), so nothing is
downloaded.

The test split (20%, stratified) is seeded by ``--split-seed``; the initial weights,
dropout and shuffling by ``--seed``. Adam's learning rate decays on a cosine over the
epochs (``lr_scheduler.CosineAnnealingLR``, stepped once per epoch). ``--workers N`` feeds
the batches through a DataLoader with N worker processes. After every epoch the whole
training state (model, optimizer, scheduler, epoch, history) is saved to
``<out>/digits_<backend>_checkpoint.pt``; ``--resume`` continues from it. It prints the
training loss and test accuracy of every epoch, writes a plot of both
(``<out>/digits_<backend>.png``) and saves the trained weights with ``save``
(``<out>/digits_<backend>.pt``), then reloads them into a fresh model and checks that the
reloaded model scores the same. It exits non-zero if anything fails, or if the final test
accuracy is below ``--min-accuracy``.

Example::

    python examples/digits.py                    # pyt; defaults: 20 epochs, ~98-99% test accuracy
    python examples/digits.py --backend torch    # the same program with PyTorch
    python examples/digits.py --epochs 30 --resume --workers 2   # 10 more epochs, 2 workers

The functions ``load_data``, ``build_model``, ``make_loader``, ``train_epoch`` and
``evaluate`` take the framework module as their first argument, so that
``benchmarks/bench_train.py`` can time one epoch with both backends.
"""
from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time


def load_backend(name: str):
    """Imports the framework ``name`` ("pyt" or "torch") and its data utilities."""
    torch = importlib.import_module(name)
    importlib.import_module(name + ".utils.data")
    return torch


def load_data(seed: int = 0, test_size: float = 0.2):
    """The digits as numpy arrays, split into a stratified, seeded train and test part.

    Returns:
        ``(x_train, x_test, y_train, y_test)``: images of shape ``(N, 1, 8, 8)``, float32 in
        [0, 1] (pixel values are 0..16), and labels of shape ``(N,)``, int64.
    """
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images.astype(np.float32) / 16.0).reshape(-1, 1, 8, 8)
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, stratify=y, random_state=seed)
    return (np.ascontiguousarray(x_train), np.ascontiguousarray(x_test),
            np.ascontiguousarray(y_train), np.ascontiguousarray(y_test))


def build_model(nn, dropout: float = 0.5):
    """The CNN: two 3x3 convolutions, one 2x2 max pool, a hidden linear layer.

    Input ``(N, 1, 8, 8)``, output logits ``(N, 10)``. ``nn`` is ``pyt.nn`` or
    ``torch.nn``.
    """
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.Conv2d(32, 64, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Dropout(dropout),
        nn.Linear(64 * 4 * 4, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def make_loader(torch, x, y, batch_size: int = 64, seed: int = 0, shuffle: bool = True,
                num_workers: int = 0):
    """A DataLoader over numpy arrays ``x``, ``y``, shuffled by a generator seeded with ``seed``;
    ``num_workers > 0`` collates the batches in that many worker processes."""
    data = torch.utils.data
    dataset = data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    generator = torch.Generator()
    generator.manual_seed(seed)
    return data.DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, generator=generator,
                           num_workers=num_workers, persistent_workers=num_workers > 0)


def cosine_lr(base_lr: float, epoch: int, epochs: int) -> float:
    """Learning rate of ``epoch`` (0-based) on a cosine decay from ``base_lr`` towards 0.

    Source: SGDR, Loshchilov & Hutter 2017 (torch.optim.lr_scheduler.CosineAnnealingLR
    without restarts). Decaying the rate steadies the final epochs' test accuracy.
    """
    return base_lr * 0.5 * (1.0 + math.cos(math.pi * epoch / epochs))


def train_epoch(torch, model, loader, optimizer, loss_fn, progress=None) -> float:
    """Runs one epoch of training; returns the mean loss over the epoch's samples.

    ``progress``, if given, is a tqdm bar advanced by one per batch.
    """
    model.train()
    total, count = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        n = yb.shape[0]
        value = loss.item()
        total += value * n
        count += n
        if progress is not None:
            progress.update(1)
            progress.set_postfix(loss=f"{value:.4f}")
    return total / max(count, 1)


def evaluate(torch, model, x, y) -> float:
    """Accuracy of ``model`` on numpy arrays ``x`` (N, 1, 8, 8) and ``y`` (N,), in [0, 1]."""
    model.eval()
    with torch.no_grad():
        logits = model(torch.from_numpy(x))
        pred = logits.argmax(dim=1)
        correct = (pred == torch.from_numpy(y)).sum().item()
    return correct / len(y)


def save_plot(path: str, losses, accuracies, backend: str) -> None:
    """Writes a PNG with the training loss and the test accuracy per epoch."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(losses) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, losses, marker="o")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss")
    ax_loss.set_yscale("log")
    ax_loss.grid(True, alpha=0.3)
    ax_acc.plot(epochs, [100.0 * a for a in accuracies], marker="o", color="tab:green")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("test accuracy (%)")
    ax_acc.grid(True, alpha=0.3)
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(f"8x8 digits CNN ({backend})")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Train a small CNN on scikit-learn's 8x8 digits with pyt (or torch).")
    p.add_argument("--backend", choices=["pyt", "torch"], default="pyt",
                   help="framework to run with (default: pyt)")
    p.add_argument("--epochs", type=int, default=20, help="training epochs (default: 20)")
    p.add_argument("--batch-size", type=int, default=64, help="batch size (default: 64)")
    p.add_argument("--lr", type=float, default=2e-3,
                   help="initial Adam learning rate, decayed on a cosine (default: 2e-3)")
    p.add_argument("--seed", type=int, default=0,
                   help="seed of the initial weights, dropout and shuffling (default: 0)")
    p.add_argument("--split-seed", type=int, default=1,
                   help="seed of the stratified train/test split (default: 1)")
    p.add_argument("--test-size", type=float, default=0.2,
                   help="held-out fraction, stratified (default: 0.2)")
    p.add_argument("--threads", type=int, default=None,
                   help="compute threads (default: the framework's default)")
    p.add_argument("--out", default="out", help="output directory (default: out/)")
    p.add_argument("--min-accuracy", type=float, default=0.0,
                   help="exit with status 1 if the final test accuracy is below this (0..1)")
    p.add_argument("--workers", type=int, default=0,
                   help="DataLoader worker processes (default: 0, load in the main process)")
    p.add_argument("--resume", action="store_true",
                   help="continue from <out>/digits_<backend>_checkpoint.pt up to --epochs")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = p.parse_args(argv)
    if args.workers < 0:
        p.error(f"--workers must be at least 0, got {args.workers}")
    if args.batch_size < 1:
        p.error(f"--batch-size must be at least 1, got {args.batch_size}")
    if not 0.0 < args.test_size < 1.0:
        p.error(f"--test-size must be between 0 and 1, got {args.test_size}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.epochs < 1:
        print("digits.py: --epochs must be at least 1", file=sys.stderr)
        return 2
    from tqdm import tqdm

    torch = load_backend(args.backend)
    nn = torch.nn
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    x_train, x_test, y_train, y_test = load_data(args.split_seed, args.test_size)
    loader = make_loader(torch, x_train, y_train, args.batch_size, args.seed, num_workers=args.workers)
    model = build_model(nn)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    loss_fn = nn.CrossEntropyLoss()
    print(f"backend {args.backend}, {torch.get_num_threads()} threads, {args.workers} loader "
          f"workers: {len(x_train)} training and {len(x_test)} test images, "
          f"{sum(p.numel() for p in model.parameters())} parameters")

    os.makedirs(args.out, exist_ok=True)
    checkpoint_path = os.path.join(args.out, f"digits_{args.backend}_checkpoint.pt")
    losses, accuracies, first_epoch = [], [], 1
    if args.resume:
        if not os.path.exists(checkpoint_path):
            print(f"digits.py: --resume: no checkpoint at {checkpoint_path}", file=sys.stderr)
            return 1
        ck = torch.load(checkpoint_path)
        model.load_state_dict(ck["model"])
        optimizer.load_state_dict(ck["optimizer"])
        scheduler.load_state_dict(ck["scheduler"])
        # the cosine spans the (possibly longer) new run: restart it from its closed form
        scheduler.T_max = args.epochs
        for group, base_lr in zip(optimizer.param_groups, scheduler.base_lrs):
            group["lr"] = cosine_lr(base_lr, ck["epoch"], args.epochs)
        losses, accuracies = list(ck["losses"]), list(ck["accuracies"])
        first_epoch = ck["epoch"] + 1
        torch.manual_seed(args.seed + ck["epoch"])
        loader.generator.manual_seed(args.seed + ck["epoch"])
        print(f"resumed from {checkpoint_path} after epoch {ck['epoch']}")

    start = time.perf_counter()
    for epoch in range(first_epoch, args.epochs + 1):
        with tqdm(total=len(loader), desc=f"epoch {epoch}/{args.epochs}", leave=False,
                  disable=args.no_progress, file=sys.stderr) as bar:
            loss = train_epoch(torch, model, loader, optimizer, loss_fn, progress=bar)
        scheduler.step()
        acc = evaluate(torch, model, x_test, y_test)
        losses.append(loss)
        accuracies.append(acc)
        print(f"epoch {epoch:3d}  loss {loss:.4f}  test accuracy {100 * acc:.2f}%  "
              f"lr {optimizer.param_groups[0]['lr']:.2e}", flush=True)
        if not math.isfinite(loss):
            print("digits.py: the loss is not finite", file=sys.stderr)
            return 1
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epoch": epoch, "losses": losses,
                    "accuracies": accuracies}, checkpoint_path)
    if not accuracies:
        print(f"digits.py: the checkpoint already covers {args.epochs} epochs", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start
    done = args.epochs - first_epoch + 1
    print(f"trained {done} epoch{'s' if done != 1 else ''} in {elapsed:.1f} s; "
          f"final test accuracy {100 * accuracies[-1]:.2f}%")

    plot_path = os.path.join(args.out, f"digits_{args.backend}.png")
    save_plot(plot_path, losses, accuracies, args.backend)
    model_path = os.path.join(args.out, f"digits_{args.backend}.pt")
    torch.save(model.state_dict(), model_path)

    # Reload the checkpoint into a fresh model: it must score exactly the same.
    reloaded = build_model(nn)
    reloaded.load_state_dict(torch.load(model_path))
    reloaded_acc = evaluate(torch, reloaded, x_test, y_test)
    if reloaded_acc != accuracies[-1]:
        print(f"digits.py: the reloaded model scores {reloaded_acc:.4f}, "
              f"not {accuracies[-1]:.4f}", file=sys.stderr)
        return 1
    print(f"wrote {plot_path} and {model_path}")

    if accuracies[-1] < args.min_accuracy:
        print(f"digits.py: test accuracy {accuracies[-1]:.4f} is below "
              f"--min-accuracy {args.min_accuracy}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
