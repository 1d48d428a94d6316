"""Training: config validation, a smoke run, resume equivalence, determinism, atomic output, errors."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import time
from pathlib import Path

import pytest
import torch
import yaml
from safetensors import SafetensorError
from safetensors.torch import load_file

from kashif.model import JointModel, ModelLoadError
from kashif.training import TrainConfig, TrainingError, load_config, train
from kashif.training.data import DataError, split_documents

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO.parent / "shared" / "data" / "gold" / "seed-000.jsonl"

# a very small model on the one gold document: a few seconds per run on 2 cores
TINY = [
    f"data.train={GOLD}", f"data.validation={GOLD}", "data.max_length=64", "data.stride=16",
    "model.hidden=32", "model.layers=1", "model.heads=2", "model.vocab_size=600",
    "model.relation_ffn_dim=32", "model.relation_type_dim=8",
    "train.batch_size=8", "train.lr=3e-3", "train.log_every=1", "train.progress=false",
    "tracking.report_to=none", "seed=7",
]


def _cfg(tmp_path: Path, name: str, *extra: str) -> TrainConfig:
    return load_config(REPO / "configs" / "tiny-cpu.yaml", [*TINY, f"output_dir={tmp_path / name}", *extra])


def _train_cli():
    spec = importlib.util.spec_from_file_location("kashif_train_cli", REPO / "train.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.main


# ------------------------------------------------------------------------------ config


def test_config_files_load():
    tiny = load_config(REPO / "configs" / "tiny-cpu.yaml")
    assert tiny.model.init == "scratch" and tiny.train.mixed_precision == "no"
    base = load_config(REPO / "configs" / "arabert-base.yaml")
    assert base.model.name == "aubmindlab/bert-base-arabertv02" and base.train.mixed_precision == "bf16"


@pytest.mark.parametrize(("override", "message"), [
    ("train.lrr=0.1", "unknown config key 'train.lrr'"),
    ("modle.hidden=3", "unknown config key 'modle'"),
    ("train.lr=-1", "config train.lr=-1.0: must be positive"),
    ("train.epochs=many", "config train.epochs='many': expected an integer"),
    ("train.mixed_precision=fp8", "config train.mixed_precision='fp8'"),
    ("data.stride=300", "config data.stride=300"),
    ("model.hidden=30", "config model.hidden=30: must be a multiple of model.heads=4"),
    ("weak.min_entity_score=1.5", "config weak.min_entity_score=1.5"),
    ("tracking.report_to=tensorboard", "config tracking.report_to='tensorboard'"),
    ("train.resume=maybe", "config train.resume='maybe': expected true or false"),
    ("train", "expected section.key=value"),
])
def test_config_rejects_bad_values(override, message):
    with pytest.raises(ValueError) as info:
        load_config(REPO / "configs" / "tiny-cpu.yaml", [override])
    assert message in str(info.value) and "\n" not in str(info.value)


def test_config_overrides_and_yaml_round_trip(tmp_path):
    cfg = load_config(REPO / "configs" / "tiny-cpu.yaml",
                      ["train.lr=2e-4", "train.max_steps=5", "data.train=[a.jsonl, b.txt]", "model.name=null",
                       "data.eval_sets={gold: g.jsonl}"])
    assert cfg.train.lr == 2e-4 and cfg.train.max_steps == 5 and cfg.model.hidden == 256
    assert cfg.data.train_paths == ["a.jsonl", "b.txt"] and cfg.data.eval_sets == {"gold": "g.jsonl"}
    path = tmp_path / "resolved.yaml"
    path.write_text(cfg.to_yaml(), encoding="utf-8")
    assert load_config(path) == cfg
    assert cfg.run_dir == Path("runs/tiny/model-run")
    with pytest.raises(ValueError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")


def test_split_by_document_is_seeded():
    from kashif.schema import Document

    docs = [Document(f"d{i}", "نص") for i in range(10)]
    tr, va = split_documents(docs, 0.2, seed=1)
    assert len(tr) == 8 and len(va) == 2 and not {d.id for d in tr} & {d.id for d in va}
    assert [d.id for d in va] == [d.id for d in split_documents(docs, 0.2, seed=1)[1]]
    assert split_documents(docs[:1], 0.2, seed=1) == ([docs[0]], [])


# ------------------------------------------------------------------------------ training


def test_smoke_training_loss_decreases_and_folder_is_complete(tmp_path):
    from transformers import AutoModelForTokenClassification, pipeline

    result = train(_cfg(tmp_path, "smoke", "train.max_steps=24", "train.epochs=100", "train.eval_every=12"))
    losses = [h["train/loss"] for h in result.history if "train/loss" in h]
    assert len(losses) == 24
    assert sum(losses[-4:]) / 4 < 0.7 * losses[0]
    out = result.model_dir
    names = {p.name for p in out.iterdir()}
    assert names == {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                     "special_tokens_map.json", "vocab.txt", "relation_head.safetensors", "relation_head.json",
                     "kashif_config.yaml", "eval_results.json", "weak_supervision.json"}
    report = json.loads((out / "eval_results.json").read_text())
    assert set(report) == {"validation"} and "seqeval" in report["validation"]
    assert result.metrics["ner_f1"] == report["validation"]["seqeval"]["micro"]["f1"]
    assert json.loads((out / "weak_supervision.json").read_text())["weak_labelled"] is False
    saved = yaml.safe_load((out / "kashif_config.yaml").read_text())
    assert TrainConfig.from_dict(saved).train.max_steps == 24
    assert AutoModelForTokenClassification.from_pretrained(out).config.id2label[1] == "B-PER"
    tagged = pipeline("token-classification", model=str(out))("استخدم داعش غاز الكلور")
    assert isinstance(tagged, list)
    assert JointModel.from_pretrained(out).relation_labels[0] == "NONE"
    assert [h["step"] for h in result.history if "eval/ner_f1" in h] == [12, 24]


def _weights(path: Path) -> dict[str, torch.Tensor]:
    return {**load_file(path / "model.safetensors"),
            **{f"rel.{k}": v for k, v in load_file(path / "relation_head.safetensors").items()}}


def test_resume_reaches_the_uninterrupted_weights(tmp_path):
    extra = ("train.max_steps=8", "train.epochs=100", "train.save_every=2", "train.eval_every=3",
             "train.grad_accum=2")
    full = train(_cfg(tmp_path, "full", *extra))

    def crash(step: int) -> None:
        if step == 5:
            raise KeyboardInterrupt

    cfg = _cfg(tmp_path, "resumed", *extra)
    with pytest.raises(KeyboardInterrupt):
        train(cfg, on_step=crash)
    assert not cfg_output(cfg).exists()  # an interrupted run leaves no model folder
    assert [p.name for p in (cfg.run_dir / "checkpoints").iterdir()] == ["step-0000004"]
    resumed = train(_cfg(tmp_path, "resumed", *extra, "train.resume=true"))
    a, b = _weights(full.model_dir), _weights(resumed.model_dir)
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert json.loads((full.model_dir / "eval_results.json").read_text()) == \
        json.loads((resumed.model_dir / "eval_results.json").read_text())
    assert full.history == resumed.history
    assert "train_tokens_per_s" in resumed.metrics


def test_resume_of_a_finished_run_says_it_is_complete(tmp_path, caplog):
    """Issue 12 item 14: --resume on a finished run said nothing and reported 0 tokens/s."""
    extra = ("train.max_steps=2", "train.epochs=100", "train.save_every=2", "train.eval_every=2")
    train(_cfg(tmp_path, "done", *extra))
    with caplog.at_level("INFO", logger="kashif.training.loop"):
        again = train(_cfg(tmp_path, "done", *extra, "train.resume=true"))
    assert any("already complete (step 2 of 2)" in r.getMessage() for r in caplog.records)
    assert "train_tokens_per_s" not in again.metrics and again.metrics["steps"] == 2


def cfg_output(cfg: TrainConfig) -> Path:
    return Path(cfg.output_dir)


def test_same_seed_same_weights(tmp_path):
    extra = ("train.max_steps=3", "data.validation_fraction=0", "data.validation=null")
    a = train(_cfg(tmp_path, "a", *extra))
    b = train(_cfg(tmp_path, "b", *extra))
    wa, wb = _weights(a.model_dir), _weights(b.model_dir)
    assert all(torch.equal(wa[k], wb[k]) for k in wa)
    c = train(_cfg(tmp_path, "c", *extra, "seed=8"))
    assert not torch.equal(wa["classifier.weight"], _weights(c.model_dir)["classifier.weight"])


@pytest.mark.parametrize("error", [
    OSError(errno.ENOSPC, "No space left on device"),
    # what safetensors raises on a full disk
    SafetensorError("Error while serializing: I/O error: No space left on device (os error 28)"),
])
def test_full_disk_leaves_no_model_folder(tmp_path, monkeypatch, error):
    real = JointModel.save_pretrained

    def save_then_fail(self, out_dir, tokenizer=None):
        real(self, out_dir, tokenizer=tokenizer)
        if Path(out_dir).name.startswith(".model.tmp-"):  # the final folder, not best/ or checkpoints
            raise error

    monkeypatch.setattr(JointModel, "save_pretrained", save_then_fail)
    cfg = _cfg(tmp_path / "final", "model", "train.max_steps=1", "data.validation=null",
               "data.validation_fraction=0")
    with pytest.raises(TrainingError, match="No space left on device"):
        train(cfg)
    assert sorted(p.name for p in (tmp_path / "final").iterdir()) == ["model-run"]


# ------------------------------------------------------------------------------ errors


def test_offline_hub_names_the_tiny_config_fast(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    t0 = time.time()
    cfg = load_config(REPO / "configs" / "arabert-base.yaml",
                      [f"data.train={GOLD}", f"output_dir={tmp_path / 'm'}", "tracking.report_to=none",
                       "model.name=aubmindlab/kashif-test-not-cached"])
    with pytest.raises(ModelLoadError, match="configs/tiny-cpu.yaml"):
        train(cfg)
    code = _train_cli()(["--config", str(REPO / "configs" / "arabert-base.yaml"), "--report-to", "none",
                         "--set", f"data.train={GOLD}", "--set", f"output_dir={tmp_path / 'm'}",
                         "--set", "model.name=aubmindlab/kashif-test-not-cached"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "configs/tiny-cpu.yaml" in err[0] and err[0].startswith("error:")
    assert time.time() - t0 < 10
    assert not (tmp_path / "m").exists()


def test_missing_data_and_bad_values_are_one_line(tmp_path, capsys):
    main = _train_cli()
    assert main(["--config", str(REPO / "configs" / "tiny-cpu.yaml"), "--set", "train.lr=-1"]) == 2
    assert capsys.readouterr().err.strip() == "error: config train.lr=-1.0: must be positive"
    code = main(["--config", str(REPO / "configs" / "tiny-cpu.yaml"), "--report-to", "none",
                 "--set", f"data.train={tmp_path / 'nothing.jsonl'}", "--set", f"output_dir={tmp_path / 'm'}"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err == f"error: data.train: {tmp_path / 'nothing.jsonl'}: no such file or folder"
    with pytest.raises(DataError, match="no such file"):
        train(_cfg(tmp_path, "m", f"data.validation={tmp_path / 'nothing.jsonl'}"))


def test_raw_text_is_weak_labelled_on_the_fly(tmp_path):
    seed = sorted((REPO / "data" / "raw" / "seeds").glob("000_*.txt"))[0]
    result = train(_cfg(tmp_path, "raw", f"data.train={seed}", "data.validation=null", "train.max_steps=2"))
    weak = json.loads((result.model_dir / "weak_supervision.json").read_text())
    assert weak["weak_labelled"] is True and weak["aggregator"] == "dawid-skene"
    snapshot = list((tmp_path / "raw-run" / "data" / "train.jsonl").read_text().splitlines())
    assert len(snapshot) == 1 and json.loads(snapshot[0])["entities"]  # the weak labels trained on


def test_documents_without_arabic_are_skipped_with_a_message(tmp_path, caplog):
    """Issue 12 item 3: the rule of label and predict: no Arabic, reported and skipped."""
    from kashif.training.data import load_documents

    raw = tmp_path / "raw"
    raw.mkdir()
    seed = sorted((REPO / "data" / "raw" / "seeds").glob("000_*.txt"))[0]
    (raw / "ar.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (raw / "en.txt").write_text("The army said on Monday that the convoy reached the border.", encoding="utf-8")
    labelled = tmp_path / "gold.jsonl"
    english = {"id": "en-doc", "text": "Nothing Arabic here.", "entities": [], "relations": []}
    labelled.write_text(GOLD.read_text(encoding="utf-8") + json.dumps(english) + "\n", encoding="utf-8")
    cfg = _cfg(tmp_path, "m", f"data.train=[{raw}, {labelled}]").data
    with caplog.at_level("WARNING", logger="kashif.training.data"):
        docs, _ = load_documents(cfg)
    assert sorted(d.id for d in docs) == sorted(["ar", *(json.loads(x)["id"] for x in GOLD.read_text().splitlines())])
    warnings = [r.getMessage() for r in caplog.records]
    assert f"{raw}: document 'en' holds no Arabic text; skipped" in warnings
    assert f"{labelled}: document 'en-doc' holds no Arabic text; skipped" in warnings


def test_tracking_is_off_without_a_key_unless_asked(monkeypatch, tmp_path):
    """Issue 12 item 15: wandb only when asked for or when a key is configured."""
    from kashif.training import loop
    from kashif.training.config import TrackingConfig

    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.netrc
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    monkeypatch.delenv("NETRC", raising=False)
    assert TrackingConfig().report_to == "auto"
    assert yaml.safe_load((REPO / "configs" / "tiny-cpu.yaml").read_text())["tracking"]["report_to"] == "auto"
    assert loop._tracker("auto") is None
    assert loop._tracker("none") is None
    monkeypatch.setenv("WANDB_MODE", "online")
    assert loop._tracker("wandb") == "wandb"
    assert os.environ["WANDB_MODE"] == "offline"  # asked for, no key: offline
    monkeypatch.setenv("WANDB_API_KEY", "x" * 40)
    assert loop._tracker("auto") == "wandb"


def test_provenance_of_labelled_jsonl_from_its_metadata(tmp_path):
    (tmp_path / "weak.jsonl").write_text(GOLD.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "metadata.json").write_text(json.dumps({"weak_supervision": {"aggregator": "majority"}}))
    result = train(_cfg(tmp_path, "m", f"data.train={tmp_path / 'weak.jsonl'}", "data.validation=null",
                        "train.max_steps=1"))
    assert json.loads((result.model_dir / "weak_supervision.json").read_text()) == \
        {"weak_labelled": True, "aggregator": "majority"}


# ------------------------------------------------------------------------------ from a pretrained encoder


def test_pretrained_encoder_frozen_parts_labeller_comparison_and_base_model(tmp_path):
    """A (small) encoder folder built like `kashif encoder build`: frozen embeddings and lowest
    layer stay put, the model is scored beside the labeller on JSONL and CoNLL gold, and the
    base model and its licence reach the folder and the model card."""
    import e5_fixtures as fx

    from kashif.hub.card import card_inputs_from_model_dir, render_card
    from kashif.model.e5 import build_encoder

    weights, tok, _ = fx.write_assets(tmp_path / "wheels")
    enc = build_encoder(tmp_path / "enc", weights=weights, tokenizer_json=tok, latin_pieces=5, verify_checksum=False)
    conll = tmp_path / "gold.conll"
    conll.write_text("قال O\nمحمد B-PERS\nفي O\nبغداد B-LOC\n\nالجيش B-ORG\nالعراقي I-ORG\n\n", encoding="utf-8")
    cfg = load_config(REPO / "configs" / "e5-cpu.yaml", [
        f"model.name={enc}", "model.keep_layers=null", "model.freeze_layers=1", "model.relation_ffn_dim=16", "model.relation_type_dim=4",
        f"data.train={GOLD}", f"data.validation=[{GOLD}, {REPO / 'data/dev/unseen-final.jsonl'}]", f"data.eval_sets={{gold: {GOLD}}}",
        f"data.conll_eval_sets={{ner: {conll}}}", "data.conll_eval_tail=1.0", "data.max_length=64",
        "data.stride=16", "train.max_steps=3", "train.eval_every=3", "train.save_every=100",
        "train.progress=false", "tracking.report_to=none", f"output_dir={tmp_path / 'model'}"])
    before = JointModel.from_encoder(enc).token_model.base_model.state_dict()
    result = train(cfg)
    after = JointModel.from_pretrained(result.model_dir).token_model.base_model.state_dict()
    frozen = [k for k in before if k.startswith(("embeddings.", "encoder.layer.0."))]
    trained = [k for k in before if k.startswith("encoder.layer.1.") and k.endswith("weight")]
    assert frozen and all(torch.equal(before[k], after[k]) for k in frozen)
    assert any(not torch.equal(before[k], after[k]) for k in trained)
    report = json.loads((result.model_dir / "eval_results.json").read_text())
    assert set(report) == {"validation", "gold", "ner"}
    assert {"model", "weak", "documents"} <= set(report["gold"]) and report["ner"]["sentences"] == 2
    assert "entities" in report["gold"]["weak"] and "seqeval" in report["ner"]["weak"]
    assert report["gold"]["weak"]["entities"]["strict"]["micro"]["f1"] > 0.5  # the labeller on its own seed
    assert "gold/labeller_entity_f1" in result.metrics and "ner/model_entity_f1" in result.metrics
    assert not (result.model_dir / "vocab.txt").exists()  # a sentencepiece tokenizer: no WordPiece list
    from kashif import Extractor
    from kashif.schema import validate

    doc = Extractor.from_pretrained(result.model_dir, device="cpu").extract("قال تنظيم داعش في بغداد يوم 3 مارس.")
    assert validate(doc) == []  # a sentencepiece model predicts through the same path, offsets intact
    card = render_card(card_inputs_from_model_dir(result.model_dir, "owner/kashif-e5"))
    assert "intfloat/multilingual-e5-small" in card and "MIT licence" in card
    assert "base_model: intfloat/multilingual-e5-small" in card


def test_freeze_layers_beyond_the_encoder_is_one_line(tmp_path, capsys):
    import e5_fixtures as fx

    from kashif.model.e5 import build_encoder

    weights, tok, _ = fx.write_assets(tmp_path / "wheels")
    enc = build_encoder(tmp_path / "enc", weights=weights, tokenizer_json=tok, latin_pieces=5, verify_checksum=False)
    code = _train_cli()(["--config", str(REPO / "configs" / "e5-cpu.yaml"), "--set", f"model.name={enc}",
                         "--set", "model.keep_layers=null", "--set", "model.freeze_layers=9", "--set", "data.max_length=64", "--set", f"data.train={GOLD}", "--set",
                         f"data.validation={GOLD}", "--set", "data.eval_sets={}", "--set", "data.conll_eval_sets={}",
                         "--set", f"output_dir={tmp_path / 'm'}", "--report-to", "none"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[-1] == "error: config model.freeze_layers=9: the encoder has 2 layers"


def test_keep_layers_truncates_the_encoder_and_the_saved_config(tmp_path):
    import e5_fixtures as fx

    from kashif.model.e5 import build_encoder
    from kashif.training.loop import truncate_encoder

    weights, tok, _ = fx.write_assets(tmp_path / "wheels")
    enc = build_encoder(tmp_path / "enc", weights=weights, tokenizer_json=tok, latin_pieces=5, verify_checksum=False)
    model = JointModel.from_encoder(enc)
    full = model.token_model.base_model.encoder.layer[0].attention.self.query.weight.clone()
    truncate_encoder(model, 1)
    assert len(model.token_model.base_model.encoder.layer) == 1
    model.save_pretrained(tmp_path / "m")
    again = JointModel.from_pretrained(tmp_path / "m")
    assert again.token_model.config.num_hidden_layers == 1
    assert torch.equal(again.token_model.base_model.encoder.layer[0].attention.self.query.weight, full)
    with pytest.raises(ValueError, match="keep_layers=3: the encoder has 1 layers"):
        truncate_encoder(again, 3)


def test_exclude_keeps_held_out_documents_out_of_training(tmp_path):
    from kashif.training.data import load_documents

    train_file = REPO / "data" / "dev" / "unseen-final.jsonl"
    ids = [json.loads(line)["id"] for line in train_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    held = tmp_path / "held.jsonl"
    held.write_text(json.dumps({"id": ids[1], "entities": []}) + "\n\n", encoding="utf-8")
    cfg = load_config(REPO / "configs" / "tiny-cpu.yaml", [f"data.train={train_file}", f"data.exclude=[{held}]"])
    docs, _ = load_documents(cfg.data)
    assert [d.id for d in docs] == [i for i in ids if i != ids[1]]
    held.write_text("not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"held.jsonl:1: expected a JSON object with an id"):
        load_documents(cfg.data)


def test_conll_text_is_unlabelled_training_text_from_its_head_only(tmp_path):
    from kashif.training.data import conll_texts

    conll = tmp_path / "ner.txt"
    sents = [[f"كلمة{i}", "في", "بغداد"] for i in range(10)]
    conll.write_text("".join("".join(f"{t} B-LOC\n" for t in s) + "\n" for s in sents), encoding="utf-8")
    cfg = load_config(REPO / "configs" / "tiny-cpu.yaml", [f"data.train_conll=[{conll}]", "data.conll_head=0.8",
                                                             "data.conll_doc_sentences=3"])
    docs = conll_texts(cfg.data)
    assert [d.id for d in docs] == ["ner-00000", "ner-00001", "ner-00002"]  # 8 sentences: 3 + 3 + 2
    text = "\n".join(d.text for d in docs)
    assert "كلمة7" in text and "كلمة8" not in text and "B-LOC" not in text  # the held-out tail, no tags
    with pytest.raises(ValueError, match="data.conll_head"):
        load_config(REPO / "configs" / "tiny-cpu.yaml", ["data.conll_head=0"])


def test_rare_conflict_documents_are_repeated():
    from kashif.schema import build_document
    from kashif.training.data import with_rare_repeated

    plain = build_document("a", "قال الوزير في تونس", [(12, 16, "GPE", None)], [])
    weapon = build_document("b", "استخدم غاز الكلور", [(7, 17, "WEAPON", None)], [])
    rel = build_document("c", "داعش في الموصل", [(0, 4, "ORG", None), (8, 14, "GPE", None)],
                         [(0, 1, "LOCATED_IN", None)])
    assert [d.id for d in with_rare_repeated([plain, weapon, rel], 3)] == ["a", "b", "b", "b", "c", "c", "c"]
    assert [d.id for d in with_rare_repeated([plain, weapon], 1)] == ["a", "b"]
