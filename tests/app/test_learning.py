"""Learning from corrections: ``reader learn``, ``extract --learned``, versions, bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from reader.app import Library, Task
from reader.app import learning
from reader.cli import main
from reader.core import DocumentRecord
from reader.core.errors import Cancelled
from reader.core.model import Status
from reader.extract import default_extractor, load_model
from reader.extract.learn import Adaptation, Example, fine_tune, fingerprint

REPO = Path(__file__).resolve().parents[2]
REVIEWED = REPO / "tests" / "data" / "learn" / "sample-reviewed.json"


def sample() -> tuple[str, list[tuple[int, int, str]]]:
    """The sample page's first part and a reviewer's mentions for it."""
    data = json.loads(REVIEWED.read_text(encoding="utf-8"))
    a, b = data["range"]
    text = (REPO / data["text"]).read_text(encoding="utf-8")[a:b]
    return text, [(s, e, lab) for s, e, lab in data["spans"]]


def review(lib: Library, text: str, gold: list[tuple[int, int, str]], title: str = "样张") -> tuple[int, set, set]:
    """Import ``text``, let the shipped extractor suggest, then review like a person: accept the
    suggestions that are right, reject the others, tag what is missing. Returns the document id,
    the reviewed mentions and the rejected ones."""
    doc = lib.import_records([DocumentRecord(text, title, [])]).added[0]
    lib.apply_suggestions(doc, default_extractor().extract(text), "test")
    want = set(gold)
    sugg = list(lib.annotations(doc))
    right = [m.id for m in sugg if (m.start, m.end, m.label) in want]
    wrong = [m.id for m in sugg if (m.start, m.end, m.label) not in want]
    if wrong:
        lib.apply(lib.edit_reject(doc, wrong))
    if right:
        lib.apply(lib.edit_accept(doc, right))
    have = {(m.start, m.end, m.label) for m in lib.annotations(doc) if m.status is Status.ACCEPTED}
    for s, e, lab in sorted(want - have):
        lib.apply(lib.edit_tag(doc, s, e, lab))
    ms = list(lib.annotations(doc))
    accepted = {(m.start, m.end, m.label) for m in ms if m.status is Status.ACCEPTED}
    rejected = {(m.start, m.end, m.label) for m in ms if m.status is Status.REJECTED} - accepted
    assert accepted == want and not [m for m in ms if m.status is Status.SUGGESTED]
    return doc, accepted, rejected


def reorder(text: str, seed: int = 7) -> tuple[str, dict[int, int]]:
    """The same paragraphs in another order, and old offset -> new offset."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    order = list(range(len(lines)))
    while order == sorted(order):
        random.Random(seed).shuffle(order)
        seed += 1
    out, where = "", {}
    for k in order:
        p0, line = lines[k]
        for i in range(len(line) + 1):
            where[p0 + i] = len(out) + i
        out += line + "\n"
    return out, where


