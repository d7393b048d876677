"""Identity harness for speed work on the extractor's glue (featurisation, Viterbi, merger, rules,
batch driver): the records of ``reader extract`` must stay byte-identical.

Inputs are built at run time from ../shared (never copied into the project):
- msra: the MSRA test text, one sentence per line (as the speed-vs-jieba check builds it);
- news: a few hundred paragraphs of ../shared/corpora/news2026, one per line;
- articles: whole news2026 articles (multi-line texts) as JSONL, read with ``--text-field text``.
Each is run through ``reader extract`` with the default model and ``--fast``, with ``--workers 1``
and all cores. ``record DIR`` writes the outputs (do this on the code before a change); ``compare
DIR`` runs again and fails on the first byte that differs. Outputs and inputs stay in DIR (outside
the project).

    python tests/bench/bench_glue.py record /tmp/glue-before
    python tests/bench/bench_glue.py compare /tmp/glue-before
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import sentences as msra_sentences  # noqa: E402  (the MSRA test text as sentences)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
N_PARAGRAPHS = 600
N_ARTICLES = 60


def news_inputs(news: Path) -> tuple[list[str], list[dict]]:
    """Paragraphs of every 7th article (up to N_PARAGRAPHS), and every 40th article whole."""
    paragraphs: list[str] = []
    articles: list[dict] = []
    with open(news, encoding="utf-8") as f:
        for i, line in enumerate(f):
            text = json.loads(line)["text"]
            if i % 7 == 3 and len(paragraphs) < N_PARAGRAPHS:
                paragraphs.extend(p for p in text.split("\n") if p.strip())
            if i % 40 == 5 and len(articles) < N_ARTICLES:
                articles.append({"n": i, "text": text})
    return paragraphs[:N_PARAGRAPHS], articles


def build_inputs(work: Path, shared: Path) -> dict[str, tuple[Path, list[str]]]:
    work.mkdir(parents=True, exist_ok=True)
    msra = work / "msra.txt"
    msra.write_text("\n".join(msra_sentences(shared / "corpora" / "msra" / "msra_test_bio")) + "\n", encoding="utf-8")
    paragraphs, articles = news_inputs(shared / "corpora" / "news2026" / "news2026.jsonl")
    news = work / "news.txt"
    news.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    arts = work / "articles.jsonl"
    arts.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return {
        "msra": (msra, ["--lines"]),
        "news": (news, ["--lines"]),
        "articles": (arts, ["--lines", "--text-field", "text"]),
    }


RUNS = [
    ("default", []),
    ("fast", ["--fast"]),
]
WORKERS = [("w1", ["--workers", "1"]), ("wall", [])]


def run_all(work: Path, python: str, shared: Path, only: list[str] | None = None) -> dict[str, tuple[bytes, float]]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out: dict[str, tuple[bytes, float]] = {}
    for name, (path, flags) in build_inputs(work, shared).items():
        for variant, vflags in RUNS:
            for wname, wflags in WORKERS:
                key = f"{name}-{variant}-{wname}"
                if only and not any(o in key for o in only):
                    continue
                t = time.perf_counter()
                r = subprocess.run(
                    [python, "-m", "reader", "extract", *flags, *vflags, *wflags, str(path)],
                    capture_output=True, env=env, check=True, cwd=REPO,  # python -m puts the cwd first on sys.path
                )
                out[key] = (r.stdout, time.perf_counter() - t)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["record", "compare"])
    ap.add_argument("dir", type=Path, help="where the recorded outputs are (outside the project)")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--only", action="append", help="run only the outputs whose name holds this (repeatable)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder with the corpora (default: ../shared)")
    args = ap.parse_args()
    results = run_all(args.dir / "inputs", args.python, args.shared, args.only)
    bad = 0
    for key, (data, secs) in results.items():
        f = args.dir / f"{key}.jsonl"
        digest = hashlib.sha256(data).hexdigest()[:16]
        n = data.count(b"\n")
        if args.action == "record":
            f.write_bytes(data)
            print(f"{key:24s} {n:5d} records {digest} {secs:6.2f} s  recorded")
            continue
        before = f.read_bytes()
        if before == data:
            print(f"{key:24s} {n:5d} records {digest} {secs:6.2f} s  identical")
            continue
        bad += 1
        old, new = before.split(b"\n"), data.split(b"\n")
        i = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        print(f"{key:24s} DIFFERS at record {i + 1} ({len(old) - 1} before, {len(new) - 1} now)")
        print("  before:", old[i][:300].decode(errors="replace") if i < len(old) else "<none>")
        print("  now:   ", new[i][:300].decode(errors="replace") if i < len(new) else "<none>")
    if args.action == "compare":
        print("all identical" if not bad else f"{bad} outputs differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
