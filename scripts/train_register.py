"""Train the register classifier (reader/extract/register.py): informal (microblog) lines against
news and other formal lines.

    python scripts/train_register.py --formal-rate 0.03   # the shipped resources/ner/social/register.npz

Needs torch (training only). Informal: Weibo NER train (1,310 posts). Formal: MSRA train, news2026
paragraphs (the dev set's articles left out), CLUENER train and Resume train. A seeded tenth of
the formal lines is held out; the threshold is the lowest score that routes at most
``--formal-rate`` of those held-out lines (the news2026 dev set and Weibo dev are only reported).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ner_data import ROOT, SHARED, read_char_file  # noqa: E402

from reader.extract.devset import read_devset  # noqa: E402
from reader.extract.model import normalize  # noqa: E402
from reader.extract.register import LINE, N_FEATURES, Register, line_features  # noqa: E402


def lines_of(text: str) -> list[str]:
    return [m.group() for m in LINE.finditer(text) if m.group().strip()]


def corpora(seed: int) -> dict[str, list[str]]:
    dev_ids = {r.id for r in read_devset()}
    news, news_dev = [], []
    for line in open(SHARED / "news2026" / "news2026.jsonl", encoding="utf-8"):
        r = json.loads(line)
        (news_dev if r["id"] in dev_ids else news).extend(lines_of(r["text"]))
    out = {
        "weibo": [t for t, _ in read_char_file(SHARED / "weibo_ner" / "weiboNER_2nd_conll.train")],
        "weibo-dev": [t for t, _ in read_char_file(SHARED / "weibo_ner" / "weiboNER_2nd_conll.dev")],
        "msra": [t for t, _ in read_char_file(SHARED / "msra" / "msra_train_bio_filtered")],
        "news": news,
        "news-dev": news_dev,
        "cluener": [json.loads(line)["text"] for line in open(SHARED / "cluener2020" / "train.json", encoding="utf-8")],
        "resume": [t for t, _ in read_char_file(SHARED / "resume_ner" / "train.char.bmes")],
    }
    rng = random.Random(seed)
    for name in ("msra", "news", "cluener", "resume"):
        rng.shuffle(out[name])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "resources" / "ner" / "social" / "register.npz")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--formal-rate", type=float, default=0.03, help="share of held-out formal lines the threshold may route")
    ap.add_argument("--per-corpus", type=int, default=30000, help="at most this many training lines of each formal corpus")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    t0 = time.time()
    data = corpora(args.seed)
    formal_train, formal_held = [], []
    for name in ("msra", "news", "cluener", "resume"):
        lines = data[name]
        k = len(lines) // 10
        formal_held += lines[:k]
        formal_train += lines[k : k + args.per_corpus]
    informal = data["weibo"]
    texts = informal + formal_train
    X = [line_features(normalize(t)) for t in texts]
    y = np.array([1.0] * len(informal) + [0.0] * len(formal_train), dtype=np.float32)
    print(f"{len(informal)} informal and {len(formal_train)} formal training lines ({time.time() - t0:.0f}s)", flush=True)

    emb = torch.nn.EmbeddingBag(N_FEATURES, 1, mode="mean")
    torch.nn.init.zeros_(emb.weight)
    bias = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([*emb.parameters(), bias], lr=0.05)
    pos_weight = torch.tensor(len(formal_train) / len(informal) / 4)
    order = list(range(len(X)))
    for epoch in range(args.epochs):
        random.shuffle(order)
        total = 0.0
        for k in range(0, len(order), 256):
            batch = order[k : k + 256]
            flat = torch.from_numpy(np.concatenate([X[i] for i in batch]))
            offsets = torch.from_numpy(np.cumsum([0] + [len(X[i]) for i in batch[:-1]]))
            logit = emb(flat, offsets).squeeze(1) + bias
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, torch.from_numpy(y[batch]), pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(batch)
        print(f"epoch {epoch + 1}: loss {total / len(order):.4f}", flush=True)

    q, scale = Register.quantised(emb.weight.detach().numpy()[:, 0])
    reg = Register(q.astype(np.float32) * np.float32(scale), float(bias.item()), 0.0)  # as the file holds them

    def scores(lines: list[str]) -> np.ndarray:
        return np.array([reg.scores(normalize(t), [(0, len(t))])[0] for t in lines if t])

    held = np.sort(scores(formal_held))
    reg.threshold = float(held[int(np.ceil(len(held) * (1 - args.formal_rate)))])
    print(f"threshold {reg.threshold:.3f} (routes {args.formal_rate:.1%} of {len(held)} held-out formal lines)")
    for name in ("weibo-dev", "news-dev"):
        s = scores(data[name])
        print(f"{name}: {(s >= reg.threshold).mean():.1%} of {len(s)} lines informal")
    seed_lines = lines_of((SHARED.parent / "seed" / "news-page-zh.txt").read_text(encoding="utf-8"))
    s = scores(seed_lines)
    print(f"seed page: {(s >= reg.threshold).mean():.1%} of {len(s)} lines informal")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    reg.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
