"""Tag the raw text of PFR 1998-01 with a trained model (the teacher) and write the result as
extra training data for ``scripts/train_ner.py --pseudo FILE`` (self-training / distillation of
the ensemble into a smaller network). PFR's own nr/ns/nt tags are not used here: their
conventions differ from MSRA's, and the teacher writes MSRA-style spans.

    python scripts/pseudo_label.py --out /work/work-train/pfr-pseudo.jsonl [--model DIR]

Paragraphs that share any 20-character window with the MSRA test text are dropped, so that no
test sentence reaches training, not even with the teacher's tags.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ner_data import SHARED, read_char_file, read_pfr  # noqa: E402

from reader.extract.model import NerModel  # noqa: E402

WINDOW = 20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--model", type=pathlib.Path, default=None, help="teacher model folder (default: the shipped model)")
    args = ap.parse_args()
    t0 = time.time()
    test_windows = set()
    for text, _ in read_char_file(SHARED / "msra" / "msra_test_bio"):
        test_windows.update(text[i : i + WINDOW] for i in range(max(0, len(text) - WINDOW + 1)))
    paras = ["".join(w for w, *_ in items) for items in read_pfr(SHARED / "pfr_199801" / "199801.txt")]
    kept = [p for p in paras if p and not any(p[i : i + WINDOW] in test_windows for i in range(max(0, len(p) - WINDOW + 1)))]
    print(f"PFR paragraphs {len(paras)}, kept {len(kept)} (dropped {len(paras) - len(kept)} that overlap the MSRA test text)")
    teacher = NerModel.load(args.model)
    spans = teacher.predict(kept)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for text, sp in zip(kept, spans):
            f.write(json.dumps({"text": text, "spans": [[s.start, s.end, s.label] for s in sp]}, ensure_ascii=False) + "\n")
    n = sum(len(s) for s in spans)
    print(f"wrote {len(kept)} paragraphs, {sum(map(len, kept))} chars, {n} spans to {args.out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