def moved(spans, where):
    return {(where[s], where[e - 1] + 1, lab) for s, e, lab in spans}


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main(list(argv))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_learned_finds_reviewed_mentions_again_in_another_order(lib, tmp_path, capsys):
    text, gold = sample()
    _, accepted, rejected = review(lib, text, gold)
    assert len(accepted) >= 100 and len(rejected) >= 5  # a real review: the shipped pipeline was wrong several times
    report = lib.learn()
    assert report.version == "v0001" and report.documents == 1
    assert lib.learned_version() == "v0001"
    # the library's own extraction (GUI, reader suggest) uses the learned model, with its own stamp
    assert lib.extraction.version.endswith("+learned-v0001")
    learned_spans = {(s.start, s.end, s.label) for s in lib.extraction.extract(text)}
    assert len(learned_spans & accepted) >= 0.95 * len(accepted)

    shuffled, where = reorder(text)
    f = tmp_path / "shuffled.txt"
    f.write_text(shuffled, encoding="utf-8")
    want, unwanted = moved(accepted, where), moved(rejected, where)

    rc, out, err = run_cli(capsys, "--db", str(tmp_path / "lib.db"), "extract", "--learned", str(f))
    assert rc == 0, err
    found = {(s["start"], s["end"], s["label"]) for s in json.loads(out)["spans"]}
    recall = len(found & want) / len(want)
    assert recall >= 0.95, f"found {recall:.1%} of the reviewed mentions again"
    assert not found & unwanted, f"rejected suggestions came back: {sorted(found & unwanted)}"

    # the learning itself generalises to the new order, not only a list of surfaces: the adapted
    # model alone (no library lexicon) finds most PER/LOC/ORG of the review, the shipped one far fewer
    ner = {t for t in want if t[2] in ("PER", "LOC", "ORG")}
    model, warning = learning.learned_model(lib)
    assert warning is None and model is not None
    alone = {(s.start, s.end, s.label) for s in model.predict([shuffled])[0]}
    shipped = {(s.start, s.end, s.label) for s in load_model().predict([shuffled])[0]}
    assert len(alone & ner) / len(ner) >= 0.9
    assert len(shipped & ner) / len(ner) < 0.7

    # and other text is not hurt: what the shipped model found there, the adapted one still finds
    other = (
        "国务院总理李强在北京人民大会堂会见了来访的法国总统马克龙。\n"
        "上海市浦东新区张江镇的复旦大学附属中山医院今天开诊。\n"
        "记者从广州市教育局获悉，中山大学和华南理工大学将联合招生。\n"
    )
    before = {(s.start, s.end, s.label) for s in load_model().predict([other])[0]}
    after = {(s.start, s.end, s.label) for s in model.predict([other])[0]}
    # (at most a few of 13 may move: one reviewed page teaches a lot; on held-out documents the
    # learning curve of tests/bench/bench_learning.py measures the net effect)
    assert len(before) >= 8 and len(before & after) >= 0.75 * len(before)

    # without --learned nothing of the library is used (with --db or without): the output is the
    # shipped model's, reproducible
    rc, out2, _ = run_cli(capsys, "--db", str(tmp_path / "lib.db"), "extract", str(f))
    rc3, out3, _ = run_cli(capsys, "extract", str(f))
    assert out3 != out and out2 == out3 == run_cli(capsys, "extract", str(f))[1]


def test_nothing_reviewed_says_so_and_exits_1(lib, tmp_path, capsys):
    lib.import_records([DocumentRecord("本报记者王延斌报道。", "未审", [])])
    doc = lib.document_ids()[0]
    lib.apply_suggestions(doc, default_extractor().extract("本报记者王延斌报道。"), "test")
    assert lib.annotations(doc) and lib.store.reviewed_document_ids() == []
    lib.close()
    rc, out, err = run_cli(capsys, "--db", str(tmp_path / "lib.db"), "learn")
    assert rc == 1 and out == ""
    assert "nothing reviewed" in err and str(tmp_path / "lib.db") in err
    assert not learning.models_dir(tmp_path / "lib.db").exists() or not any(
        learning.models_dir(tmp_path / "lib.db").iterdir()
    )


def test_reviewed_documents(lib):
    text = "本报记者王延斌报道。"
    never = lib.import_records([DocumentRecord(text, "a", [])]).added[0]  # not extracted: not reviewed
    partly = lib.import_records([DocumentRecord(text + "一", "b", [])]).added[0]
    lib.apply_suggestions(partly, default_extractor().extract(text), "test")
    done = lib.import_records([DocumentRecord(text + "二", "c", [])]).added[0]
    lib.apply_suggestions(done, default_extractor().extract(text), "test")
    lib.apply(lib.edit_accept_all(done))
    empty = lib.import_records([DocumentRecord("没有实体。", "d", [])]).added[0]
    lib.apply_suggestions(empty, [], "test")  # extracted, nothing found: nothing left to review
    assert lib.store.reviewed_document_ids() == [done, empty]
    assert never not in lib.store.reviewed_document_ids()


def _reviewed_library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib.db")
    text, gold = sample()
    part = text[:900]
    review(lib, part, [g for g in gold if g[1] <= 900])
    return lib


