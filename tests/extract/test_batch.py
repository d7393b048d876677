"""Batch extraction: same records from one core, a process pool and a Dask cluster, in input order,
input read lazily (memory flat in its size), bad input refused with FILE:LINE. No Qt."""

from __future__ import annotations

import itertools
import json
import math

import pytest

from reader.core.errors import InputError
from reader.extract.batch import TAIL_PIECES, ExtractJob, Interrupted, chunks, extract_records
from reader.formats.stream import expand_paths, iter_documents

TEXTS = [
    "国务院总理李鹏今天在人民大会堂会见了美国客人。",
    "",
    "新华社北京5月1日电 𠮷野家😀在北京开店，投资50亿元。",
    "江泽民主席在上海会见了日本首相桥本龙太郎。\r",
    "山东德州经开区增长38%。",
] * 12


def run(docs, **kw) -> list[str]:
    return [line for lines in extract_records(docs, kw.pop("job", ExtractJob()), **kw) for line in lines]


@pytest.fixture(scope="module")
def one_core() -> list[str]:
    return run(iter(TEXTS), workers=1, chunk_chars=150)


def test_records_keep_the_contract_and_the_order(one_core) -> None:
    assert len(one_core) == len(TEXTS)
    for text, line in zip(TEXTS, one_core):
        assert line.endswith("\n") and line.count("\n") == 1
        rec = json.loads(line)
        assert rec["text"] == text
        for s in rec["spans"]:
            assert text[s["start"] : s["end"]] == s["text"]
    assert {"人民大会堂", "李鹏"} <= {s["text"] for s in json.loads(one_core[0])["spans"]}


def test_chunking_does_not_change_the_records(one_core) -> None:
    assert run(iter(TEXTS), workers=1, chunk_chars=10**9) == one_core


def test_two_worker_processes_give_the_same_records(one_core) -> None:
    assert run(iter(TEXTS), workers=2, chunk_chars=150) == one_core


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_lazily(workers: int) -> None:
    """An endless input still gives records: nothing waits for the whole input."""
    pulled = itertools.count()

    def endless():
        for i in itertools.count():
            next(pulled)
            yield TEXTS[i % len(TEXTS)]

    out = extract_records(endless(), ExtractJob(), workers=workers, chunk_chars=100)
    first = [next(out) for _ in range(3)]
    out.close()
    assert all(first)
    assert next(pulled) < 200


def test_stop_ends_after_whole_chunks() -> None:
    import threading

    stop = threading.Event()
    got: list[str] = []
    with pytest.raises(Interrupted):
        for lines in extract_records(iter(TEXTS), ExtractJob(), workers=1, chunk_chars=100, stop=stop):
            got.extend(lines)
            stop.set()
    assert 0 < len(got) < len(TEXTS)
    assert all(json.loads(line)["text"] == t for line, t in zip(got, TEXTS))


def test_text_field_keeps_the_input_object(tmp_path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": 7, "body": "李鹏在北京"}\n\n{"id": 8, "body": ""}\n', encoding="utf-8")
    docs = iter_documents([str(f)], text_field="body")
    recs = [json.loads(x) for x in run(docs, job=ExtractJob(text_field="body"))]
    assert [r["id"] for r in recs] == [7, 8]
    assert [(s["text"], s["label"]) for s in recs[0]["spans"]] == [("李鹏", "PER"), ("北京", "LOC")]
    assert recs[1]["spans"] == [] and recs[1]["body"] == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [("not json\n", "in.jsonl:1: not JSON"), ('{"id": 1}\n', "in.jsonl:1: no text field"), ('[1]\n', "expected a JSON object")],
)
def test_bad_jsonl_names_file_and_line(tmp_path, content: str, message: str) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        list(iter_documents([str(f)], text_field="body"))


