"""Convert the NER networks in ``resources/ner`` (float16 ``model.npz`` + ``config.json`` in each
network's folder) into the files the extractor runs: one ONNX graph per network, beside its npz
file, executed by onnxruntime.

    python scripts/export_onnx.py                    # resources/ner/model.onnx, fast/, social/a/, social/b/, vocab.npz
    python scripts/export_onnx.py --fp32 --out-dir W # unquantised graphs (for checks against numpy)

Each graph is the forward pass of one network, from character ids, bigram ids and lexicon bits to
per-character BIOES emissions; its CRF transitions, the labels and a fingerprint of its source
files travel in the model's metadata. The default ensemble (``ensemble.json``) runs its members'
graphs and sums their emissions with the member weights (``reader.extract.model.EnsembleRuntime``),
so that a cascade can run the small one alone. The last hidden layer is a second output
(``hidden0``) and the output layer, CRF and convolution biases are in the metadata
(``reader.heads``, ``reader.conv_b``), with the fingerprint learning records
(``reader.fingerprint``): what ``reader learn`` adapts, without the npz files. ``vocab.npz``
holds the featurizer's lookup tables made from ``vocab.json`` (with its sha256): a process then
starts without building them. The arithmetic is the numpy reference's (reader.extract.model.Network)
step by step. The shipped graphs are int8: embedding tables quantised per row; each convolution's
input quantised to uint8 at a fixed scale and zero point, its weights to int8 per output column.
The activation scales are calibrated once here, on a fixed sample of texts that is neither a test
nor a dev split (``calibration_texts``: seeded samples of the MSRA train sentences outside msra-dev
and of the news2026 articles outside news-dev): each layer's range is the largest it takes there
(low <= 0 <= high, so 0 stays exact), recorded in the graph's metadata (``reader.calibration``).
Nothing is quantised per batch, so a sentence's emissions do not depend on the sentences it is
batched with. The small matrix products (bigram and lexicon projections, output layer) stay fp32.

Needs the ``export`` extra (``pip install -e '.[export]'``: onnx) and, for the int8 graphs, the
corpora in ../shared; run it again whenever the npz models change (tests/extract/test_runtime.py fails on a stale graph).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from reader.extract.learn import fingerprint as learn_fingerprint  # noqa: E402
from reader.extract.model import N_LEX, Head, NerModel, Network, _ensemble_spec, source_fingerprint, vocab_file, vocabulary  # noqa: E402

OPSET = 17
IR_VERSION = 8  # readable by onnxruntime >= 1.14


class Graph:
    def __init__(self) -> None:
        self.nodes: list = []
        self.inits: list = []
        self.n = 0

    def const(self, name: str, array: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op: str, inputs: list[str], prefix: str = "t", **attrs) -> str:
        self.n += 1
        out = f"{prefix}_{op.lower()}_{self.n}"
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out


def quantize_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per row: table ~= q * scale[:, None]."""
    table = table.astype(np.float32)
    amax = np.abs(table).max(axis=1)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def embed(g: Graph, p: str, table: np.ndarray, ids: str, int8: bool, keep_f16: bool = False) -> str:
    """Rows of ``table`` at ``ids`` as float32 (B, T, D)."""
    if int8:
        q, scale = quantize_rows(table)
        rows = g.op("Cast", [g.op("Gather", [g.const(f"{p}_q", q), ids], p)], p, to=TensorProto.FLOAT)
        s = g.op("Unsqueeze", [g.op("Gather", [g.const(f"{p}_scale", scale), ids], p), g.const(f"{p}_ax", np.array([-1]))], p)
        return g.op("Mul", [rows, s], p)
    if keep_f16:  # the numpy reference keeps bigram embeddings in float16 and converts the gathered rows
        return g.op("Cast", [g.op("Gather", [g.const(f"{p}_f16", table.astype(np.float16)), ids], p)], p, to=TensorProto.FLOAT)
    return g.op("Gather", [g.const(f"{p}_f32", table.astype(np.float32)), ids], p)


