"""`reader structure FILE`: the page's structure as JSON, offsets into the file's text."""

from __future__ import annotations

import json

from tests.cli.test_cli import REPO, run

SAMPLE = REPO / "data" / "news-page-zh.txt"


def test_sample_page_prints_the_documented_shape():
    r = run("structure", str(SAMPLE))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"articles", "section_labels", "joins", "gaps"}
    text = SAMPLE.read_text(encoding="utf-8")
    assert len(out["articles"]) == 6
    for a in out["articles"]:
        assert set(a) == {"title", "reporters", "blocks"}
        for b in a["blocks"]:
            assert set(b) == {"start", "end", "role"} and 0 <= b["start"] < b["end"] <= len(text)
    assert [s["text"] for s in out["section_labels"]] == ["K 园镜头"]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in out["section_labels"])
    assert set(out["joins"][0]) == {"from", "to"}
    assert out["articles"][0]["reporters"] == ["王延斌", "刘潇"]


def test_gb18030_file_and_a_plain_article(tmp_path):
    f = tmp_path / "plain.txt"
    text = "市场回暖\n\n记者从商务部获悉，一月份消费市场回暖。\r\n\r\n专家认为，这一趋势将持续。\r\n"
    f.write_bytes(text.encode("gb18030"))
    r = run("structure", str(f))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["articles"]) == 1
    a = out["articles"][0]
    assert a["title"] == "市场回暖"
    assert [text[b["start"] : b["end"]] for b in a["blocks"]][-1] == "专家认为，这一趋势将持续。"


def test_bad_input_is_one_line_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t\n", encoding="utf-8")
    for path in (tmp_path / "missing.txt", empty, blank, tmp_path):
        r = run("structure", str(path))
        assert r.returncode == 1 and r.stdout == b""
        lines = r.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("reader: ") and str(path) in lines[0]
