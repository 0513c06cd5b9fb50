#!/usr/bin/env python3
"""A character-level LSTM language model, trained on a text file.

The program is ordinary PyTorch code run against pyt (``import pyt as torch``); pass
``--backend torch`` to run it with PyTorch. The text (default:
``examples/data/tinyshakespeare.txt``, optionally cut to ``--max-chars``) is split 90/10
into training and validation text. The model embeds each character (``nn.Embedding``),
runs an ``nn.LSTM`` over the sequence and predicts the next character with an
``nn.Linear`` head; it is trained with Adam on the cross-entropy of every position of random
windows of ``--seq-len`` characters (a ``DataLoader`` over a ``Dataset`` of windows,
shuffled by a seeded generator), with the gradient norm clipped to ``--clip``. After every
epoch it prints the training loss and the validation perplexity (``exp`` of the mean
validation cross-entropy), samples ``--sample-chars`` characters from the model (numpy
sampling at ``--temperature``, seeded) and saves a checkpoint (model, optimizer, epoch,
vocabulary, history) to ``<out>/char_lm_<backend>.pt``; ``--resume`` continues from it up to
``--epochs``. It exits non-zero if anything fails or the final validation perplexity is above
``--max-perplexity``.

Example::

    python examples/char_lm.py --epochs 5                  # a few minutes on 2 cores
    python examples/char_lm.py --epochs 8 --resume         # three more epochs
    python examples/char_lm.py --backend torch --epochs 5  # the same program with PyTorch
"""
from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TEXT = os.path.join(HERE, "data", "tinyshakespeare.txt")


def load_text(path: str, max_chars: int | None):
    """The text, its vocabulary (sorted distinct characters) and its codes (int64 array)."""
    import numpy as np

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    if max_chars:
        text = text[:max_chars]
    vocab = "".join(sorted(set(text)))
    index = {c: i for i, c in enumerate(vocab)}
    codes = np.fromiter((index[c] for c in text), dtype=np.int64, count=len(text))
    return text, vocab, codes


def make_dataset(torch, codes, seq_len: int):
    """A map-style Dataset of non-overlapping windows: item i is ``(x, y)``, two int64
    tensors of shape ``(seq_len,)`` where ``y`` is ``x`` shifted by one character."""

    class Windows(torch.utils.data.Dataset):
        def __init__(self):
            self.data = torch.from_numpy(codes)
            self.n = (len(codes) - 1) // seq_len

        def __len__(self):
            return self.n

        def __getitem__(self, i):
            if not 0 <= i < self.n:
                raise IndexError(f"window {i} out of range for {self.n} windows")
            start = i * seq_len
            return self.data[start:start + seq_len], self.data[start + 1:start + seq_len + 1]

    return Windows()


def build_model(torch, vocab_size: int, embed: int, hidden: int, layers: int, dropout: float):
    """Embedding -> LSTM -> Linear: ``(N, T)`` int64 codes to ``(N, T, vocab_size)`` logits."""
    nn = torch.nn

    class CharLM(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab_size, embed)
            self.lstm = nn.LSTM(embed, hidden, num_layers=layers, batch_first=True,
                                dropout=dropout if layers > 1 else 0.0)
            self.head = nn.Linear(hidden, vocab_size)

        def forward(self, x, state=None):
            out, state = self.lstm(self.embed(x), state)
            return self.head(out), state

    return CharLM()


def clip_grad_norm(torch, params, max_norm: float) -> float:
    """Scales the gradients so that their global 2-norm is at most ``max_norm`` (as
    ``nn.utils.clip_grad_norm_``); returns the norm before clipping."""
    grads = [p.grad for p in params if p.grad is not None]
    total = math.sqrt(sum(float((g * g).sum()) for g in grads))
    if total > max_norm:
        scale = max_norm / (total + 1e-6)
        with torch.no_grad():
            for g in grads:
                g.mul_(scale)
    return total


