"""Train the shipped PER/LOC/ORG model (char + bigram + lexicon features, dilated CNN, CRF) on CPU.

    /work/train-venv/bin/python scripts/train_ner.py --out resources/ner --epochs 12 --threads 2

Needs torch (training only: a separate venv); the shipped model is numpy-only
(reader/extract/model.py), and dev F1 is measured each epoch through that numpy code, so what is
selected is exactly what ships.

Data: MSRA train (``msra_train_bio_filtered``) minus a fixed dev split (every sentence whose index
falls in a seeded 5% sample); lexicons from PFR 1998-01 (a different corpus, so the model cannot
learn to trust a lexicon built from its own training entities). ``msra_test_bio`` is never read here.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import pathlib
import random
import sys
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ner_data import ROOT, SHARED, format_score, pfr_entities, read_char_file, read_pfr, score, spans_of  # noqa: E402

from reader.extract.model import (  # noqa: E402
    LABELS,
    N_LEX,
    N_TAGS,
    Featurizer,
    NerModel,
    allowed_transitions,
    decode_tags,
    normalize,
)

MSRA_TRAIN = SHARED / "msra" / "msra_train_bio_filtered"
PFR = SHARED / "pfr_199801" / "199801.txt"
CHUNK = 150


def bioes_ids(n: int, spans) -> list[int]:
    tags = [0] * n
    for s, e, lab in spans:
        li = LABELS.index(lab)
        if e - s == 1:
            tags[s] = 1 + 4 * li + 3
        else:
            tags[s] = 1 + 4 * li
            for k in range(s + 1, e - 1):
                tags[k] = 1 + 4 * li + 1
            tags[e - 1] = 1 + 4 * li + 2
    return tags


def chunk(text: str, spans, limit: int = CHUNK):
    """Cut a long sentence at punctuation (never inside an entity) into pieces of at most ``limit``."""
    if len(text) <= limit:
        return [(text, spans)]
    inside = [False] * (len(text) + 1)
    for s, e, _ in spans:
        for k in range(s + 1, e):
            inside[k] = True
    cuts = [0]
    last_good = None
    i = 0
    start = 0
    while i < len(text):
        if text[i] in "，。！？；、：,;" and not inside[i + 1]:
            last_good = i + 1
        if i + 1 - start >= limit:
            cut = last_good if last_good and last_good > start else None
            if cut is None:
                cut = i + 1
                while cut > start + 1 and inside[cut]:
                    cut -= 1
            cuts.append(cut)
            start = cut
            last_good = None
            i = cut
            continue
        i += 1
    cuts.append(len(text))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if b > a:
            out.append((text[a:b], [(s - a, e - a, l) for s, e, l in spans if s >= a and e <= b]))
    return out


def build_lexicon(min_general: int = 1) -> dict[str, int]:
    paras = read_pfr(PFR)
    general = collections.Counter()
    lex: dict[str, int] = {}
    for items in paras:
        text = normalize("".join(w for w, *_ in items))
        for w, p, _, _ in items:
            if p != "w" and len(w) >= 2:
                general[normalize(w)] += 1
        for s, e, lab in pfr_entities(items):
            if e - s >= 2:
                w = text[s:e]
                lex[w] = lex.get(w, 0) | (1 << (1 + LABELS.index(lab)))
    for w, c in general.items():
        if c >= min_general:
            lex[w] = lex.get(w, 0) | 1
    return lex


def _weibo_tag(t: str) -> str:
    if t == "O" or t.endswith(".NOM"):
        return "O"
    pre, _, lab = t.partition("-")
    lab = lab.split(".")[0]
    lab = "LOC" if lab == "GPE" else lab
    return f"{pre}-{lab}" if lab in LABELS else "O"


def weibo_train():
    """Weibo NER train: named PER/LOC/ORG (GPE -> LOC, nominal mentions dropped), LOC joined as in
    the guidelines (touching places are one LOC)."""
    from ner_data import join_places

    out = []
    for text, tags in read_char_file(SHARED / "weibo_ner" / "weiboNER_2nd_conll.train"):
        out.append((text, join_places(spans_of([_weibo_tag(t) for t in tags]))))
    return out


LIST_SEPS = ["", "", "", " ", " ", "\u3000", "\u3000", "  ", "、", "，"]


def name_lists(source, n: int, seed: int, limit: int = CHUNK):
    """Synthetic run-together name lists (李鹏乔石李瑞环…, or separated by spaces), as the People's
    Daily prints lists of officials. Names are the PER entities of ``source``."""
    names = sorted({t[s:e] for t, sp in source for s, e, lab in sp if lab == "PER" and 2 <= e - s <= 4})
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sep = rng.choice(LIST_SEPS)
        text, spans = "", []
        for _ in range(rng.randint(3, 40)):
            name = rng.choice(names)
            add = (sep if text else "") + name
            if len(text) + len(add) > limit:
                break
            text += add
            spans.append((len(text) - len(name), len(text), "PER"))
        out.append((text, spans))
    return out


def pfr_sentences() -> list[tuple[str, list]]:
    out = []
    for items in read_pfr(PFR):
        text = "".join(w for w, *_ in items)
        if text:
            out.append((text, pfr_entities(items)))
    return out


# ----------------------------------------------------------------------------- torch model


def make_model(torch, n_chars, n_bigrams, args):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.char_emb = nn.Embedding(n_chars, args.char_dim, padding_idx=0)
            self.bigram_emb = nn.Embedding(n_bigrams, args.bigram_dim, padding_idx=0)
            self.lex = nn.Linear(N_LEX, args.lex_dim)
            self.proj = nn.Linear(args.char_dim + args.bigram_dim + args.lex_dim, args.hidden)
            self.convs = nn.ModuleList(
                nn.Conv1d(args.hidden, args.hidden, 3, dilation=d, padding=d) for d in args.dilations
            )
            self.out = nn.Linear(args.hidden, N_TAGS)
            self.trans = nn.Parameter(torch.zeros(N_TAGS, N_TAGS))
            self.start = nn.Parameter(torch.zeros(N_TAGS))
            self.end = nn.Parameter(torch.zeros(N_TAGS))
            self.drop = nn.Dropout(args.dropout)
            allowed, first, last = allowed_transitions()
            self.register_buffer("trans_mask", torch.tensor(np.where(allowed, 0.0, -1e4), dtype=torch.float32))
            self.register_buffer("start_mask", torch.tensor(np.where(first, 0.0, -1e4), dtype=torch.float32))
            self.register_buffer("end_mask", torch.tensor(np.where(last, 0.0, -1e4), dtype=torch.float32))

        def emissions(self, c, b, lx, mask):
            x = torch.cat([self.char_emb(c), self.bigram_emb(b), self.lex(lx)], dim=-1)
            h = self.proj(self.drop(x)) * mask[:, :, None]
            h = h.transpose(1, 2)
            m = mask[:, None, :]
            for conv in self.convs:
                h = (h + torch.relu(conv(self.drop(h)))) * m
            return self.out(self.drop(h.transpose(1, 2)))

        def nll(self, c, b, lx, mask, y):
            em = self.emissions(c, b, lx, mask)
            B, T, K = em.shape
            trans = self.trans + self.trans_mask
            start = self.start + self.start_mask
            end = self.end + self.end_mask
            lengths = mask.sum(1).long()
            # gold path score
            gold = start[y[:, 0]] + em.gather(2, y[:, :, None])[:, :, 0].mul(mask).sum(1)
            gold = gold + (trans[y[:, :-1], y[:, 1:]] * mask[:, 1:]).sum(1)
            last = y.gather(1, (lengths - 1)[:, None])[:, 0]
            gold = gold + end[last]
            # partition
            alpha = start[None, :] + em[:, 0]
            for t in range(1, T):
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + em[:, t]
                alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
            logz = torch.logsumexp(alpha + end[None], dim=1)
            return (logz - gold).sum()

    return Net()


def export(net, config: dict) -> dict[str, np.ndarray]:
    sd = {k: v.detach().cpu().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    H = config["hidden"]
    w = {
        "char_emb": sd["char_emb.weight"],
        "bigram_emb": sd["bigram_emb.weight"],
        "lex_w": sd["lex.weight"].T.copy(),
        "lex_b": sd["lex.bias"],
        "proj_w": sd["proj.weight"].T.copy(),
        "proj_b": sd["proj.bias"],
        "out_w": sd["out.weight"].T.copy(),
        "out_b": sd["out.bias"],
        "trans": sd["trans"],
        "start": sd["start"],
        "end": sd["end"],
    }
    for i in range(len(config["dilations"])):
        k = sd[f"convs.{i}.weight"]  # (out, in, 3)
        w[f"conv{i}_w"] = np.concatenate([k[:, :, j].T for j in range(3)], axis=1).reshape(H, 3 * H)
        w[f"conv{i}_b"] = sd[f"convs.{i}.bias"]
    return w


def load_weights(torch, net, directory: pathlib.Path, config: dict) -> None:
    """The inverse of :func:`export`: a shipped model's weights into the torch network."""
    old = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    for k in ("char_dim", "bigram_dim", "lex_dim", "hidden", "dilations", "vocab_size"):
        if old.get(k) != config.get(k):
            raise SystemExit(f"--init {directory}: {k} is {old.get(k)}, this run has {config.get(k)}")
    with np.load(directory / "model.npz", allow_pickle=False) as z:
        w = {k: z[k].astype(np.float32) for k in z.files}
    H = config["hidden"]
    sd = {
        "char_emb.weight": w["char_emb"],
        "bigram_emb.weight": w["bigram_emb"],
        "lex.weight": w["lex_w"].T,
        "lex.bias": w["lex_b"],
        "proj.weight": w["proj_w"].T,
        "proj.bias": w["proj_b"],
        "out.weight": w["out_w"].T,
        "out.bias": w["out_b"],
        "trans": w["trans"],
        "start": w["start"],
        "end": w["end"],
    }
    for i in range(len(config["dilations"])):
        blocks = w[f"conv{i}_w"].reshape(H, 3, H)  # [in, tap, out]
        sd[f"convs.{i}.weight"] = np.ascontiguousarray(blocks.transpose(2, 0, 1))  # (out, in, tap)
        sd[f"convs.{i}.bias"] = w[f"conv{i}_b"]
    state = net.state_dict()
    for k, v in sd.items():
        state[k] = torch.from_numpy(np.ascontiguousarray(v))
    net.load_state_dict(state)


