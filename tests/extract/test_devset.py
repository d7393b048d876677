"""The news2026 dev set: the committed pointers are well formed and hold no text; the loader
resolves them, and refuses a corpus whose text changed, a missing article, bad spans."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from reader.core.errors import InputError
from reader.core.labels import DEFAULT_LABEL_NAMES
from reader.core.model import text_sha256
from reader.extract.devset import (
    CORPUS_ENV,
    as_gold,
    default_devset_path,
    find_corpus,
    load_devset,
    read_devset,
)
from reader.extract.evaluate import score

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def test_committed_set_is_well_formed_and_large_enough() -> None:
    records = read_devset()
    assert len(records) >= 40
    labels = Counter(lab for r in records for _, _, lab in r.spans)
    assert sum(labels.values()) >= 2000
    assert set(labels) == set(DEFAULT_LABEL_NAMES)
    assert len({r.source for r in records}) >= 21
    for r in records:
        assert [c["pass"] for c in r.checks] == [1, 2], r.id
        assert len(r.sha256) == 64 and r.chars > 0


def test_committed_set_copies_no_text() -> None:
    raw = default_devset_path().read_text(encoding="utf-8")
    assert not HAN.search(raw), "the dev set must point into the corpus, not copy from it"
    for line in raw.splitlines():
        d = json.loads(line)
        assert set(d) <= {"id", "source", "date", "chars", "sha256", "spans", "checks"}


def _corpus(tmp_path: Path, texts: dict[str, str]) -> Path:
    p = tmp_path / "news2026.jsonl"
    p.write_text(
        "".join(json.dumps({"id": k, "source": "feed", "text": v}, ensure_ascii=False) + "\n" for k, v in texts.items()),
        encoding="utf-8",
    )
    return p


def _devset(tmp_path: Path, records: list[dict]) -> Path:
    p = tmp_path / "devset.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return p


TEXT = "新华社北京1月27日电 记者王延斌报道"


def _record(**over) -> dict:
    rec = {
        "id": "a1",
        "source": "feed",
        "chars": len(TEXT),
        "sha256": text_sha256(TEXT),
        "spans": [[0, 3, "ORG"], [3, 5, "LOC"], [5, 10, "DATE"], [14, 17, "PER"]],
        "checks": [{"pass": 1}, {"pass": 2}],
    }
    rec.update(over)
    return rec


def test_load_resolves_pointers(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"a1": TEXT, "other": "无关"})
    docs = load_devset(_devset(tmp_path, [_record()]), corpus)
    assert len(docs) == 1
    d = docs[0]
    assert [d.text[s:e] for s, e, _ in d.spans] == ["新华社", "北京", "1月27日", "王延斌"]
    gold = as_gold(docs)
    res = score(gold, [[(0, 3, "ORG"), (14, 17, "PER")]])
    assert res.micro.tp == 2 and res.micro.fn == 2 and res.micro.fp == 0


def test_changed_corpus_text_is_an_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"a1": TEXT + "。"})
    with pytest.raises(InputError, match="sha256"):
        load_devset(_devset(tmp_path, [_record()]), corpus)


def test_missing_article_is_an_error(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, {"zz": TEXT})
    with pytest.raises(InputError, match="a1 is not in the corpus"):
        load_devset(_devset(tmp_path, [_record()]), corpus)


@pytest.mark.parametrize(
    "spans,message",
    [
        ([[0, 3, "ORG"], [2, 5, "LOC"]], "overlap"),
        ([[0, 3, "COMPANY"]], "unknown label"),
        ([[3, 3, "LOC"]], "empty"),
        ([[0, 99, "LOC"]], "after the text"),
        ([["0", 3, "LOC"]], r"\[start, end, label\]"),
    ],
)
def test_bad_spans_are_errors(tmp_path: Path, spans: list, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_devset(_devset(tmp_path, [_record(spans=spans)]))


def test_duplicate_and_malformed_lines_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="twice"):
        read_devset(_devset(tmp_path, [_record(), _record()]))
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "a1"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:1"):
        read_devset(p)


def test_corpus_lookup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path, {"a1": TEXT})
    assert find_corpus(tmp_path) == corpus  # a folder means the news2026.jsonl in it
    monkeypatch.setenv(CORPUS_ENV, str(corpus))
    assert find_corpus() == corpus
    with pytest.raises(InputError, match="not found"):
        find_corpus(tmp_path / "nowhere")


def test_committed_set_against_the_corpus() -> None:
    try:
        find_corpus()
    except InputError:
        pytest.skip("news2026 corpus not available here")
    docs = load_devset()
    assert len(docs) == len(read_devset())
    for d in docs:
        for s, e, lab in d.spans:
            span = d.text[s:e]
            assert span == span.strip() and "\n" not in span, (d.id, s, e, lab, span)


def test_eval_script_prints_label_and_source_tables(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = _corpus(tmp_path, {"a1": TEXT})
    devset = _devset(tmp_path, [_record()])
    script = Path(__file__).resolve().parents[2] / "scripts" / "eval_devset.py"
    run = subprocess.run(
        [sys.executable, str(script), "--rules", "--devset", str(devset), "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "DATE" in run.stdout and "micro" in run.stdout
    assert re.search(r"^feed\s+1\s+1\s+1\.000\s+1\.000\s+1\.000$", run.stdout, re.M), run.stdout
    bad = subprocess.run(
        [sys.executable, str(script), "--rules", "--devset", str(devset), "--corpus", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1 and "not found" in bad.stderr
