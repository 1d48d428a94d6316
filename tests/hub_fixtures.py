"""Test data for the hub tests: a trained-looking model folder and a fake ``HfApi``.

``trained_model_dir`` copies the shared untrained ``tiny_model_dir`` (tests/conftest.py) and
adds what training leaves beside a model: a resolved config, evaluation reports computed by
``kashif.metrics`` on a hand-annotated sentence (model vs weak labeller), and weak-supervision
provenance, all with known values.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kashif.schema import ENTITY_TYPES, build_document

LABELS = ["O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I"))]

GOLD_TEXT = "استخدم تنظيم داعش غاز الخردل في هجوم على القوات العراقية قرب الموصل."
GOLD_SPANS = [("داعش", "ORG"), ("غاز الخردل", "WEAPON"), ("القوات العراقية", "ORG"), ("الموصل", "GPE")]
# gold: USED(داعش, غاز الخردل), ATTACKED(داعش, القوات العراقية)
GOLD_RELATIONS = [(0, 1, "USED"), (0, 2, "ATTACKED")]
# the "model" finds داعش, غاز الخردل and الموصل, and only USED;
# the "weak labeller" finds everything but types الموصل as LOC, and only ATTACKED
MODEL_SPANS = [("داعش", "ORG"), ("غاز الخردل", "WEAPON"), ("الموصل", "GPE")]
MODEL_RELATIONS = [(0, 1, "USED")]
WEAK_SPANS = [("داعش", "ORG"), ("غاز الخردل", "WEAPON"), ("القوات العراقية", "ORG"), ("الموصل", "LOC")]
WEAK_RELATIONS = [(0, 2, "ATTACKED")]

PROVENANCE = {
    "aggregator": "dawid-skene",
    "documents": 5,
    "labelling_functions": [
        {"name": "gazetteer.gpe@1", "coverage": 0.31, "accuracy": 0.92},
        {"name": "pattern.org_class_word@2", "coverage": 0.12},
        "grammar.date@1",
    ],
    "coverage": {"tokens": 0.085, "grammar.date@1": 0.04},
}

CONFIG_YAML = """\
# resolved training config (tiny model trained from scratch)
seed: 13
output_dir: /tmp/somewhere/model
model:
  name: tiny-bert-scratch
  hidden_size: 32
  layers: 1
training:
  epochs: 2
  learning_rate: 0.001
  batch_size: 8
data:
  train: /tmp/somewhere/weak.jsonl
  max_length: 128