def test_versions_reset_and_a_killed_learn(tmp_path, capsys, monkeypatch):
    lib = _reviewed_library(tmp_path)
    db = str(tmp_path / "lib.db")
    try:
        assert lib.learn(steps=5).version == "v0001"
        assert lib.learn(steps=5).version == "v0002"
        assert learning.active_version(lib) == "v0002"

        # killed while writing the next version: v0002 stays in use and loads
        def die(self, directory):
            Path(directory).mkdir(parents=True)
            (Path(directory) / "adaptation.npz").write_bytes(b"half a file")
            raise KeyboardInterrupt

        monkeypatch.setattr(Adaptation, "save", die)
        with pytest.raises(KeyboardInterrupt):
            lib.learn(steps=5)
        monkeypatch.undo()
        assert learning.active_version(lib) == "v0002"
        assert sorted(p.name for p in learning.models_dir(db).iterdir()) == ["v0001", "v0002"]
        model, warning = learning.learned_model(lib)
        assert model is not None and warning is None

        # a learn killed after the files are in place but before the switch: still v0002
        monkeypatch.setattr(lib.store, "set_meta_value", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
        with pytest.raises(KeyboardInterrupt):
            lib.learn(steps=5)
        monkeypatch.undo()
        assert learning.active_version(lib) == "v0002"
        assert lib.learn(steps=5).version == "v0004"  # v0003 was written, never used: the number is not reused
    finally:
        lib.close()

    rc, out, err = run_cli(capsys, "--db", db, "learn", "--reset")
    assert rc == 0 and "back to the shipped model" in out and "v0004" in out
    lib = Library.open(db)
    try:
        assert learning.active_version(lib) is None
        assert learning.learned_model(lib) == (None, None)
        assert "learned" not in lib.extraction.version
    finally:
        lib.close()
    rc, out, _ = run_cli(capsys, "--db", db, "learn", "--reset")
    assert rc == 0 and "already" in out
    rc, out, err = run_cli(capsys, "--db", db, "learn")
    assert rc == 0 and "v0005" in out


def test_cancel_changes_nothing(tmp_path):
    lib = _reviewed_library(tmp_path)
    try:
        task = Task()
        steps = []

        def progress(done, total, message):
            steps.append(message)
            if message.startswith("learning"):
                task.cancel()

        task.on_progress = progress
        with pytest.raises(Cancelled):
            lib.learn(task)
        assert learning.active_version(lib) is None
        folder = learning.models_dir(tmp_path / "lib.db")
        assert not folder.exists() or not list(folder.iterdir())
        assert any(m.startswith("reading") for m in steps)
    finally:
        lib.close()


@pytest.mark.parametrize("damage", ["garbage", "missing", "other-model", "wrong-shape"])
def test_a_broken_learned_model_falls_back_with_a_warning(tmp_path, capsys, damage):
    lib = _reviewed_library(tmp_path)
    db = str(tmp_path / "lib.db")
    try:
        report = lib.learn(steps=5)
    finally:
        lib.close()
    d = report.directory
    if damage == "garbage":
        (d / "adaptation.npz").write_bytes(b"\0not a zip")
    elif damage == "missing":
        (d / "adaptation.json").unlink()
    elif damage == "other-model":
        meta = json.loads((d / "adaptation.json").read_text(encoding="utf-8"))
        meta["base"] = "0123456789abcdef"
        (d / "adaptation.json").write_text(json.dumps(meta), encoding="utf-8")
    else:
        with np.load(d / "adaptation.npz") as z:
            arrays = {k: z[k] for k in z.files}
        arrays["out_w_0"] = arrays["out_w_0"][:3]
        np.savez(d / "adaptation.npz", **arrays)
    learning._forget_cached(Path(db))
    f = tmp_path / "t.txt"
    f.write_text("本报记者王延斌报道，山东德州经开区在德州召开大会。", encoding="utf-8")
    rc, out, err = run_cli(capsys, "--db", db, "extract", "--learned", str(f))
    assert rc == 0
    assert "warning" in err and "v0001" in err and "shipped model" in err
    if damage == "garbage":
        assert "adaptation.npz is damaged" in err and "pickle" not in err
    rc, plain, _ = run_cli(capsys, "extract", str(f))
    assert out == plain


def test_extract_learned_needs_an_existing_library(tmp_path, capsys):
    f = tmp_path / "t.txt"
    f.write_text("本报记者王延斌报道。", encoding="utf-8")
    rc, out, err = run_cli(capsys, "--db", str(tmp_path / "none.db"), "extract", "--learned", str(f))
    assert rc == 1 and out == "" and "no such library" in err
    assert not (tmp_path / "none.db").exists()


def test_adaptation_round_trip(tmp_path):
    base = load_model()
    text, gold = sample()
    ad = fine_tune(base, [Example(text[:600], [g for g in gold if g[1] <= 600])], steps=3)
    ad.save(tmp_path / "a")
    back = Adaptation.load(tmp_path / "a")
    assert back.base == ad.base and back.lexicon_add == ad.lexicon_add
    for x, y in zip(back.out_w + back.out_b + [back.trans], ad.out_w + ad.out_b + [ad.trans]):
        assert np.array_equal(x, y)
    m1, m2 = ad.apply(base), back.apply(base)
    assert m1.predict([text]) == m2.predict([text])
    assert base.predict([text]) == load_model().predict([text])  # the base model is left as it was


def test_a_read_only_library_does_not_learn(tmp_path):
    from reader.core.errors import ReadOnlyLibrary

    _reviewed_library(tmp_path).close()
    lib = Library.open(tmp_path / "lib.db", write=False)
    try:
        with pytest.raises(ReadOnlyLibrary):
            lib.learn(steps=2)
        with pytest.raises(ReadOnlyLibrary):
            lib.reset_learning()
    finally:
        lib.close()
    assert not learning.models_dir(tmp_path / "lib.db").exists()


def _without_npz(tmp_path: Path) -> Path:
    """The shipped model folder as the wheel installs it: compiled graphs, no npz weights."""
    import shutil

    from reader.resources import resource_path

    dst = tmp_path / "ner"
    shutil.copytree(resource_path("ner"), dst, ignore=shutil.ignore_patterns("model.npz"))  # as hatch_build.py
    assert not list(dst.rglob("model.npz"))
    return dst


def test_learning_runs_on_the_compiled_graph_without_npz_weights(tmp_path):
    from reader.extract.model import NerModel

    base = NerModel.load(_without_npz(tmp_path), threads=1)
    assert base.runtime is not None and base.runtime.adaptable
    text, gold = sample()
    part = [g for g in gold if g[1] <= 1200]
    ad = fine_tune(base, [Example(text[:1200], part)], steps=30)
    learned = ad.apply(base)
    assert learned.runtime is not None and learned.adapted is not None  # still compiled, not numpy
    found = {(s.start, s.end, s.label) for s in learned.predict([text[:1200]])[0]}
    want = {g for g in part if g[2] in ("PER", "LOC", "ORG")}
    assert len(found & want) >= 0.95 * len(want)
    # an adaptation made here applies to the numpy reference model too (the same fingerprint)
    numpy_base = load_model().__class__.load(backend="numpy")
    assert ad.apply(numpy_base).runtime is None
    assert ad.base == fingerprint(numpy_base)


def test_an_unchanged_output_layer_on_the_graph_tags_as_the_graph(tmp_path):
    base = load_model()
    heads = base.heads
    same = Adaptation(
        fingerprint(base),
        [h.out_w for h, _ in heads],
        [h.out_b for h, _ in heads],
        base.trans.copy(),
        base.start.copy(),
        base.end.copy(),
    )
    allowed = base.trans > -1e3
    same.trans = np.where(allowed, same.trans, 0).astype(np.float32)
    adapted = same.apply(base)
    assert adapted.adapted is not None
    text, _ = sample()
    a, b = base.predict_tags([text])[0], adapted.predict_tags([text])[0]
    assert (a == b).mean() > 0.999  # the graph's int8 output layer against the float one


def test_a_graph_with_malformed_output_layers_is_refused(tmp_path):
    import onnx

    from reader.extract.model import NerModel

    folder = _without_npz(tmp_path)
    proto = onnx.load(folder / "fast" / "model.onnx")
    for p in proto.metadata_props:
        if p.key == "reader.heads":
            p.value = '[{"out_w": [[1, 2]], "out_b": [1]}]'
    onnx.save(proto, folder / "fast" / "model.onnx")
    with pytest.raises(ValueError, match="malformed output layers"):
        NerModel.load(folder, fast=True)