def evaluate(torch, model, codes, seq_len: int, batch_size: int) -> float:
    """Mean next-character cross-entropy of ``model`` over ``codes`` (non-overlapping windows)."""
    import numpy as np

    model.eval()
    n = (len(codes) - 1) // seq_len
    if n == 0:
        return float("nan")
    x = codes[: n * seq_len].reshape(n, seq_len)
    y = codes[1: n * seq_len + 1].reshape(n, seq_len)
    total = 0.0
    with torch.no_grad():
        for i in range(0, n, batch_size):
            xb, yb = torch.from_numpy(np.ascontiguousarray(x[i:i + batch_size])), \
                torch.from_numpy(np.ascontiguousarray(y[i:i + batch_size]))
            logits, _ = model(xb)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), yb.reshape(-1), reduction="sum")
            total += loss.item()
    return total / (n * seq_len)


def sample(torch, model, vocab: str, prompt: str, length: int, temperature: float, seed: int):
    """``prompt`` followed by ``length`` characters drawn from the model one at a time."""
    import numpy as np

    rng = np.random.default_rng(seed)
    index = {c: i for i, c in enumerate(vocab)}
    codes = [index.get(c, 0) for c in prompt] or [0]
    model.eval()
    out = []
    with torch.no_grad():
        logits, state = model(torch.tensor([codes], dtype=torch.int64))
        for _ in range(length):
            last = logits[0, -1].numpy().astype(np.float64) / temperature
            p = np.exp(last - last.max())
            c = int(rng.choice(len(vocab), p=p / p.sum()))
            out.append(vocab[c])
            logits, state = model(torch.tensor([[c]], dtype=torch.int64), state)
    return prompt + "".join(out)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train a character-level LSTM language model "
                                            "with pyt (or torch).")
    p.add_argument("--backend", choices=["pyt", "torch"], default="pyt",
                   help="framework to run with (default: pyt)")
    p.add_argument("--text", default=DEFAULT_TEXT, help="training text (default: tinyshakespeare)")
    p.add_argument("--max-chars", type=int, default=None,
                   help="use only the first N characters of the text")
    p.add_argument("--epochs", type=int, default=5, help="epochs (default: 5)")
    p.add_argument("--batches-per-epoch", type=int, default=200,
                   help="training batches per epoch, 0 for a full pass (default: 200)")
    p.add_argument("--batch-size", type=int, default=32, help="batch size (default: 32)")
    p.add_argument("--seq-len", type=int, default=64, help="window length (default: 64)")
    p.add_argument("--embed", type=int, default=32, help="embedding size (default: 32)")
    p.add_argument("--hidden", type=int, default=128, help="LSTM hidden size (default: 128)")
    p.add_argument("--layers", type=int, default=1, help="LSTM layers (default: 1)")
    p.add_argument("--dropout", type=float, default=0.0,
                   help="dropout between LSTM layers (default: 0)")
    p.add_argument("--lr", type=float, default=3e-3, help="Adam learning rate (default: 3e-3)")
    p.add_argument("--clip", type=float, default=1.0, help="gradient norm clip (default: 1)")
    p.add_argument("--seed", type=int, default=0, help="seed (default: 0)")
    p.add_argument("--prompt", default="ROMEO:", help="start of the samples (default: ROMEO:)")
    p.add_argument("--sample-chars", type=int, default=200,
                   help="characters sampled after each epoch (default: 200)")
    p.add_argument("--temperature", type=float, default=0.8, help="sampling temperature")
    p.add_argument("--out", default="out", help="output directory (default: out/)")
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint")
    p.add_argument("--max-perplexity", type=float, default=math.inf,
                   help="exit with status 1 if the final validation perplexity is above this")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = p.parse_args(argv)
    for name in ("epochs", "batch_size", "seq_len", "embed", "hidden", "layers"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.temperature <= 0:
        p.error("--temperature must be positive")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from tqdm import tqdm

    torch = importlib.import_module(args.backend)
    importlib.import_module(args.backend + ".utils.data")
    torch.manual_seed(args.seed)
    text, vocab, codes = load_text(args.text, args.max_chars)
    split = int(len(codes) * 0.9)
    train_codes, val_codes = codes[:split], codes[split:]
    if (len(train_codes) - 1) // args.seq_len < 1 or (len(val_codes) - 1) // args.seq_len < 1:
        print("char_lm.py: the text is too short for --seq-len", file=sys.stderr)
        return 2
    dataset = make_dataset(torch, train_codes, args.seq_len)
    generator = torch.Generator()
    generator.manual_seed(args.seed)
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=True,
                                         drop_last=len(dataset) >= args.batch_size,
                                         generator=generator)
    model = build_model(torch, len(vocab), args.embed, args.hidden, args.layers, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    print(f"backend {args.backend}: {len(text)} characters, vocabulary of {len(vocab)}, "
          f"{len(dataset)} training windows, "
          f"{sum(p.numel() for p in model.parameters())} parameters")

    os.makedirs(args.out, exist_ok=True)
    ckpt = os.path.join(args.out, f"char_lm_{args.backend}.pt")
    first_epoch, history = 1, []
    if args.resume:
        if not os.path.exists(ckpt):
            print(f"char_lm.py: --resume: no checkpoint at {ckpt}", file=sys.stderr)
            return 1
        state = torch.load(ckpt)
        if state["vocab"] != vocab:
            print("char_lm.py: --resume: the checkpoint's vocabulary differs from this text's",
                  file=sys.stderr)
            return 1
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        first_epoch, history = state["epoch"] + 1, list(state["history"])
        generator.manual_seed(args.seed + state["epoch"])
        torch.manual_seed(args.seed + state["epoch"])
        print(f"resumed from {ckpt} after epoch {state['epoch']}")

    per_epoch = len(loader) if args.batches_per_epoch <= 0 else min(args.batches_per_epoch,
                                                                     len(loader))
    params = list(model.parameters())
    for epoch in range(first_epoch, args.epochs + 1):
        model.train()
        start, total, count = time.perf_counter(), 0.0, 0
        with tqdm(total=per_epoch, desc=f"epoch {epoch}/{args.epochs}", leave=False,
                  disable=args.no_progress, file=sys.stderr) as bar:
            for i, (xb, yb) in enumerate(loader):
                if i == per_epoch:
                    break
                optimizer.zero_grad()
                logits, _ = model(xb)
                loss = loss_fn(logits.reshape(-1, len(vocab)), yb.reshape(-1))
                loss.backward()
                clip_grad_norm(torch, params, args.clip)
                optimizer.step()
                value = loss.item()
                total += value
                count += 1
                bar.update(1)
                bar.set_postfix(loss=f"{value:.3f}")
        train_loss = total / max(count, 1)
        val_loss = evaluate(torch, model, val_codes, args.seq_len, 64)
        ppl = math.exp(val_loss)
        history.append({"epoch": epoch, "train_loss": train_loss, "val_perplexity": ppl})
        print(f"epoch {epoch:3d}  train loss {train_loss:.4f}  validation perplexity {ppl:.3f}  "
              f"({time.perf_counter() - start:.1f} s)", flush=True)
        if not math.isfinite(train_loss):
            print("char_lm.py: the loss is not finite", file=sys.stderr)
            return 1
        if args.sample_chars > 0:
            print("--- sample ---")
            print(sample(torch, model, vocab, args.prompt, args.sample_chars, args.temperature,
                         args.seed + epoch))
            print("--------------", flush=True)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "epoch": epoch, "vocab": vocab, "history": history}, ckpt)
    if not history:
        print("char_lm.py: nothing to do", file=sys.stderr)
        return 1
    print(f"wrote {ckpt}")
    final = history[-1]["val_perplexity"]
    if final > args.max_perplexity:
        print(f"char_lm.py: validation perplexity {final:.3f} is above --max-perplexity "
              f"{args.max_perplexity}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