"""


def _doc(spans, relations):
    out = []
    for surface, typ in spans:
        start = GOLD_TEXT.index(surface)
        out.append((start, start + len(surface), typ, None))
    return build_document("gold-1", GOLD_TEXT, out, [(h, t, r, None) for h, t, r in relations])


def eval_results() -> dict:
    """Reports of ``kashif.metrics.evaluate_documents`` for the model and the weak labeller."""
    from kashif.metrics import evaluate_documents

    gold = [_doc(GOLD_SPANS, GOLD_RELATIONS)]
    return {"seed-gold": {"model": evaluate_documents(gold, [_doc(MODEL_SPANS, MODEL_RELATIONS)]),
                          "weak": evaluate_documents(gold, [_doc(WEAK_SPANS, WEAK_RELATIONS)]),
                          "documents": len(gold)}}


def write_trained_files(model_dir: Path) -> Path:
    """Give an untrained model folder the metadata a trained one carries: a resolved config,
    evaluation reports (model vs weak labeller) and weak-supervision provenance."""
    (model_dir / "kashif_config.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    (model_dir / "eval_results.json").write_text(json.dumps(eval_results()), encoding="utf-8")
    (model_dir / "weak_supervision.json").write_text(json.dumps(PROVENANCE), encoding="utf-8")
    return model_dir


# --------------------------------------------------------------------------------------------
# a fake Hub


@dataclass
class _Ref:
    name: str
    target_commit: str


@dataclass
class _Refs:
    branches: list


@dataclass
class _CommitInfo:
    commit_url: str


@dataclass
class FakeHfApi:
    """In-memory stand-in for ``HfApi``: ``repos[repo_id][branch] = {path: bytes}``; ``calls``
    records every method called, ``writes`` those that change the Hub."""

    repos: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)
    user: str = "analyst"
    whoami_error: Exception | None = None
    commit_error: Exception | None = None
    endpoint: str = "https://hub.invalid"

    WRITES = ("create_repo", "create_branch", "create_commit", "upload_folder", "upload_file",
              "delete_repo", "delete_branch", "delete_file", "update_repo_settings")

    @property
    def writes(self) -> list[str]:
        return [c[0] for c in self.calls if c[0] in self.WRITES]

    def whoami(self, token=None):
        self.calls.append(("whoami",))
        if self.whoami_error:
            raise self.whoami_error
        return {"name": self.user, "orgs": []}

    def repo_exists(self, repo_id, *, repo_type=None):
        self.calls.append(("repo_exists", repo_id))
        return repo_id in self.repos

    def list_repo_refs(self, repo_id, *, repo_type=None):
        self.calls.append(("list_repo_refs", repo_id))
        return _Refs([_Ref(b, self.head(repo_id, b)) for b in self.repos[repo_id]])

    def head(self, repo_id, branch):
        """A stand-in commit id: changes whenever the branch's files change."""
        return f"{abs(hash(tuple(sorted(self.repos[repo_id][branch].items())))):x}"

    def list_repo_files(self, repo_id, *, revision=None, repo_type=None):
        self.calls.append(("list_repo_files", repo_id, revision))
        return sorted(self.repos[repo_id][revision or "main"])

    def create_repo(self, repo_id, *, private=None, repo_type=None, exist_ok=False):
        self.calls.append(("create_repo", repo_id, private))
        self.repos[repo_id] = {"main": {".gitattributes": b"*.safetensors filter=lfs\n"}}

    def create_branch(self, repo_id, *, branch, repo_type=None):
        self.calls.append(("create_branch", repo_id, branch))
        self.repos[repo_id][branch] = dict(self.repos[repo_id]["main"])

    def create_commit(self, repo_id, operations, *, commit_message, revision=None, repo_type=None,
                      parent_commit=None):
        from huggingface_hub import CommitOperationAdd, CommitOperationDelete

        self.calls.append(("create_commit", repo_id, revision, commit_message, list(operations), parent_commit))
        if self.commit_error:
            raise self.commit_error
        if parent_commit is not None and parent_commit != self.head(repo_id, revision or "main"):
            raise RuntimeError("412 Precondition Failed: the branch moved since parent_commit")
        files = dict(self.repos[repo_id][revision or "main"])
        for op in operations:
            if isinstance(op, CommitOperationAdd):
                src = op.path_or_fileobj
                files[op.path_in_repo] = src if isinstance(src, bytes) else Path(src).read_bytes()
            elif isinstance(op, CommitOperationDelete):
                del files[op.path_in_repo]
        self.repos[repo_id][revision or "main"] = files
        return _CommitInfo(f"https://hub.invalid/{repo_id}/commit/0001")

    def delete_repo(self, repo_id, *, repo_type=None, missing_ok=False):
        self.calls.append(("delete_repo", repo_id))
        self.repos.pop(repo_id, None)

    def delete_branch(self, repo_id, *, branch, repo_type=None):
        self.calls.append(("delete_branch", repo_id, branch))
        self.repos[repo_id].pop(branch, None)


_BUILT: dict[str, Path] = {}


def trained_model_dir(tiny_model_dir: Path, tmp_path_factory) -> Path:
    """A copy of the shared tiny model folder with :func:`write_trained_files`, once a session."""
    if "dir" not in _BUILT:
        out = tmp_path_factory.mktemp("hub-model") / "model"
        shutil.copytree(tiny_model_dir, out)
        _BUILT["dir"] = write_trained_files(out)
    return _BUILT["dir"]