def test_lines_are_decoded_as_they_are_read(tmp_path) -> None:
    f = tmp_path / "a.txt"
    body = ("第一行𠮷\r\n" + "x" * 3000 + "\n") * 400 + "最后一行"
    f.write_bytes(body.encode("utf-8"))
    assert list(iter_documents([str(f)], lines=True)) == body.replace("\r\n", "\n").split("\n")
    g = tmp_path / "gbk.txt"
    g.write_bytes("北京\n上海\n".encode("gb18030"))
    assert list(iter_documents([str(g)], lines=True)) == ["北京", "上海"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(("好" * 400_000 + "\n").encode("utf-8") + b"\xff\xfe\xfa\n")
    with pytest.raises(InputError, match="bad.txt"):
        list(iter_documents([str(bad)], lines=True))


def test_paths_folders_and_patterns(tmp_path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "d" / "sub" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "d" / ".hidden").write_text("h", encoding="utf-8")
    d = tmp_path / "d"
    assert expand_paths([str(d)]) == [str(d / "b.txt"), str(d / "sub" / "a.txt")]
    assert expand_paths([str(d / "**" / "*.txt")]) == sorted([str(d / "b.txt"), str(d / "sub" / "a.txt")])
    with pytest.raises(InputError, match="no file matches"):
        expand_paths([str(d / "*.md")])
    with pytest.raises(InputError, match="no such file"):
        expand_paths([str(tmp_path / "missing.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no files"):
        expand_paths([str(tmp_path / "empty")])


def test_chunks_hold_at_least_one_document() -> None:
    parts = list(chunks(iter(["a" * 50, "b", "c" * 10]), chunk_chars=5))
    assert parts == [["a" * 50], ["b", "c" * 10]]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None, protocol="tcp", host="127.0.0.1"
    ) as c:
        yield c


def test_dask_cluster_gives_the_same_records(cluster, one_core) -> None:
    assert run(iter(TEXTS), cluster=cluster.scheduler_address, chunk_chars=150) == one_core


def test_unreachable_cluster_is_a_clear_error(monkeypatch) -> None:
    pytest.importorskip("distributed")
    from reader.core.errors import ReaderError
    from reader.extract import batch

    monkeypatch.setattr(batch, "CONNECT_TIMEOUT", "2s")

    with pytest.raises(ReaderError, match="cannot reach the Dask scheduler"):
        run(iter(TEXTS), cluster="tcp://127.0.0.1:9")


def test_main_process_of_a_batch_run_imports_no_model_code() -> None:
    """`reader extract` hands chunks to its workers: its own process imports neither numpy nor the
    merger (the fork server preloads them for the workers)."""
    import subprocess
    import sys

    code = (
        "import sys, reader.cli, reader.extract.batch, reader.formats.stream; "
        "print([m for m in ('numpy', 'reader.extract.merge', 'reader.extract.model') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_the_end_of_the_input_is_cut_finer_for_several_workers() -> None:
    docs = [f"{i:02d}" + "文" * 18 for i in range(30)]  # 20 characters each
    one = list(chunks(iter(docs), chunk_chars=100))
    assert [len(c) for c in one] == [5] * 6
    two = list(chunks(iter(docs), chunk_chars=100, workers=2))
    assert [d for c in two for d in c] == docs
    # 4 whole chunks, then the last 200 characters in about 2 x TAIL_PIECES pieces of equal
    # characters (whole documents): no worker waits long for another's last chunk
    def pieces(n_docs: int) -> list[int]:
        piece = math.ceil(n_docs * 20 / (2 * TAIL_PIECES))  # characters a piece reaches
        per = math.ceil(piece / 20)  # documents per piece
        return [per] * (n_docs // per) + ([n_docs % per] if n_docs % per else [])

    assert [len(c) for c in two] == [5] * 4 + pieces(10)
    assert len(pieces(10)) >= 2 * TAIL_PIECES
    # an input of one chunk stays one (no pool is started for it)
    assert list(chunks(iter(docs[:4]), chunk_chars=100, workers=2)) == [docs[:4]]
    assert [len(c) for c in chunks(iter(docs[:6]), chunk_chars=100, workers=2)] == pieces(6)


def test_a_documents_records_do_not_depend_on_the_documents_chunked_with_it() -> None:
    """What lets the chunks depend on the number of workers (a graph that quantised activations per
    batch tagged 上海 + 港新片区 here next to the list of names)."""
    from reader.extract.batch import records_for

    texts = [
        "李鹏乔石李瑞环朱镕基刘华清胡锦涛尉健行李岚清" * 8,
        "马斯克旗下的特斯拉公司在上海临港新片区扩建工厂。",
        "外交部发言人王毅在北京表示，中国愿同日本加强合作。",
        "ＡＢＣ公司的１２３名员工今天来到深圳市南山区参观，李强会见了他们。" * 4,
        "山东德州经开区增长38%。",
    ]
    together = records_for(texts, ExtractJob())
    assert [records_for([t], ExtractJob())[0] for t in texts] == together


def test_batch_records_are_what_the_window_suggests() -> None:
    """`reader extract` and the window run one pipeline (model, rules, lexicon, known
    organisations): the same spans for the same texts."""
    from reader.extract import default_extractor
    from reader.extract.batch import records_for

    texts = [
        "特斯拉财报显示，英伟达与宁德时代的订单增加，马斯克在上海表示满意。",
        "国家发展改革委、国家数据局联合印发通知，2026年1月起施行。",
        "小米汽车发布会上，雷军宣布SU7的交付量超过十万辆，同比增长38%。",
    ]
    window = default_extractor().extract_many(texts)
    for line, spans in zip(records_for(texts, ExtractJob()), window):
        got = [(s["start"], s["end"], s["label"]) for s in json.loads(line)["spans"]]
        assert got == [(s.start, s.end, s.label) for s in spans]
    # the known organisations take part (特斯拉 and 英伟达 are on the shipped list)
    assert any(s["label"] == "ORG" and s["text"] == "特斯拉" for s in json.loads(records_for(texts[:1], ExtractJob())[0])["spans"])
