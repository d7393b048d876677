"""reader stats / status / aliases / kwic, run as a user runs them."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

DOCS = [
    {"title": "a", "text": "新华社北京电，张三和李四在北京参观了华为公司。", "spans": [
        {"start": 7, "end": 9, "label": "PER", "origin": "import", "status": "accepted"},
        {"start": 10, "end": 12, "label": "PER", "origin": "model", "status": "suggested"},
        {"start": 13, "end": 15, "label": "LOC", "origin": "model", "status": "rejected"},
        {"start": 18, "end": 22, "label": "ORG", "origin": "import", "status": "accepted"}]},
    {"title": "b", "text": "山东华创融盛展示有限公司（以下简称“华创融盛”）在北京。华创融盛很好。", "spans": [
        {"start": 0, "end": 12, "label": "ORG"}, {"start": 18, "end": 22, "label": "ORG"},
        {"start": 25, "end": 27, "label": "LOC", "origin": "model", "status": "suggested"},
        {"start": 28, "end": 32, "label": "ORG", "origin": "model", "status": "suggested"}]},
    {"title": "c", "text": "没有实体的一句话。", "spans": []},
]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)


def make(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), "utf-8")
    db = tmp_path / "lib.db"
    r = run("--db", str(db), "import", str(src))
    assert r.returncode == 0, r.stderr
    return db


def test_stats_json_agrees_with_the_jsonl_export_on_every_count(tmp_path):
    db = make(tmp_path)
    assert run("--db", str(db), "status", "1", "done").returncode == 0
    assert run("--db", str(db), "aliases", "--merge", "ORG:山东华创融盛展示有限公司", "ORG:华创融盛").returncode == 0
    out = tmp_path / "out.jsonl"
    assert run("--db", str(db), "export", "--format", "jsonl", "-o", str(out)).returncode == 0
    r = run("--db", str(db), "stats", "--json")
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout)
    assert set(stats) == {"documents", "labels", "top"}
    docs = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert sum(stats["documents"].values()) == len(docs)
    assert stats["documents"] == {"new": 2, "in_progress": 0, "done": 1}
    by_label: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    entities: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for d in docs:
        for s in d["spans"]:
            by_label[s["label"]][s["status"]] += 1
            if s["status"] != "rejected":
                label, _, surface = s["entity"].partition(":")
                entities[label][surface] += 1
    for label, counts in stats["labels"].items():
        assert counts == {k: by_label[label][k] for k in ("accepted", "suggested", "rejected")}, label
    assert set(by_label) <= set(stats["labels"])
    for label, rows in stats["top"].items():
        assert {s: n for s, n in rows} == dict(entities[label]), label
    assert stats["top"]["ORG"][0] == ["山东华创融盛展示有限公司", 3]


def test_stats_on_an_empty_library_is_an_empty_state(tmp_path):
    db = tmp_path / "empty.db"
    r = run("--db", str(db), "stats", "--json")  # a reader never creates a library
    assert r.returncode == 1 and "no such library" in r.stderr and not db.exists()
    from reader.app import Library

    Library.open(db).close()
    r = run("--db", str(db), "stats", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["documents"] == {"new": 0, "in_progress": 0, "done": 0}
    r = run("--db", str(db), "stats")
    assert r.returncode == 0 and "empty" in r.stdout


def test_stats_table_and_status_commands(tmp_path):
    db = make(tmp_path)
    r = run("--db", str(db), "stats")
    assert r.returncode == 0 and "documents: 3 (3 new, 0 in progress, 0 done)" in r.stdout
    assert "mentions reviewed: 5 of 8" in r.stdout
    r = run("--db", str(db), "status", "1", "3", "done")
    assert r.returncode == 0 and "Mark 「a」 done" in r.stdout
    r = run("--db", str(db), "status")
    assert r.stdout.splitlines()[0].split("\t") == ["1", "done", "3/4", "a"]
    assert r.stdout.splitlines()[1].split("\t")[:3] == ["2", "new", "2/4"]
    for bad, msg in [(("7", "done"), "no document 7"), (("1", "finished"), "unknown document status"), (("x1", "done"), "not a document id")]:
        r = run("--db", str(db), "status", *bad)
        assert r.returncode == 1 and msg in r.stderr and "Traceback" not in r.stderr
    assert run("--db", str(db), "status").stdout.splitlines()[0].split("\t")[1] == "done"


def test_aliases_and_kwic_commands(tmp_path):
    db = make(tmp_path)
    r = run("--db", str(db), "aliases", "--propose")
    assert r.stdout.strip() == "ORG:山东华创融盛展示有限公司\tORG:华创融盛\tdocument 2"
    r = run("--db", str(db), "aliases", "--merge", "ORG:华为公司", "LOC:北京")
    assert r.returncode == 1 and "not labelled ORG" in r.stderr and "--force" in r.stderr
    assert run("--db", str(db), "aliases", "--accept-proposals").returncode == 0
    assert run("--db", str(db), "aliases").stdout.strip() == "ORG:山东华创融盛展示有限公司\tORG:华创融盛"
    r = run("--db", str(db), "kwic", "ORG:华创融盛")
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert [row[3] for row in rows] == ["山东华创融盛展示有限公司", "华创融盛", "华创融盛"]
    assert rows[0][:3] == ["2", "0-12", ""] and rows[0][4] == "（以下简称“华创融盛”）在北京"
    assert run("--db", str(db), "aliases", "--split", "ORG:华创融盛").returncode == 0
    assert "no aliases" in run("--db", str(db), "aliases").stdout
    r = run("--db", str(db), "kwic", "华创融盛")
    assert r.returncode == 1 and "LABEL:SURFACE" in r.stderr
