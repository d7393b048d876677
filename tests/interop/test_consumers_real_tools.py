"""Our exports read by the real tools: seqeval, spaCy (``spacy convert -c ner`` and DocBin), and
the Label Studio SDK (its task validator and its converter). Each test is skipped, saying why,
when the tool is not installed: ``pip install -e '.[interop]'`` installs them all (a few
seconds each to run; spaCy's import is the slowest).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.model import DocumentRecord, MentionRecord, Status
from reader.formats import read, write

pytestmark = pytest.mark.interop

DOCS = [
    DocumentRecord("新华社北京电（记者王延斌）德州经开区𠮷野家😀开店。商务部数据显示增长38%。", "新华社 一", [
        MentionRecord(0, 3, "ORG"), MentionRecord(3, 5, "LOC"), MentionRecord(9, 12, "PER"),
        MentionRecord(13, 18, "LOC"), MentionRecord(18, 21, "ORG"), MentionRecord(25, 28, "ORG"),
        MentionRecord(30, 34, "DATE", status=Status.SUGGESTED),
    ], {}, 1),
    DocumentRecord("他说：“北京。上海”很好。\n第二行 有空格\t和制表符", "二", [MentionRecord(4, 10, "LOC")], {}, 2),
    DocumentRecord("A", "三", [MentionRecord(0, 1, "ORG")], {}, 3),
]


def accepted(doc: DocumentRecord) -> list[tuple[str, str]]:
    return [(doc.text[m.start:m.end], m.label) for m in doc.mentions if m.status is Status.ACCEPTED]


def sentences(path: Path) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if out[-1]:
                out.append([])
            continue
        tok, tag = line.split("\t")
        out[-1].append((tok, tag))
    return [s for s in out if s]


# ---------------------------------------------------------------- seqeval

@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_seqeval_reads_our_bio_and_bioes(tmp_path: Path, scheme: str) -> None:
    seqeval = pytest.importorskip("seqeval", reason="seqeval is not installed (pip install seqeval)")
    from seqeval.metrics import f1_score
    from seqeval.metrics.sequence_labeling import get_entities
    from seqeval.scheme import IOBES, IOB2

    out = tmp_path / f"x.{scheme}"
    write(DOCS, out, "conll", scheme=scheme, comments=False)
    sents = sentences(out)
    tags = [[t for _, t in s] for s in sents]
    found = []
    for s, ts in zip(sents, tags):
        for label, a, b in get_entities(ts):
            found.append(("".join(tok for tok, _ in s[a:b + 1]), label))
    assert sorted(found) == sorted(x for d in DOCS for x in accepted(d))
    strict = IOBES if scheme == "bioes" else IOB2
    assert f1_score(tags, tags, mode="strict", scheme=strict) == 1.0  # a strict reader accepts every sequence
    assert seqeval.__name__ == "seqeval"


# ---------------------------------------------------------------- spaCy

def _spacy():  # type: ignore[no-untyped-def]
    return pytest.importorskip("spacy", reason="spaCy is not installed (pip install 'reader[spacy]')")


def test_spacy_convert_ner_reads_our_plain_bio(tmp_path: Path) -> None:
    spacy = _spacy()
    from spacy.tokens import DocBin

    src = tmp_path / "train.bio"
    write(DOCS, src, "conll", comments=False)
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, "-m", "spacy", "convert", str(src), str(out), "-c", "ner", "-n", "0"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr + r.stdout
    docs = list(DocBin().from_disk(out / "train.spacy").get_docs(spacy.blank("xx").vocab))
    ents = [(e.text.replace(" ", ""), e.label_) for d in docs for e in d.ents]
    assert ents == [x for d in DOCS for x in accepted(d)]
    assert all(e.label_ != "doc:" and "#" not in e.text for d in docs for e in d.ents)


def test_spacy_loads_our_docbin(tmp_path: Path) -> None:
    spacy = _spacy()
    from spacy.tokens import DocBin

    out = tmp_path / "train.spacy"
    report = write(DOCS, out, "spacy")
    assert any("suggested" in line for line in report.dropped)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("zh").vocab))
    assert [d.text for d in docs] == [d.text for d in DOCS]
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [accepted(d) for d in DOCS]
    assert [d.user_data["title"] for d in docs] == [d.title for d in DOCS]
    nlp = spacy.blank("zh")  # what `spacy train` does with the file: Examples against a Chinese tokenizer
    from spacy.training import Example

    for d in docs:
        ex = Example(nlp.make_doc(d.text), d)
        assert len(ex.reference.ents) == len(d.ents)


# ---------------------------------------------------------------- Label Studio

CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="ORG"/><Label value="LOC"/><Label value="PER"/><Label value="DATE"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""


def _ls():  # type: ignore[no-untyped-def]
    return pytest.importorskip("label_studio_sdk", reason="label-studio-sdk is not installed (pip install label-studio-sdk)")


def test_label_studio_validates_our_tasks(tmp_path: Path) -> None:
    _ls()
    from label_studio_sdk.label_interface import LabelInterface

    out = tmp_path / "tasks.json"
    write(DOCS, out, "labelstudio")
    tasks = json.loads(out.read_text(encoding="utf-8"))
    li = LabelInterface(CONFIG)
    for task in tasks:
        # (validate_task itself calls validate_annotation() without its argument in SDK 2.x)
        assert all(task["data"].get(obj.value_name) for obj in li.objects if obj.value_is_variable)
        for ann in task["annotations"]:
            assert li.validate_annotation(ann), li._validate_object_logic(ann)
        for pred in task["predictions"]:
            assert li.validate_prediction(pred, return_errors=True) == []


def test_label_studio_converter_reads_our_export(tmp_path: Path) -> None:
    _ls()
    from label_studio_sdk.converter import Converter

    out = tmp_path / "tasks.json"
    write(DOCS, out, "labelstudio")
    conv = Converter(CONFIG, project_dir=str(tmp_path))
    target = tmp_path / "min"
    conv.convert_to_json_min(str(out), str(target), is_dir=False)
    produced = target / "result.json"
    back = read([produced], "labelstudio")
    assert back.errors == []
    assert [accepted(d) for d in back.docs] == [accepted(d) for d in DOCS]