def network(
    g: Graph, net: Network, p: str, weight: np.float32 | None, hidden: str, ranges: list[tuple[float, float]] | None
) -> str:
    """Emissions of one network (times its ensemble weight) as in Network.emissions; its last hidden
    layer is also the graph output ``hidden`` (what a learned output layer reads). ``ranges``: the
    calibrated (low, high) of each convolution's input, for an int8 graph (None: fp32)."""
    int8 = ranges is not None
    H = net.hidden
    h = embed(g, f"{p}_char", net.char_tab, "chars", int8)
    bg = embed(g, f"{p}_bigram", net.bigram_emb, "bigrams", int8, keep_f16=True)
    h = g.op("Add", [h, g.op("MatMul", [bg, g.const(f"{p}_bigram_proj", net.bigram_proj)], p)], p)
    h = g.op("Add", [h, g.op("MatMul", ["lex", g.const(f"{p}_lex_tab", net.lex_tab)], p)], p)
    h = g.op("Add", [h, g.const(f"{p}_in_bias", net.in_bias)], p)
    h = g.op("Mul", [h, "mask"], p)
    for i, (d, W, b) in enumerate(zip(net.dilations, net.conv_w, net.conv_b)):
        # z[t] = h[t-d] W0 + h[t] W1 + h[t+d] W2 + b (zero outside the sequence): the shifted inputs side
        # by side times the stacked (3H, H) weight, one product per layer
        stacked = np.concatenate([W[:, :H], W[:, H : 2 * H], W[:, 2 * H :]], axis=0)  # (3H, H)
        padb = g.const(f"{p}_padb{i}", np.array([0, d, 0, 0, -d, 0], dtype=np.int64))
        pada = g.const(f"{p}_pada{i}", np.array([0, -d, 0, 0, d, 0], dtype=np.int64))
        if int8:  # quantise h once (uint8 at the layer's fixed calibrated scale: 0 stays exact), shift and stack the bytes
            lo, hi = ranges[i]
            scale = np.float32((hi - lo) / 255.0)
            zp = np.uint8(np.clip(np.rint(-lo / scale), 0, 255))
            qs = g.const(f"{p}_conv{i}_scale", np.array(scale, dtype=np.float32))
            qz = g.const(f"{p}_conv{i}_zp", np.array(zp, dtype=np.uint8))
            q = g.op("QuantizeLinear", [h, qs, qz], p)
            x = g.op("Concat", [g.op("Pad", [q, padb, qz], p), q, g.op("Pad", [q, pada, qz], p)], p, axis=2)
            wq, ws = quantize_rows(stacked.T)  # per output column
            z = g.op(
                "MatMulIntegerToFloat",
                [x, g.const(f"{p}_conv{i}_wq", wq.T), qs, g.const(f"{p}_conv{i}_ws", ws), qz,
                 g.const(f"{p}_conv{i}_wz", np.zeros(H, dtype=np.int8)), g.const(f"{p}_conv{i}_b", b)],
                p,
                domain="com.microsoft",
            )
        else:
            prev = g.op("Pad", [h, padb], p)
            nxt = g.op("Pad", [h, pada], p)
            x = g.op("Concat", [prev, h, nxt], p, axis=2)
            z = g.op("Add", [g.op("MatMul", [x, g.const(f"{p}_conv{i}_w", stacked)], p), g.const(f"{p}_conv{i}_b", b)], p)
        z = g.op("Relu", [z], p)
        h = g.op("Mul", [g.op("Add", [h, z], p), "mask"], p)
    g.nodes.append(helper.make_node("Identity", [h], [hidden], name=hidden))
    e = g.op("Add", [g.op("MatMul", [h, g.const(f"{p}_out_w", net.out_w)], p), g.const(f"{p}_out_b", net.out_b)], p)
    if weight is not None:
        e = g.op("Mul", [e, g.const(f"{p}_weight", np.array(weight, dtype=np.float32))], p)
    return e


def build(model: NerModel, meta: dict[str, str], ranges: list[list[tuple[float, float]]] | None) -> onnx.ModelProto:
    """The graph of ``model``: int8 with each member's calibrated convolution input ranges
    (``ranges[k]``), or fp32 (None)."""
    int8 = ranges is not None
    g = Graph()
    mask = g.op("Cast", [g.op("Greater", ["chars", g.const("pad_id", np.array(0, dtype=np.int64))])], to=TensorProto.FLOAT)
    g.nodes.append(helper.make_node("Unsqueeze", [mask, g.const("mask_axis", np.array([-1]))], ["mask"], name="mask"))
    members = model.members
    single = len(members) == 1
    emis = None
    for k, (net, wt) in enumerate(members):
        e = network(g, net, f"n{k}", None if single else wt, f"hidden{k}", ranges[k] if int8 else None)
        emis = e if emis is None else g.op("Add", [emis, e])
    g.nodes.append(helper.make_node("Identity", [emis], ["emissions"], name="emissions"))
    inputs = [
        helper.make_tensor_value_info("chars", TensorProto.INT64, ["batch", "time"]),
        helper.make_tensor_value_info("bigrams", TensorProto.INT64, ["batch", "time"]),
        helper.make_tensor_value_info("lex", TensorProto.FLOAT, ["batch", "time", N_LEX]),
    ]
    outputs = [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, ["batch", "time", model.trans.shape[0]])]
    outputs += [
        helper.make_tensor_value_info(f"hidden{k}", TensorProto.FLOAT, ["batch", "time", net.hidden])
        for k, (net, _) in enumerate(members)
    ]
    graph = helper.make_graph(g.nodes, "ner", inputs, outputs, initializer=g.inits)
    opsets = [helper.make_opsetid("", OPSET)] + ([helper.make_opsetid("com.microsoft", 1)] if int8 else [])
    m = helper.make_model(graph, opset_imports=opsets, producer_name="reader")
    m.ir_version = IR_VERSION
    helper.set_model_props(m, meta)
    if not int8:  # the checker does not know onnxruntime's contrib operators
        onnx.checker.check_model(m)
    return m


