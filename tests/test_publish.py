"""``kashif publish``: the dry-run folder, the upload path against a fake Hub, and every refusal.

No test reaches the network: the Hub is a :class:`hub_fixtures.FakeHfApi` put in place of
``HfApi``, and each failure test checks that nothing that writes was called.
"""

from __future__ import annotations

import json
import shutil

import httpx2
import pytest
from hub_fixtures import LABELS, FakeHfApi, trained_model_dir
from huggingface_hub import ModelCard

import kashif.hub.publish as pub
from kashif.hub.cli import main
from kashif.hub.publish import OPTIONAL_FILES, REQUIRED_FILES, TOKENIZER_FILES, PublishError, publish

REPO_ID = "analyst/kashif-tiny"
SAMPLE = "استخدم تنظيم داعش غاز الخردل في هجوم على القوات العراقية قرب الموصل."


@pytest.fixture(scope="module")
def model_dir(tiny_model_dir, tmp_path_factory):
    return trained_model_dir(tiny_model_dir, tmp_path_factory)


def expected_files(model_dir) -> set[str]:
    weights = {"model.safetensors"} if (model_dir / "model.safetensors").exists() else set()
    return {*REQUIRED_FILES, *weights, "README.md",
            *(n for n in (*TOKENIZER_FILES, *OPTIONAL_FILES) if (model_dir / n).exists())}


@pytest.fixture
def hub(monkeypatch):
    """A fake Hub in place of HfApi, online, with a token."""
    api = FakeHfApi()
    monkeypatch.setattr(pub, "HfApi", lambda token=None: api)
    monkeypatch.setattr(pub, "get_token", lambda: "hf_test_token")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    return api


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    return err


# --------------------------------------------------------------------------------------------
# dry run


def test_dry_run_folder_loads_with_pipeline(model_dir, tmp_path, capsys):
    from transformers import AutoModelForTokenClassification, pipeline

    out = tmp_path / "repo"
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID, "--dry-run", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"dry run: {len(expected_files(model_dir))} files written to {out}")
    assert {p.name for p in out.iterdir()} == expected_files(model_dir)
    for name in expected_files(model_dir) - {"README.md"}:
        assert (out / name).read_bytes() == (model_dir / name).read_bytes(), name
    assert not list(tmp_path.glob(".repo.*"))  # no temporary folder left beside it

    model = AutoModelForTokenClassification.from_pretrained(str(out))
    assert [model.config.id2label[i] for i in range(len(LABELS))] == LABELS
    ner = pipeline("token-classification", model=str(out), aggregation_strategy="simple")
    for ent in ner(SAMPLE):
        assert ent["entity_group"] in {lab[2:] for lab in LABELS[1:]}
        assert 0 <= ent["start"] < ent["end"] <= len(SAMPLE)

    card = ModelCard.load(out / "README.md")
    assert card.data.language == "ar" and card.data.pipeline_tag == "token-classification"
    assert card.data.model_name == "kashif-tiny"
    assert [(r.dataset_name, r.metric_config, r.metric_value) for r in card.data.eval_results] == [
        ("seed-gold", "entities-strict", 0.8571), ("seed-gold", "relations-strict", 0.6667)]
    assert f'model="{REPO_ID}"' in card.text


def test_base_encoder_provenance_is_published_when_present(model_dir, tmp_path, capsys):
    import shutil

    mine = tmp_path / "model"
    shutil.copytree(model_dir, mine)
    info = {"base_model": "intfloat/multilingual-e5-small", "license": "MIT"}
    (mine / "base_encoder.json").write_text(json.dumps(info), encoding="utf-8")
    assert main(["--model", str(mine), "--repo-id", REPO_ID, "--dry-run", str(tmp_path / "repo")]) == 0
    assert json.loads((tmp_path / "repo" / "base_encoder.json").read_text(encoding="utf-8")) == info
    assert "base_model: intfloat/multilingual-e5-small" in (tmp_path / "repo" / "README.md").read_text(encoding="utf-8")


def test_dry_run_refuses_a_non_empty_folder(model_dir, tmp_path, capsys):
    out = tmp_path / "repo"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID, "--dry-run", str(out)]) == 1
    assert "already exists and is not an empty folder" in one_error_line(capsys)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


# --------------------------------------------------------------------------------------------
# the upload path against the fake Hub


def test_upload_creates_repo_and_one_commit(model_dir, tmp_path, hub, capsys):
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID, "--private"]) == 0
    assert capsys.readouterr().out.startswith(f"published {len(expected_files(model_dir))} files to {REPO_ID}")
    assert hub.writes == ["create_repo", "create_commit"]
    assert ("create_repo", REPO_ID, True) in hub.calls
    commit = next(c for c in hub.calls if c[0] == "create_commit")
    assert commit[2] == "main" and commit[3].startswith("Publish Kashif model kashif-tiny")
    assert sorted(op.path_in_repo for op in commit[4]) == sorted(expected_files(model_dir))
    # what was uploaded is byte for byte what a dry run writes
    dry = publish(model_dir, REPO_ID, dry_run=tmp_path / "dry")
    remote = hub.repos[REPO_ID]["main"]
    assert set(remote) == {".gitattributes", *dry.files}
    for name in dry.files:
        assert remote[name] == (tmp_path / "dry" / name).read_bytes(), name


