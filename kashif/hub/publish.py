"""Publish a trained model folder to the Hugging Face Hub, with its model card.

Everything that can be checked is checked before the first remote write: the folder (required
files present, no pickle weights), the card (rendered from the folder), offline mode, the token,
that the Hub answers (``whoami`` with a short timeout) and what the target repository and branch
already hold. The upload is then one commit (``create_commit``), so a failure part-way leaves the
repository as it was; a repository or branch this run created is deleted again if the commit fails.

Policy for an existing repository (``--revision`` names the branch, ``main`` by default):

* an empty branch (at most ``.gitattributes``) or one holding a Kashif model (it has
  ``kashif_config.yaml`` and ``relation_head.json``) is updated: the commit adds the new files and
  deletes every other file but ``.gitattributes``, so the branch holds exactly the new model;
* a branch holding anything else is refused, untouched;
* a branch that does not exist yet is created from ``main`` and the commit makes it hold exactly
  the new model (``main`` keeps its content, whatever it is).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

import jinja2
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, get_token
from huggingface_hub.errors import HfHubHTTPError, HFValidationError
from huggingface_hub.utils import validate_repo_id

import kashif
from kashif.hub.card import CardError, build_model_card

log = logging.getLogger(__name__)

#: files every Kashif model folder must hold (the weights and tokenizer are checked apart)
REQUIRED_FILES = ("config.json", "tokenizer_config.json", "relation_head.safetensors", "relation_head.json",
                  "kashif_config.yaml", "eval_results.json", "weak_supervision.json")
#: tokenizer files uploaded when present (a fast tokenizer needs tokenizer.json, WordPiece vocab.txt)
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "special_tokens_map.json", "added_tokens.json")
#: provenance uploaded when present: the base model of an encoder built offline (kashif encoder build)
OPTIONAL_FILES = ("base_encoder.json", "hybrid.json")
#: weights saved with pickle can run code when loaded: Kashif publishes safetensors only
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")
#: files that mark a Hub branch as holding a Kashif model
KASHIF_MARKERS = frozenset({"kashif_config.yaml", "relation_head.json"})
CARD_NAME = "README.md"
WHOAMI_TIMEOUT_S = 10.0


class PublishError(RuntimeError):
    """Publishing cannot go ahead; the message is one line and nothing remote was changed."""


class HubApi(Protocol):
    """The part of ``huggingface_hub.HfApi`` the publisher uses (tests inject a fake)."""

    endpoint: str

    def whoami(self, token: Any = None) -> dict: ...
    def repo_exists(self, repo_id: str, *, repo_type: str | None = None) -> bool: ...
    def list_repo_refs(self, repo_id: str, *, repo_type: str | None = None) -> Any: ...
    def list_repo_files(self, repo_id: str, *, revision: str | None = None,
                        repo_type: str | None = None) -> list[str]: ...
    def create_repo(self, repo_id: str, *, private: bool | None = None, repo_type: str | None = None,
                    exist_ok: bool = False) -> Any: ...
    def create_branch(self, repo_id: str, *, branch: str, repo_type: str | None = None) -> None: ...
    def create_commit(self, repo_id: str, operations: list, *, commit_message: str, revision: str | None = None,
                      repo_type: str | None = None, parent_commit: str | None = None) -> Any: ...
    def delete_branch(self, repo_id: str, *, branch: str, repo_type: str | None = None) -> None: ...
    def delete_repo(self, repo_id: str, *, repo_type: str | None = None, missing_ok: bool = False) -> None: ...


@dataclass(frozen=True)
class PublishResult:
    """What was published (or, for a dry run, written to ``folder``)."""

    repo_id: str
    revision: str
    files: tuple[str, ...]
    deleted: tuple[str, ...] = ()
    commit_url: str | None = None
    folder: Path | None = None
    created_repo: bool = False
    created_branch: bool = False


# --------------------------------------------------------------------------------------------
# the folder


def model_files(model_dir: str | Path) -> dict[str, Path]:
    """The files of ``model_dir`` that go to the Hub, ``{path in repo: local path}`` (the card
    aside). Raises :class:`PublishError` for a missing folder or file, or pickle weights."""
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise PublishError(f"model folder {model_dir} does not exist")
    present = {p.name for p in model_dir.iterdir() if p.is_file()}
    pickles = sorted(n for n in present if n.endswith(PICKLE_SUFFIXES))
    if pickles:
        raise PublishError(f"{model_dir} holds pickle weights ({', '.join(pickles)}); Kashif publishes "
                           "safetensors only: delete them or re-save the model with safe_serialization")
    missing = [n for n in REQUIRED_FILES if n not in present]
    weights = _weight_files(model_dir, present)
    if not weights:
        missing.append("model.safetensors")
    if not present & {"tokenizer.json", "vocab.txt"}:
        missing.append("tokenizer.json")
    if missing:
        raise PublishError(f"{model_dir} is not a complete Kashif model folder: missing {', '.join(missing)}")
    names = [*REQUIRED_FILES, *weights, *(n for n in (*TOKENIZER_FILES, *OPTIONAL_FILES) if n in present)]
    skipped = sorted(present - set(names))
    if skipped:
        log.info("not published (not part of a Kashif model): %s", ", ".join(skipped))
    return {n: model_dir / n for n in names}


def _weight_files(model_dir: Path, present: set[str]) -> list[str]:
    if "model.safetensors" in present:
        return ["model.safetensors"]
    if "model.safetensors.index.json" in present:
        try:
            index = json.loads((model_dir / "model.safetensors.index.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise PublishError(f"model.safetensors.index.json is not readable JSON ({exc})") from None
        shards = sorted(set(index.get("weight_map", {}).values()))
        if shards and all(s in present for s in shards):
            return ["model.safetensors.index.json", *shards]
    return []


def _render(model_dir: Path, repo_id: str) -> str:
    try:
        card = build_model_card(model_dir, repo_id)
    except CardError as exc:
        raise PublishError(f"cannot write the model card: {exc}") from None
    except (OSError, jinja2.TemplateError, ValueError) as exc:  # template missing or broken
        raise PublishError(f"cannot render the model card template: {_reason(exc)}") from None
    if not card.data.eval_results:
        log.warning("eval_results.json holds no evaluation: the card says the model was not evaluated")
    return str(card)


def write_folder(files: dict[str, Path], card: str, out: str | Path) -> Path:
    """Write the repository folder (``files`` + ``README.md``) to ``out``, atomically: it is built
    beside ``out`` and renamed into place. ``out`` must not exist or be an empty folder."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PublishError(f"{out} already exists and is not an empty folder; choose a new --dry-run folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, src in files.items():
            shutil.copyfile(src, tmp / name)
        (tmp / CARD_NAME).write_text(card, encoding="utf-8")
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