def metadata(model: NerModel, fingerprint: str, calibration: dict | None) -> dict[str, str]:
    crf = {k: getattr(model, k).astype(np.float32).tolist() for k in ("trans", "start", "end")}
    meta = {
        "reader.config": json.dumps(model.config),
        "reader.members": json.dumps([float(w) for _, w in model.members]),
        "reader.crf": json.dumps(crf),
        "reader.source": fingerprint,
        "reader.precision": "fp32" if calibration is None else "int8",
        # what learning from corrections adapts, so that it needs no npz file
        "reader.heads": json.dumps([Head.of(net).to_json() for net, _ in model.members]),
        "reader.conv_b": json.dumps([[b.astype(np.float32).tolist() for b in net.conv_b] for net, _ in model.members]),
        "reader.fingerprint": learn_fingerprint(model),
    }
    if calibration is not None:
        meta["reader.calibration"] = json.dumps(calibration)
    return meta


# ---- calibration of the int8 graphs' activation scales ------------------------------------------

CALIBRATION = {
    "msra_train_sentences": 4000,  # of msra_train_bio_filtered minus the msra-dev split (eval_dev.py)
    "news2026_articles": 150,  # of news2026.jsonl minus the news-dev articles (tests/data/news2026-dev)
    "seed": 2026,
}


def calibration_texts(shared: pathlib.Path = SHARED) -> tuple[list[str], dict]:
    """A fixed sample of texts that are no test split and no dev split: seeded samples of the MSRA
    train sentences outside msra-dev and of the news2026 articles outside news-dev; with a
    description of it (what the graph's metadata records)."""
    import random

    from reader.extract.evaluate import read_gold

    sents = read_gold(shared / "corpora" / "msra" / "msra_train_bio_filtered", "bio")
    idx = list(range(len(sents)))
    dev = set(random.Random(13).sample(idx, int(len(sents) * 0.05)))  # scripts/eval_dev.py's msra-dev
    rng = random.Random(CALIBRATION["seed"])
    msra = [sents[i].text for i in sorted(rng.sample([i for i in idx if i not in dev], CALIBRATION["msra_train_sentences"]))]
    news_dev = set()
    for f in sorted((REPO / "tests" / "data" / "news2026-dev").glob("*.jsonl")):
        news_dev |= {str(json.loads(line)["id"]) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}
    with open(shared / "corpora" / "news2026" / "news2026.jsonl", encoding="utf-8") as fh:
        arts = [(str(a["id"]), a["text"]) for a in map(json.loads, fh)]
    arts = [a for a in arts if a[0] not in news_dev]
    picked = sorted(rng.sample(range(len(arts)), CALIBRATION["news2026_articles"]))
    news = [arts[i][1] for i in picked]
    texts = msra + news
    about = dict(CALIBRATION, news2026_ids=[arts[i][0] for i in picked], characters=sum(map(len, texts)))
    return texts, about


def social_calibration(calibration: tuple[list[str], dict], shared: pathlib.Path = SHARED) -> tuple[list[str], dict]:
    """The calibration texts of the networks of informal lines (``ensemble.json``'s ``social``): the
    common sample and the Weibo NER train posts, the register they read."""
    from reader.extract.evaluate import read_gold

    texts, about = calibration
    posts = [g.text for g in read_gold(shared / "corpora" / "weibo_ner" / "weiboNER_2nd_conll.train", "bio")]
    return texts + posts, dict(about, weibo_train_posts=len(posts), characters=about["characters"] + sum(map(len, posts)))