def test_update_of_a_kashif_repo_removes_stale_files(model_dir, hub):
    hub.repos[REPO_ID] = {"main": {".gitattributes": b"", "README.md": b"old", "kashif_config.yaml": b"old",
                                   "relation_head.json": b"{}", "old_extra.json": b"{}"}}
    head = hub.head(REPO_ID, "main")
    result = publish(model_dir, REPO_ID)
    assert hub.writes == ["create_commit"]
    assert hub.calls[-1][-1] == head  # committed on top of the state it inspected
    assert result.deleted == ("old_extra.json",)
    assert set(hub.repos[REPO_ID]["main"]) == {".gitattributes", *expected_files(model_dir)}
    assert hub.repos[REPO_ID]["main"]["kashif_config.yaml"] == (model_dir / "kashif_config.yaml").read_bytes()


def test_new_branch_on_a_foreign_repo_leaves_main_alone(model_dir, hub):
    foreign = {".gitattributes": b"", "pytorch_model.bin": b"x", "README.md": b"someone else"}
    hub.repos[REPO_ID] = {"main": dict(foreign)}
    result = publish(model_dir, REPO_ID, revision="kashif-v1")
    assert hub.writes == ["create_branch", "create_commit"]
    assert result.created_branch and result.revision == "kashif-v1"
    assert hub.repos[REPO_ID]["main"] == foreign
    assert set(hub.repos[REPO_ID]["kashif-v1"]) == {".gitattributes", *expected_files(model_dir)}


def test_failed_commit_removes_the_repo_it_created(model_dir, hub, capsys):
    hub.commit_error = RuntimeError("connection reset by peer")
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == (f"error: upload to {REPO_ID} failed, nothing was published: "
                                      "connection reset by peer")
    assert hub.writes == ["create_repo", "create_commit", "delete_repo"]
    assert REPO_ID not in hub.repos


# --------------------------------------------------------------------------------------------
# refusals: one line, exit 1, nothing written


def _copy(model_dir, tmp_path):
    dst = tmp_path / "model"
    shutil.copytree(model_dir, dst)
    return dst


def test_missing_files(model_dir, tmp_path, hub, capsys):
    bad = _copy(model_dir, tmp_path)
    (bad / "relation_head.json").unlink()
    (bad / "model.safetensors").unlink()
    assert main(["--model", str(bad), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == (f"error: {bad} is not a complete Kashif model folder: "
                                      "missing relation_head.json, model.safetensors")
    assert hub.calls == []
    assert main(["--model", str(tmp_path / "nowhere"), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == f"error: model folder {tmp_path / 'nowhere'} does not exist"


def test_pickle_weights(model_dir, tmp_path, hub, capsys):
    bad = _copy(model_dir, tmp_path)
    (bad / "pytorch_model.bin").write_bytes(b"\x80\x04pickle")
    assert main(["--model", str(bad), "--repo-id", REPO_ID, "--dry-run", str(tmp_path / "out")]) == 1
    assert "holds pickle weights (pytorch_model.bin)" in one_error_line(capsys)
    assert hub.calls == [] and not (tmp_path / "out").exists()


def test_no_token(model_dir, hub, monkeypatch, capsys):
    monkeypatch.setattr(pub, "get_token", lambda: None)
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == "error: no Hugging Face token: set HF_TOKEN or run `hf auth login`"
    assert hub.calls == []


def test_offline(model_dir, hub, monkeypatch, capsys):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == ("error: offline mode is on (HF_HUB_OFFLINE=1): "
                                      "run with HF_HUB_OFFLINE=0 to publish")
    assert hub.calls == []


def test_no_network(model_dir, hub, capsys):
    hub.whoami_error = httpx2.ConnectError("[Errno -3] Temporary failure in name resolution")
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == ("error: cannot reach the Hugging Face Hub at https://hub.invalid: "
                                      "[Errno -3] Temporary failure in name resolution")
    assert hub.writes == []


def test_hub_that_does_not_answer(model_dir, hub):
    import threading

    stop = threading.Event()
    hub.whoami = lambda token=None: stop.wait(5)
    with pytest.raises(PublishError, match=r"cannot reach the Hugging Face Hub at .*no answer within 0.2 s"):
        publish(model_dir, REPO_ID, timeout=0.2)
    stop.set()
    assert hub.writes == []


def test_rejected_token(model_dir, hub, capsys):
    from huggingface_hub.errors import HfHubHTTPError

    request = httpx2.Request("GET", "https://hub.invalid/api/whoami-v2")
    hub.whoami_error = HfHubHTTPError("Invalid user token.", response=httpx2.Response(401, request=request))
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert "rejected the token (401)" in one_error_line(capsys)
    assert hub.writes == []


def test_existing_repo_with_foreign_content(model_dir, hub, capsys):
    foreign = {".gitattributes": b"", "pytorch_model.bin": b"x", "config.json": b"{}"}
    hub.repos[REPO_ID] = {"main": dict(foreign)}
    assert main(["--model", str(model_dir), "--repo-id", REPO_ID]) == 1
    assert one_error_line(capsys) == (f"error: {REPO_ID} (branch main) already holds files that are not a Kashif "
                                      "model (e.g. pytorch_model.bin); choose another --repo-id or a new "
                                      "--revision branch")
    assert hub.writes == [] and hub.repos[REPO_ID]["main"] == foreign


def test_bad_repo_id(model_dir, hub, capsys):
    assert main(["--model", str(model_dir), "--repo-id", "no-owner"]) == 1
    assert one_error_line(capsys) == "error: bad --repo-id 'no-owner': expected OWNER/NAME"
    assert hub.calls == []
