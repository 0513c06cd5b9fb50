#!/usr/bin/env python3
"""Fit a 1-d function with a small MLP, using L-BFGS or Adam.

The program is ordinary PyTorch code run against pyt (``import pyt as torch``); pass
``--backend torch`` to run it with PyTorch. The target is
``f(x) = sin(3x) + 0.3 x^2`` on ``[-2, 2]`` (``--points`` evenly spaced training points
with Gaussian noise of standard deviation ``--noise``, seeded by ``--seed``). The model is
an MLP ``1 -> hidden -> hidden -> 1`` with tanh activations, trained on the mean squared
error by L-BFGS with a strong-Wolfe line search (``--optimizer lbfgs``, full batch, each
step up to 20 inner iterations) or by Adam (``--optimizer adam``, full batch). It shows a
tqdm bar over the steps, prints the loss as it goes and the fit at the end (a table of x,
f(x) and the prediction, and the error on a fine grid), and saves the model, the optimizer
state and the step count to ``<out>/regression_<backend>_<optimizer>.pt``;
``--resume`` continues from that checkpoint. It exits non-zero if anything fails or the
final mean squared error on the grid is above ``--max-mse``.

Example::

    python examples/regression.py                       # L-BFGS, 30 steps, grid MSE ~2e-6
    python examples/regression.py --optimizer adam --steps 2000 --lr 1e-2
    python examples/regression.py --backend torch       # the same program with PyTorch
"""
from __future__ import annotations

import argparse
import importlib
import math
import os
import sys


def target(x):
    """The function to fit, f(x) = sin(3x) + 0.3 x^2 (numpy or tensor x)."""
    import numpy as np

    return np.sin(3 * x) + 0.3 * x * x


def build_model(nn, hidden: int):
    """MLP ``(N, 1) -> (N, 1)`` with two tanh hidden layers of width ``hidden``."""
    return nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                         nn.Linear(hidden, 1))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Fit f(x) = sin(3x) + 0.3x^2 with an MLP and "
                                            "L-BFGS or Adam, with pyt (or torch).")
    p.add_argument("--backend", choices=["pyt", "torch"], default="pyt",
                   help="framework to run with (default: pyt)")
    p.add_argument("--optimizer", choices=["lbfgs", "adam"], default="lbfgs",
                   help="optimizer (default: lbfgs)")
    p.add_argument("--steps", type=int, default=None,
                   help="optimizer steps (default: 50 for lbfgs, 2000 for adam)")
    p.add_argument("--lr", type=float, default=None,
                   help="learning rate (default: 1.0 for lbfgs, 1e-2 for adam)")
    p.add_argument("--hidden", type=int, default=32, help="hidden width (default: 32)")
    p.add_argument("--points", type=int, default=64, help="training points (default: 64)")
    p.add_argument("--noise", type=float, default=0.0,
                   help="standard deviation of the noise on the targets (default: 0)")
    p.add_argument("--seed", type=int, default=0, help="seed (default: 0)")
    p.add_argument("--out", default="out", help="output directory (default: out/)")
    p.add_argument("--resume", action="store_true",
                   help="continue from the checkpoint in --out up to --steps")
    p.add_argument("--max-mse", type=float, default=math.inf,
                   help="exit with status 1 if the final grid MSE is above this")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = p.parse_args(argv)
    if args.steps is None:
        args.steps = 30 if args.optimizer == "lbfgs" else 2000
    if args.lr is None:
        args.lr = 1.0 if args.optimizer == "lbfgs" else 1e-2
    if args.steps < 1 or args.points < 2 or args.hidden < 1:
        p.error("--steps and --hidden must be at least 1, --points at least 2")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    import numpy as np
    from tqdm import tqdm

    torch = importlib.import_module(args.backend)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    xs = np.linspace(-2, 2, args.points, dtype=np.float32).reshape(-1, 1)
    ys = (target(xs) + args.noise * rng.standard_normal(xs.shape)).astype(np.float32)
    x, y = torch.from_numpy(xs), torch.from_numpy(ys)

    model = build_model(torch.nn, args.hidden)
    if args.optimizer == "lbfgs":
        optimizer = torch.optim.LBFGS(model.parameters(), lr=args.lr, max_iter=20,
                                      history_size=50, line_search_fn="strong_wolfe")
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.MSELoss()

    os.makedirs(args.out, exist_ok=True)
    ckpt = os.path.join(args.out, f"regression_{args.backend}_{args.optimizer}.pt")
    first = 0
    if args.resume:
        if not os.path.exists(ckpt):
            print(f"regression.py: --resume: no checkpoint at {ckpt}", file=sys.stderr)
            return 1
        state = torch.load(ckpt)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        first = state["step"]
        print(f"resumed from {ckpt} after step {first}")

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        return loss

    report_every = max(1, args.steps // 10)
    loss = float("nan")
    with tqdm(range(first, args.steps), desc=f"{args.optimizer}", disable=args.no_progress,
              file=sys.stderr) as bar:
        for step in bar:
            loss = optimizer.step(closure).item()
            bar.set_postfix(loss=f"{loss:.3e}")
            if (step + 1) % report_every == 0 or step + 1 == args.steps:
                print(f"step {step + 1:5d}  training loss {loss:.4e}", flush=True)
            if not math.isfinite(loss):
                print("regression.py: the loss is not finite", file=sys.stderr)
                return 1
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "step": args.steps}, ckpt)

    grid = np.linspace(-2, 2, 401, dtype=np.float32).reshape(-1, 1)
    with torch.no_grad():
        pred = model(torch.from_numpy(grid)).numpy()
    mse = float(np.mean((pred - target(grid)) ** 2))
    print(f"{'x':>7} {'f(x)':>9} {'model':>9}")
    for i in range(0, 401, 50):
        print(f"{grid[i, 0]:7.2f} {target(grid[i, 0]):9.4f} {pred[i, 0]:9.4f}")
    print(f"fit: mean squared error on 401 grid points {mse:.3e}; max abs error "
          f"{float(np.max(np.abs(pred - target(grid)))):.3e}")
    print(f"wrote {ckpt}")
    if mse > args.max_mse:
        print(f"regression.py: grid MSE {mse:.3e} is above --max-mse {args.max_mse}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