def conv_input_ranges(model: NerModel, texts: list[str]) -> list[list[tuple[float, float]]]:
    """(low, high) of each member's convolution inputs (low <= 0 <= high) over ``texts`` cut and
    batched as the extractor does, computed with the numpy networks (float32)."""
    ranges = [[(0.0, 0.0)] * len(net.dilations) for net, _ in model.members]

    def record(cids, bids, lex, mask):
        for k, (net, _) in enumerate(model.members):

            def tap(i: int, h: np.ndarray, k: int = k) -> None:
                lo, hi = ranges[k][i]
                ranges[k][i] = (min(lo, float(h.min())), max(hi, float(h.max())))

            net.features(cids, bids, lex, mask, tap=tap)
        return NerModel.emissions(model, cids, bids, lex, mask)

    model.emissions = record
    try:
        model.predict_tags(texts)
    finally:
        del model.emissions
    return ranges


def network_model(folder: pathlib.Path) -> NerModel:
    """The network in ``folder`` alone (its config.json and model.npz; an ensemble.json there is
    not read), with the vocabulary of the folder or of its parent, in numpy."""
    net, config = Network.load(folder)
    return NerModel(config, vocabulary(vocab_file(folder)), members=[(net, 1.0)], directory=folder)


def networks(directory: pathlib.Path) -> list[pathlib.Path]:
    """The network folders of the variant in ``directory``: each ensemble member's, or itself."""
    out: list[pathlib.Path] = []
    for path, _ in _ensemble_spec(directory)[0]:
        if path.resolve() not in [p.resolve() for p in out]:
            out.append(path)
    return out


def export(
    directory: pathlib.Path,
    out_dir: pathlib.Path,
    *,
    int8: bool,
    calibration: tuple[list[str], dict] | None = None,
    done: set[pathlib.Path] | None = None,
) -> list[tuple[pathlib.Path, int]]:
    """Write the graph of each network of the variant in ``directory`` to ``out_dir`` (at the
    network's path relative to ``directory``: ``out_dir/model.onnx``, ``out_dir/fast/model.onnx``);
    int8 needs ``calibration`` (texts and their description; default: :func:`calibration_texts`).
    ``done``: network folders already written (skipped; those written here are added). Returns
    the files written and their sizes."""
    written = []
    done = set() if done is None else done
    for folder in networks(directory):
        if folder.resolve() in done:
            continue
        done.add(folder.resolve())
        model = network_model(folder)
        ranges = about = None
        if int8:
            texts, about = calibration or calibration_texts()
            ranges = conv_input_ranges(model, texts)
            about = dict(about, method="max", ranges=[[[round(lo, 6), round(hi, 6)] for lo, hi in r] for r in ranges])
        proto = build(model, metadata(model, source_fingerprint(folder), about), ranges)
        out = out_dir / folder.resolve().relative_to(directory.resolve()) / "model.onnx"
        out.parent.mkdir(parents=True, exist_ok=True)
        onnx.save(proto, out)
        written.append((out, out.stat().st_size))
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model-dir", type=pathlib.Path, default=REPO / "resources" / "ner", help="default: resources/ner")
    ap.add_argument("--out-dir", type=pathlib.Path, help="write here instead of beside the npz files")
    ap.add_argument("--fp32", action="store_true", help="no quantisation (graphs that reproduce numpy exactly)")
    args = ap.parse_args()
    base = args.model_dir
    social = _ensemble_spec(base)[2]  # the networks of informal lines, if the default has them
    variants = [base] + ([base / "fast"] if (base / "fast" / "model.npz").is_file() else []) + ([social[0]] if social else [])
    calibration = None if args.fp32 else calibration_texts()
    from reader.extract.features import save_tables

    tables = save_tables(base / "vocab.json", (args.out_dir or base) / "vocab.npz")
    print(f"{tables}: {tables.stat().st_size / 2**20:.1f} MB (the featurizer's lookup tables)")
    done: set[pathlib.Path] = set()  # the default ensemble holds the fast network: written once
    for directory in variants:
        out_dir = (args.out_dir or base) / directory.relative_to(base)
        texts = social_calibration(calibration) if calibration and social and directory == social[0] else calibration
        for out, size in export(directory, out_dir, int8=not args.fp32, calibration=texts, done=done):
            print(f"{out}: {size / 2**20:.1f} MB ({'fp32' if args.fp32 else 'int8'})")


if __name__ == "__main__":
    main()
