"""evaluate.py and kashif.evaluation.evaluate: scores from files, a model or the weak labeller, and
one clear line (exit 2) for every kind of bad input."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kashif.corpus import read_conll
from kashif.evaluation import EvaluationError, evaluate
from kashif.metrics import ANERCORP, conll_scores, evaluate_documents
from kashif.schema import Document, build_document, write_jsonl

REPO = Path(__file__).resolve().parents[1]
TEXT = "قصفت القوات العراقية الموصل بقذائف هاون. وقال جون دوريان إن داعش استخدم غاز الكلور."
TEXT2 = "وصلت شحنة ذخيرة إلى دمشق في 15 أبريل 2017."
GOLD = [
    build_document("d1", TEXT, [(5, 20, "ORG", None), (21, 27, "GPE", None), (28, 39, "WEAPON", None),
                                (46, 56, "PER", None), (60, 64, "ORG", None), (72, 82, "WEAPON", None)],
                   [(0, 1, "ATTACKED", None), (0, 2, "USED", None), (4, 5, "USED", None)]),
    build_document("d2", TEXT2, [(10, 15, "WEAPON", None), (20, 24, "GPE", None), (28, 41, "DATE", None)]),
]
PRED = [
    build_document("d2", TEXT2, [(20, 24, "GPE", 0.9), (28, 41, "DATE", 0.8)]),
    build_document("d1", TEXT, [(12, 20, "ORG", 0.9), (21, 27, "GPE", 0.9), (28, 39, "WEAPON", 0.8),
                                (60, 64, "ORG", 0.9), (72, 82, "WEAPON", 0.7)],
                   [(0, 1, "ATTACKED", 0.6), (3, 4, "USED", 0.9)]),
]
CONLL_GOLD = "قال O\nجون B-PERS\nدوريان I-PERS\nفي O\nالموصل B-LOC\n\nوزارة B-ORG\nالدفاع I-ORG\nأمس O\n"
CONLL_PRED = "قال O\nجون B-PER\nدوريان I-PER\nفي O\nالموصل B-GPE\n\nوزارة B-ORG\nالدفاع O\nأمس B-DATE\n"


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    write_jsonl(GOLD, gold)
    write_jsonl(PRED, pred)
    cg, cp = tmp_path / "gold.conll", tmp_path / "pred.conll"
    cg.write_text(CONLL_GOLD, encoding="utf-8")
    cp.write_text(CONLL_PRED, encoding="utf-8")
    return {"gold": gold, "pred": pred, "cgold": cg, "cpred": cp, "dir": tmp_path}


def run_cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "evaluate.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)


def test_evaluate_jsonl_predictions(files):
    rep = evaluate(files["gold"], files["pred"])
    assert rep["entities"]["strict"]["micro"] == pytest.approx(
        {"precision": 6 / 7, "recall": 6 / 9, "f1": 0.75, "support": 9})
    assert rep["entities"]["partial"]["micro"] == pytest.approx(
        {"precision": 1.0, "recall": 7 / 9, "f1": 14 / 16, "support": 9})
    assert rep["relations"]["strict"]["micro"] == pytest.approx(
        {"precision": 0.5, "recall": 1 / 3, "f1": 0.4, "support": 3})
    assert rep["relations"]["relaxed"]["micro"] == pytest.approx(
        {"precision": 1.0, "recall": 2 / 3, "f1": 0.8, "support": 3})
    assert rep["meta"] == {"gold": str(files["gold"]), "gold_format": "jsonl", "pred": str(files["pred"]),
                           "label_map": None, "documents": 2}
    assert {k: v for k, v in rep.items() if k != "meta"} == evaluate_documents(GOLD, PRED)


def test_gold_document_without_prediction_predicts_nothing(files):
    pred = files["dir"] / "one.jsonl"
    write_jsonl(PRED[1:], pred)
    rep = evaluate(files["gold"], pred)
    assert rep["entities"]["strict"]["micro"]["recall"] == pytest.approx(4 / 9)


def test_evaluate_conll_with_anercorp_map(files):
    rep = evaluate(files["cgold"], files["cpred"], gold_format="conll", label_map="anercorp")
    assert rep["seqeval"]["per_type"] == {
        "PERS": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1},
        "LOC": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1},
        "ORG": {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1},
    }
    assert rep["meta"]["sentences"] == 2 and rep["meta"]["label_map"] == "anercorp"
    # without the map the type names differ and the one ORG is cut short: nothing matches
    plain = evaluate(files["cgold"], files["cpred"], gold_format="conll")
    assert plain["seqeval"]["micro"]["f1"] == 0.0


def test_cli_prints_tables_and_writes_json(files):
    out = files["dir"] / "runs" / "eval.json"
    res = run_cli("--gold", files["gold"], "--pred", files["pred"], "--output", out)
    assert res.returncode == 0, res.stderr
    assert "micro        |  85.71  66.67  75.00 | 100.00  77.78  87.50 |       9" in res.stdout
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved == json.loads(json.dumps(evaluate(files["gold"], files["pred"])))
    assert [p.name for p in out.parent.iterdir()] == ["eval.json"]


def test_cli_conll(files):
    res = run_cli("--gold", files["cgold"], "--gold-format", "conll", "--pred", files["cpred"],
                  "--label-map", "anercorp")
    assert res.returncode == 0, res.stderr
    assert "micro        |  66.67  66.67  66.67 |       3" in res.stdout


# ---------------------------------------------------------------------------------- bad input


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_CASES = {
    "missing gold": lambda f: (["--gold", f["dir"] / "nope.jsonl", "--pred", f["pred"]],
                               f"{f['dir'] / 'nope.jsonl'}: no such gold file"),
    "missing pred": lambda f: (["--gold", f["gold"], "--pred", f["dir"] / "nope.jsonl"],
                               f"{f['dir'] / 'nope.jsonl'}: no such predictions file"),
    "malformed line": lambda f: (["--gold", f["gold"], "--pred", _write(
        f["dir"] / "bad.jsonl", f["pred"].read_text(encoding="utf-8") + '{"id": "d3", "te\n')],
        f"{f['dir'] / 'bad.jsonl'}:3: invalid JSON"),
    "pred not in gold": lambda f: (["--gold", f["gold"], "--pred", _write(
        f["dir"] / "extra.jsonl", json.dumps({"id": "zz", "text": "نص"}) + "\n")],
        f"{f['dir'] / 'extra.jsonl'}: 1 document(s) not in the gold file"),
    "duplicate gold id": lambda f: (["--gold", _write(
        f["dir"] / "dup.jsonl", f["gold"].read_text(encoding="utf-8") * 2), "--pred", f["pred"]],
        f"{f['dir'] / 'dup.jsonl'}: duplicate document id 'd1'"),
    "bad gold offsets": lambda f: (["--gold", _write(f["dir"] / "off.jsonl", json.dumps(
        {"id": "d1", "text": "داعش", "entities": [{"id": "T1", "start": 0, "end": 9, "type": "ORG",
                                                   "text": "داعش"}]}) + "\n"), "--pred", f["pred"]],
        f"{f['dir'] / 'off.jsonl'}: document 'd1': entity T1: bad offsets 0-9 (text length 4)"),
    "pred text differs": lambda f: (["--gold", f["gold"], "--pred", _write(
        f["dir"] / "txt.jsonl", json.dumps({"id": "d1", "text": "نص آخر"}) + "\n")],
        "document 'd1': predicted text differs from the gold text"),
    "conll length mismatch": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred", _write(
        f["dir"] / "short.conll", CONLL_PRED.replace("أمس B-DATE\n", ""))],
        f"{f['dir'] / 'short.conll'}: sentence 2 has 2 tokens, the gold sentence 3"),
    "conll token mismatch": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred", _write(
        f["dir"] / "tok.conll", CONLL_PRED.replace("أمس", "اليوم"))],
        f"{f['dir'] / 'tok.conll'}: sentence 2 token 3 is 'اليوم', gold has 'أمس'"),
    "conll sentence count": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred", _write(
        f["dir"] / "one.conll", CONLL_PRED.split("\n\n")[0] + "\n")],
        f"{f['dir'] / 'one.conll'}: 1 sentences, but the gold file has 2"),
    "conll untagged pred": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred", _write(
        f["dir"] / "untagged.conll", CONLL_PRED.replace("أمس B-DATE", "أمس"))],
        "predictions sentence 2 (وزارة الدفاع أمس ...) has tokens without a tag"),
    "conll bad tag": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred", _write(
        f["dir"] / "tag.conll", CONLL_PRED.replace("B-DATE", "DATE"))],
        "predicted sentence 2: 'DATE' is not an IOB2 tag"),
    "jsonl pred for conll gold": lambda f: (["--gold", f["cgold"], "--gold-format", "conll", "--pred",
                                             f["pred"]], "CoNLL gold needs CoNLL predictions"),
    # issue 12 item 7: it used to say "...; skipped" and then stop
    "conll malformed gold line": lambda f: (["--gold", _write(f["dir"] / "three.conll", CONLL_GOLD.replace(
        "أمس O", "أمس O extra")), "--gold-format", "conll", "--pred", f["cpred"]],
        f"{f['dir'] / 'three.conll'}:9: expected 'token' or 'token TAG', got 3 fields; evaluation stopped"),
    "conll gold not utf-8": lambda f: (["--gold", _bytes(f["dir"] / "latin.conll", b"\xe9 O\n"),
                                        "--gold-format", "conll", "--pred", f["cpred"]], "not valid UTF-8"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_cli_bad_input_one_line_exit_2(files, case):
    args, message = BAD_CASES[case](files)
    out = files["dir"] / "out.json"
    res = run_cli(*args, "--output", out)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]
    assert not out.exists()


def test_cli_usage_errors_exit_2(files):
    res = run_cli("--gold", files["gold"])  # no source
    assert res.returncode == 2 and "one of the arguments --pred --model --labeller is required" in res.stderr
    res = run_cli("--gold", files["gold"], "--pred", files["pred"], "--label-map", "conll03")
    assert res.returncode == 2 and "invalid choice: 'conll03'" in res.stderr


def test_unwritable_output_exit_2(files):
    blocker = files["dir"] / "file"
    blocker.write_text("x")
    res = run_cli("--gold", files["gold"], "--pred", files["pred"], "--output", blocker / "eval.json")
    assert res.returncode == 2 and res.stderr.startswith("error: cannot write")
    assert "Traceback" not in res.stderr


def test_unwritable_output_found_before_the_model_runs(files, tmp_path):
    """Issue 12 item 9: a model that cannot even load is never reached when the output cannot be written."""
    blocker = files["dir"] / "file"
    blocker.write_text("x")
    res = run_cli("--gold", files["gold"], "--model", tmp_path / "no-model", "--output", blocker / "eval.json")
    assert res.returncode == 2 and res.stderr.startswith(f"error: cannot write {blocker / 'eval.json'}"), res.stderr


@pytest.mark.parametrize("script", ["evaluate.py", "train.py"])
def test_help_is_plain_text(script):
    """Issue 12 item 13: --help showed reStructuredText (``python ...``, :func:`...`)."""
    res = subprocess.run([sys.executable, str(REPO / script), "--help"], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    assert "usage:" in res.stdout
    for markup in ("``", ":func:", ":class:", "`"):
        assert markup not in res.stdout, res.stdout


def test_evaluate_api_errors(files):
    with pytest.raises(EvaluationError, match="exactly one of"):
        evaluate(files["gold"], files["pred"], model="x")
    with pytest.raises(EvaluationError, match="unknown gold format 'csv'"):
        evaluate(files["gold"], files["pred"], gold_format="csv")
    empty = _write(files["dir"] / "empty.jsonl", "\n")
    with pytest.raises(EvaluationError, match="no gold documents"):
        evaluate(empty, files["pred"])


# ---------------------------------------------------------------------------------- other sources


def test_labeller_scores_equal_its_own_output(files):
    from kashif.weak.labeller import WeakLabeller

    rep = evaluate(files["gold"], labeller="majority")
    wl = WeakLabeller(aggregator="majority").fit([d.text for d in GOLD])  # the contract's two steps
    pred = [wl.label(d.id, d.text) for d in GOLD]
    assert {k: v for k, v in rep.items() if k != "meta"} == evaluate_documents(GOLD, pred)
    assert rep["meta"]["labeller"] == "majority"
    out = files["dir"] / "weak.json"
    res = run_cli("--gold", files["cgold"], "--gold-format", "conll", "--label-map", "anercorp", "--labeller",
                  "--output", out)
    assert res.returncode == 0, res.stderr
    tags = WeakLabeller(relations=False).label_conll(read_conll(files["cgold"]))
    expected = conll_scores([s.tags for s in read_conll(files["cgold"])], tags, label_map=ANERCORP)
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["seqeval"] == expected
    assert saved["meta"]["labeller"] == "dawid-skene"
    assert "micro" in res.stdout


def test_model_scores_equal_its_own_output(files, request):
    pytest.importorskip("kashif.inference.extractor", reason="the Extractor is not in this checkout")
    tiny_model_dir = request.getfixturevalue("tiny_model_dir")
    from kashif import Extractor

    rep = evaluate(files["gold"], model=str(tiny_model_dir), device="cpu")
    docs = Extractor.from_pretrained(str(tiny_model_dir), device="cpu").extract([d.text for d in GOLD])
    pred = [Document(g.id, p.text, p.entities, p.relations) for g, p in zip(GOLD, docs)]
    assert {k: v for k, v in rep.items() if k != "meta"} == evaluate_documents(GOLD, pred)
    assert rep["meta"]["model"] == str(tiny_model_dir)
    sents = read_conll(files["cgold"])
    tags = Extractor.from_pretrained(str(tiny_model_dir), device="cpu").extract_conll(sents)
    rep = evaluate(files["cgold"], model=tiny_model_dir, gold_format="conll", label_map="anercorp", device="cpu")
    assert rep["seqeval"] == conll_scores([s.tags for s in sents], tags, label_map=ANERCORP)
    assert rep["meta"]["model"] == str(tiny_model_dir)


def test_model_that_cannot_load_exit_2(files, capsys):
    pytest.importorskip("kashif.inference.extractor", reason="the Extractor is not in this checkout")
    # in-process (torch is imported once per session); main() returning 2 means nothing was raised
    spec = importlib.util.spec_from_file_location("evaluate_cli", REPO / "evaluate.py")
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    rc = cli.main(["--gold", str(files["gold"]), "--model", str(files["dir"] / "no-model"), "--device", "cpu"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("error: cannot load model") and len(err.strip().splitlines()) == 1