# --------------------------------------------------------------------------------------------
# the remote side

T = TypeVar("T")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _offline() -> bool:
    # read at call time: huggingface_hub's own flag is frozen when it is imported
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


def _with_timeout(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn`` in a daemon thread and give up after ``seconds`` (the Hub client has no timeout)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _check_hub(api: HubApi, token: str, timeout: float) -> str:
    """The user name the token belongs to; PublishError when the Hub cannot be reached or
    rejects the token."""
    try:
        me = _with_timeout(lambda: api.whoami(token=token), timeout)
    except HfHubHTTPError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status == 401:
            raise PublishError("the Hugging Face Hub rejected the token (401): set a valid HF_TOKEN "
                               "or run `hf auth login`") from None
        raise PublishError(f"the Hugging Face Hub answered with an error: {_reason(exc)}") from None
    except Exception as exc:  # connection refused, DNS, timeout: all mean "no network"
        raise PublishError(f"cannot reach the Hugging Face Hub at {api.endpoint}: {_reason(exc)}") from None
    return str(me.get("name", "?"))


def _remote(step: str, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except Exception as exc:
        raise PublishError(f"{step} failed: {_reason(exc)}") from None


@dataclass(frozen=True)
class _Plan:
    exists: bool
    branch_exists: bool
    delete: tuple[str, ...]
    head: str | None = None  # the commit the branch was inspected at


def _plan(api: HubApi, repo_id: str, revision: str, upload: set[str]) -> _Plan:
    """What the commit must delete, and whether the repo and branch exist; PublishError when the
    target branch holds something that is not a Kashif model."""
    exists = _remote(f"checking {repo_id}", lambda: api.repo_exists(repo_id, repo_type="model"))
    if not exists:
        return _Plan(False, False, ())
    refs = _remote(f"listing the branches of {repo_id}", lambda: api.list_repo_refs(repo_id, repo_type="model"))
    branches = {b.name: getattr(b, "target_commit", None) for b in refs.branches}
    branch_exists = revision in branches
    source = revision if branch_exists else "main"
    remote = set(_remote(f"listing the files of {repo_id}",
                         lambda: api.list_repo_files(repo_id, revision=source, repo_type="model")))
    remote.discard(".gitattributes")
    if branch_exists and remote and not KASHIF_MARKERS <= remote:
        foreign = sorted(remote - upload)[:3] or sorted(remote)[:3]
        raise PublishError(f"{repo_id} (branch {revision}) already holds files that are not a Kashif model "
                           f"(e.g. {', '.join(foreign)}); choose another --repo-id or a new --revision branch")
    return _Plan(True, branch_exists, tuple(sorted(remote - upload)), branches.get(revision))


def publish(model_dir: str | Path, repo_id: str, *, private: bool = False, revision: str | None = None,
            dry_run: str | Path | None = None, api: HubApi | None = None, token: str | None = None,
            timeout: float = WHOAMI_TIMEOUT_S) -> PublishResult:
    """Publish ``model_dir`` to the Hub as ``repo_id`` (branch ``revision``, default ``main``) in
    one commit, with a model card rendered from the folder. With ``dry_run`` the exact folder is
    written there and nothing is uploaded. Raises :class:`PublishError` (one line) on any failure,
    having changed nothing remote."""
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise PublishError(f"bad --repo-id {repo_id!r}: {_reason(exc)}") from None
    if repo_id.count("/") != 1:
        raise PublishError(f"bad --repo-id {repo_id!r}: expected OWNER/NAME")
    branch = revision or "main"
    model_dir = Path(model_dir)
    files = model_files(model_dir)
    card = _render(model_dir, repo_id)
    names = (*files, CARD_NAME)
    if dry_run is not None:
        folder = write_folder(files, card, dry_run)
        log.info("dry run: wrote %d files to %s; nothing uploaded", len(names), folder)
        return PublishResult(repo_id, branch, tuple(sorted(names)), folder=folder)

    if _offline():
        raise PublishError("offline mode is on (HF_HUB_OFFLINE=1): run with HF_HUB_OFFLINE=0 to publish")
    token = token or get_token()
    if not token:
        raise PublishError("no Hugging Face token: set HF_TOKEN or run `hf auth login`")
    api = api or HfApi(token=token)
    user = _check_hub(api, token, timeout)
    log.info("logged in to the Hub as %s", user)
    plan = _plan(api, repo_id, branch, set(names))
    if plan.exists and private:
        log.warning("--private is ignored: %s exists already (change its visibility on the Hub)", repo_id)

    ops: list = [CommitOperationAdd(path_in_repo=n, path_or_fileobj=str(p)) for n, p in files.items()]
    ops.append(CommitOperationAdd(path_in_repo=CARD_NAME, path_or_fileobj=card.encode("utf-8")))
    ops += [CommitOperationDelete(path_in_repo=n) for n in plan.delete]
    created_repo = created_branch = False
    try:
        if not plan.exists:
            api.create_repo(repo_id, private=private, repo_type="model", exist_ok=False)
            created_repo = True
        if branch != "main" and not plan.branch_exists:
            api.create_branch(repo_id, branch=branch, repo_type="model")
            created_branch = True
        # parent_commit: if the branch moved since it was inspected, the Hub refuses the commit
        info = api.create_commit(repo_id, ops, revision=branch, repo_type="model", parent_commit=plan.head,
                                 commit_message=f"Publish Kashif model {repo_id.split('/')[1]} "
                                                f"(kashif {kashif.__version__})")
    except Exception as exc:
        _undo(api, repo_id, branch, created_repo, created_branch)
        raise PublishError(f"upload to {repo_id} failed, nothing was published: {_reason(exc)}") from None
    url = getattr(info, "commit_url", None)
    log.info("published %d files to %s (branch %s)", len(names), repo_id, branch)
    return PublishResult(repo_id, branch, tuple(sorted(names)), plan.delete, url,
                         created_repo=created_repo, created_branch=created_branch)


def _undo(api: HubApi, repo_id: str, branch: str, created_repo: bool, created_branch: bool) -> None:
    """Remove what this run created before its commit failed, so the Hub is as it was."""
    try:
        if created_repo:
            api.delete_repo(repo_id, repo_type="model", missing_ok=True)
        elif created_branch:
            api.delete_branch(repo_id, branch=branch, repo_type="model")
    except Exception as exc:
        log.warning("could not remove what this run created on %s: %s", repo_id, _reason(exc))
