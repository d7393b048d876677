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


def _library_with_sample(tmp_path):
    from reader.app import Library

    db = tmp_path / "lib.db"
    lib = Library.open(db)
    try:
        doc = lib.import_files([SAMPLE]).added[0]
        text = lib.document(doc).text
        for name, label in (("王延斌", "PER"), ("刘潇", "PER"), ("陈海荣", "PER"), ("北京亦庄", "LOC"), ("K 园镜头", "ORG")):
            s = text.index(name)
            lib.apply(lib.edit_tag(doc, s, s + len(name), label))
    finally:
        lib.close()
    return db, text


def test_export_by_article_jsonl(tmp_path):
    db, page = _library_with_sample(tmp_path)
    out = tmp_path / "articles.jsonl"
    r = run("--db", str(db), "export", "--format", "jsonl", "--by-article", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert b"1 mention not written" in r.stderr  # the one on the section label
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 6
    first = recs[0]
    assert first["title"].endswith("当好北向发展“桥头堡”")
    assert first["metadata"]["page_id"] == 1 and first["metadata"]["article"] == 1
    assert first["metadata"]["reporters"] == ["王延斌", "刘潇"]
    for rec in recs:
        text = rec["text"]
        for s in rec["spans"]:
            assert text[s["start"] : s["end"]] == s["text"]
        for ps, pe, start in rec["metadata"]["page_offsets"]:
            assert text[start : start + pe - ps] == page[ps:pe]
    spans = {s["text"]: s for s in first["spans"]}
    assert spans["王延斌"]["attributes"] == {"role": "reporter"}
    assert spans["刘潇"]["attributes"] == {"role": "correspondent"}
    assert "attributes" not in spans["陈海荣"]
    assert "部长陈海荣说" in first["text"]  # joined across the column break, the repeated 长 skipped
    assert "迁至德州经开区的众多企业之一" in first["text"]  # the caption no longer cuts the sentence
    assert first["text"].rstrip().endswith("进行深加工。")  # the caption comes last


def test_export_by_article_in_every_record_format(tmp_path):
    db, _ = _library_with_sample(tmp_path)
    for fmt, name in (("doccano", "a.jsonl"), ("conll", "a.conll"), ("labelstudio", "a.json"), ("prodigy", "p.jsonl"), ("csv", "a.csv"), ("brat", "brat")):
        out = tmp_path / name
        r = run("--db", str(db), "export", "--format", fmt, "--by-article", "-o", str(out))
        assert r.returncode == 0, (fmt, r.stderr)
        assert out.exists()
    anns = sorted((tmp_path / "brat").glob("*.ann"))
    assert len(anns) == 6
    first = anns[0].read_text(encoding="utf-8")
    assert "\tRole T" in first and " reporter" in first
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "Role\tArg:<ENTITY>, Value:correspondent|reporter" in conf
    prodigy = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(prodigy) == 6 and any(s.get("attributes") == {"role": "reporter"} for s in prodigy[0]["spans"])