def save(out: pathlib.Path, config: dict, vocab: dict, weights: dict[str, np.ndarray]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    np.savez(out / "model.npz", **{k: v.astype(np.float16) for k, v in weights.items()})


def shipped(config: dict, vocab: dict, weights: dict[str, np.ndarray]) -> NerModel:
    """The model exactly as it would ship: float16 weights."""
    return NerModel(config, vocab, {k: v.astype(np.float16) for k, v in weights.items()})


def evaluate(model: NerModel, data) -> dict:
    texts = [t for t, _ in data]
    tags = model.predict_tags(texts)
    pred = [[(s, e, LABELS[l]) for s, e, l in decode_tags(tg)] for tg in tags]
    return score([g for _, g in data], pred)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "resources" / "ner")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dev-frac", type=float, default=0.05)
    ap.add_argument("--char-dim", type=int, default=128)
    ap.add_argument("--bigram-dim", type=int, default=64)
    ap.add_argument("--lex-dim", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=200)
    ap.add_argument("--dilations", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 1, 2, 4])
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--lex-drop", type=float, default=0.1, help="drop each lexicon bit with this probability")
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument("--pfr-train", action="store_true", help="also train on PER/LOC/ORG derived from PFR 1998-01")
    ap.add_argument("--pseudo", type=pathlib.Path, action="append", default=[], help="extra training text tagged by a teacher model (JSONL from scripts/pseudo_label.py or scripts/pseudo_news.py); may be repeated")
    ap.add_argument("--weibo", type=int, default=0, help="add Weibo NER train (named mentions only, GPE -> LOC) this many times (out-of-domain robustness)")
    ap.add_argument("--aug-lists", type=int, default=0, help="add this many synthetic run-together name lists")
    ap.add_argument("--bigram-min", type=int, default=2)
    ap.add_argument("--char-min", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch-chars", type=int, default=2000)
    ap.add_argument("--max-train", type=int, default=0, help="use only the first this many MSRA training sentences (the vocabulary stays the full split's)")
    ap.add_argument("--ema", type=float, default=0.0, help="also keep an exponential moving average of the weights (decay, e.g. 0.999); each epoch the better of the raw and averaged weights on dev is a candidate")
    ap.add_argument("--init", type=pathlib.Path, default=None, help="start from the weights of a trained model folder (same vocabulary and sizes): fine-tuning")
    ap.add_argument("--save-epochs", action="store_true", help="also save every epoch's weights under OUT/epochN (to choose on other dev sets)")
    ap.add_argument("--device", default="cpu", help="torch device for training, e.g. cuda (evaluation and export stay on the CPU, in numpy)")
    ap.add_argument("--note", default="")
    args = ap.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    t_start = time.time()

    sents = [(t, spans_of(tags)) for t, tags in read_char_file(MSRA_TRAIN)]
    idx = list(range(len(sents)))
    dev_idx = set(random.Random(args.seed).sample(idx, int(len(sents) * args.dev_frac)))
    dev = [sents[i] for i in idx if i in dev_idx]
    train = [sents[i] for i in idx if i not in dev_idx]
    vocab_source = train  # the vocabulary is the full train split's, so --max-train keeps --init usable
    if args.max_train:
        train = train[: args.max_train]
    extra = pfr_sentences() if args.pfr_train else []
    if args.aug_lists:
        extra += name_lists(train, args.aug_lists, args.seed)
    for pseudo in args.pseudo:
        for line in open(pseudo, encoding="utf-8"):
            r = json.loads(line)
            extra.append((r["text"], [tuple(x) for x in r["spans"]]))
    if args.weibo:
        extra += weibo_train() * args.weibo
    list_dev = name_lists(dev, 200, args.seed + 1)
    print(f"train {len(train)} sents, dev {len(dev)} sents, extra {len(extra)}", flush=True)

    chunks = [c for t, s in train + extra for c in chunk(t, s)]
    cc = collections.Counter(ch for t, _ in vocab_source for ch in normalize(t))
    bc = collections.Counter()
    for t, _ in vocab_source:
        n = normalize(t)
        bc.update(n[i : i + 2] for i in range(len(n) - 1))
    chars = ["<pad>", "<unk>", "<end>"] + sorted(c for c, k in cc.items() if k >= args.char_min)
    bigrams = ["<pad>", "<unk>", "<end>"] + sorted(b for b, k in bc.items() if k >= args.bigram_min)
    lexicon = {} if args.no_lexicon else build_lexicon()
    print(f"chars {len(chars)}, bigrams {len(bigrams)}, lexicon {len(lexicon)} ({time.time()-t_start:.0f}s)", flush=True)
    feat = Featurizer(chars, bigrams, lexicon)
    vocab = {"chars": chars, "bigrams": bigrams, "lexicon": lexicon}

    # Encode all training chunks once.
    enc = []
    for t, s in chunks:
        n = normalize(t)
        c, b, lx = feat.encode(n)
        enc.append((np.array(c), np.array(b), np.array(lx, dtype=np.int64), np.array(bioes_ids(len(t), s))))
    print(f"encoded {len(enc)} chunks ({time.time()-t_start:.0f}s)", flush=True)

    config = {
        "format": 1,
        "labels": list(LABELS),
        "char_dim": args.char_dim,
        "bigram_dim": args.bigram_dim,
        "lex_dim": args.lex_dim,
        "hidden": args.hidden,
        "dilations": args.dilations,
        "vocab_size": [len(chars), len(bigrams)],
    }
    net = make_model(torch, len(chars), len(bigrams), args)
    if args.init:
        load_weights(torch, net, args.init, config)
    net.to(args.device)
    if args.init:
        net.eval()
        w0 = export(net, config)
        f0 = evaluate(shipped(config, vocab, w0), dev)["micro"]["F"]
        print(f"initial weights from {args.init}: dev F1 {f0:.4f}", flush=True)
    ema = None
    if args.ema:
        import copy

        ema = copy.deepcopy(net)
        for p in ema.parameters():
            p.requires_grad_(False)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    total_steps = None
    order = sorted(range(len(enc)), key=lambda i: len(enc[i][0]))

    def batches():
        # length-sorted buckets, shuffled
        bs, cur, cur_max = [], [], 0
        jitter = sorted(order, key=lambda i: (len(enc[i][0]) + random.random() * 4))
        for i in jitter:
            L = len(enc[i][0])
            if cur and max(cur_max, L) * (len(cur) + 1) > args.batch_chars:
                bs.append(cur)
                cur, cur_max = [], 0
            cur.append(i)
            cur_max = max(cur_max, L)
        if cur:
            bs.append(cur)
        random.shuffle(bs)
        return bs

    def tensors(ids):
        T = max(len(enc[i][0]) for i in ids)
        B = len(ids)
        c = np.zeros((B, T), dtype=np.int64)
        b = np.zeros((B, T), dtype=np.int64)
        y = np.zeros((B, T), dtype=np.int64)
        lx = np.zeros(B * T * N_LEX, dtype=np.float32)
        m = np.zeros((B, T), dtype=np.float32)
        for r, i in enumerate(ids):
            ci, bi, li, yi = enc[i]
            n = len(ci)
            c[r, :n] = ci
            b[r, :n] = bi
            y[r, :n] = yi
            m[r, :n] = 1
            if len(li):
                lx[li + r * T * N_LEX] = 1.0
        lx = lx.reshape(B, T, N_LEX)
        if args.lex_drop > 0:
            lx *= np.random.random(lx.shape) >= args.lex_drop
        return [torch.from_numpy(a) for a in (c, b, lx, m, y)]

    best = (-1.0, 0, "raw")
    history = []
    n_batches = len(batches())
    total_steps = n_batches * args.epochs
    warm = max(1, int(0.05 * total_steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda st: min((st + 1) / warm, max(0.05, 1 - (st - warm) / max(1, total_steps - warm)))
    )
    train_chars = sum(len(e[0]) for e in enc)
    for epoch in range(1, args.epochs + 1):
        net.train()
        t0 = time.time()
        tot = 0.0
        for k, ids in enumerate(batches()):
            c, b, lx, m, y = (a.to(args.device) for a in tensors(ids))
            loss = net.nll(c, b, lx, m, y)
            opt.zero_grad()
            (loss / m.sum()).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            sched.step()
            if ema is not None:
                with torch.no_grad():
                    for pe, p in zip(ema.parameters(), net.parameters()):
                        pe.mul_(args.ema).add_(p, alpha=1 - args.ema)
            tot += loss.item()
            if k % 200 == 0:
                print(f"  epoch {epoch} batch {k}/{n_batches} loss {tot:.0f} ({time.time()-t0:.0f}s)", flush=True)
        net.eval()
        weights = export(net, config)
        model = shipped(config, vocab, weights)
        te = time.time()
        if epoch == 1:  # the numpy path must reproduce torch's emissions
            ids = order[len(order) // 2 : len(order) // 2 + 8]
            c, b, lx, m, y = tensors(ids)
            lx = torch.from_numpy(np.zeros(lx.shape, dtype=np.float32))
            for r, i in enumerate(ids):
                if len(enc[i][2]):
                    lx.view(-1)[torch.from_numpy(enc[i][2] + r * lx.shape[1] * N_LEX)] = 1.0
            with torch.no_grad():
                dv = args.device
                et = net.emissions(c.to(dv), b.to(dv), lx.to(dv), m.to(dv)).cpu().numpy()
            en = NerModel(config, vocab, weights).emissions(c.numpy(), b.numpy(), lx.numpy(), m.numpy()[:, :, None])
            diff = float(np.abs((et - en) * m.numpy()[:, :, None]).max())
            print(f"numpy vs torch emissions: max abs diff {diff:.2e}", flush=True)
            assert diff < 1e-2, diff
        res = evaluate(model, dev)
        f1 = res["micro"]["F"]
        which = "raw"
        if ema is not None:
            ema.eval()
            w_ema = export(ema, config)
            m_ema = shipped(config, vocab, w_ema)
            res_ema = evaluate(m_ema, dev)
            print(f"dev F1 raw {f1:.4f}, averaged {res_ema['micro']['F']:.4f}", flush=True)
            if res_ema["micro"]["F"] > f1:
                res, f1, model, weights, which = res_ema, res_ema["micro"]["F"], m_ema, w_ema, "ema"
        lf1 = evaluate(model, list_dev)["micro"]["F"]
        print(f"synthetic name-list dev (not used for selection) F1 {lf1:.4f}", flush=True)
        history.append({"epoch": epoch, "loss_per_char": tot / train_chars, "dev_f1": f1, "list_dev_f1": round(lf1, 4), "weights": which, "epoch_s": round(te - t0, 1)})
        print(f"epoch {epoch}: loss/char {tot/train_chars:.4f} dev F1 {f1:.4f} (train {te-t0:.0f}s, eval {time.time()-te:.1f}s)", flush=True)
        print(format_score(res), flush=True)
        if args.save_epochs:
            save(args.out / f"epoch{epoch}", config, vocab, weights)
        if f1 > best[0]:
            best = (f1, epoch, which)
            save(args.out, config, vocab, weights)
            best_res = res
    wall = time.time() - t_start
    record = {
        "trained": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "command": "python scripts/train_ner.py " + " ".join(sys.argv[1:]),
        "corpora": {
            "train": "msra/msra_train_bio_filtered minus the dev split"
            + (" + PFR 1998-01 nr/ns/nt spans" if args.pfr_train else "")
            + (f" + {args.aug_lists} synthetic name lists (PER names of the train split)" if args.aug_lists else "")
            + "".join(f" + text tagged by a teacher ({p.name})" for p in args.pseudo)
            + (f" + Weibo NER train x{args.weibo}" if args.weibo else "")
            + (f"; fine-tuned from {args.init}" if args.init else ""),
            "dev": f"msra/msra_train_bio_filtered, seeded {args.dev_frac:.0%} sample of sentences (seed {args.seed})",
            "lexicon": "" if args.no_lexicon else "pfr_199801 (words; nr merged into names, ns, nt, bracketed ns/nt compounds)",
        },
        "settings": {
            k: (str(v) if isinstance(v, pathlib.Path) else [str(x) for x in v] if isinstance(v, list) else v)
            for k, v in vars(args).items()
        },
        "seed": args.seed,
        "epochs": args.epochs,
        "best_epoch": best[1],
        "best_weights": best[2],
        "train_sentences": len(train),
        "train_chunks": len(enc),
        "dev_sentences": len(dev),
        "threads": args.threads,
        "training_wall_s": round(wall, 1),
        "dev": best_res,
        "history": history,
        "torch": torch.__version__,
        "note": args.note,
    }
    (args.out / "training.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    md = [
        "# NER model training record",
        "",
        f"Command: `{record['command']}` (torch {torch.__version__}, {args.device}, {args.threads} CPU threads)",
        "",
        f"- train: {record['corpora']['train']} ({len(train)} sentences, {len(enc)} chunks of at most {CHUNK} chars)",
        f"- dev: {record['corpora']['dev']} ({len(dev)} sentences)",
        f"- lexicon features: {record['corpora']['lexicon'] or 'none'}",
        "- msra_test_bio was not used for training or model selection.",
        f"- seed {args.seed}; epochs {args.epochs}; best epoch {best[1]} ({'moving-average' if best[2] == 'ema' else 'raw'} weights); training wall time {wall/60:.1f} min",
        f"- model: char {args.char_dim} + bigram {args.bigram_dim} + lexicon {args.lex_dim} -> {args.hidden}, "
        f"dilated conv k=3 dilations {args.dilations} (residual, ReLU), CRF over BIOES; float16 weights",
        "",
        "Dev (touching LOC joined on both sides):",
        "",
        "```",
        format_score(best_res),
        "```",
        "",
        "Per epoch (dev F1 / synthetic name-list dev F1): "
        + ", ".join(f"{h['epoch']}: {h['dev_f1']:.4f} / {h['list_dev_f1']:.4f}" for h in history),
        "",
    ]
    if args.note:
        md += [args.note, ""]
    (args.out / "TRAINING.md").write_text("\n".join(md), encoding="utf-8")
    print(f"best dev F1 {best[0]:.4f} at epoch {best[1]}; wall {wall:.0f}s", flush=True)


if __name__ == "__main__":
    main()
