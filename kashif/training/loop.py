"""The training loop: one function, written with accelerate idioms.

``train(cfg)`` prepares the data (weak-labelling raw text on the fly), builds or loads the
encoder, trains entity tagging and relation scoring jointly, evaluates on the validation split
every N steps with :func:`kashif.model.predict.predict_documents` (the same path as inference),
keeps the best model by entity F1 and writes the model folder atomically. Side effects (files,
logs, progress bars) happen on the main process only. With ``train.resume`` the run continues from
its latest checkpoint and ends with the same weights as an uninterrupted run.
"""

from __future__ import annotations

import json
import logging
import math
import netrc
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
import yaml
from safetensors import SafetensorError

from kashif.files import atomic_dir
from kashif.model import JointModel, load_tokenizer
from kashif.model.predict import predict_documents
from kashif.model.tiny import tiny_bert_config, train_wordpiece
from kashif.schema import Document, read_jsonl, write_jsonl
from kashif.training.config import TrainConfig
from kashif.training.data import (
    Collator,
    DataError,
    LengthGroupedBatchSampler,
    build_features,
    load_documents,
    read_labelled,
    split_documents,
    with_rare_repeated,
)

log = logging.getLogger(__name__)
_CKPT_RE = re.compile(r"^step-(\d+)$")


class TrainingError(RuntimeError):
    """Training cannot go on (unwritable output, a broken checkpoint); the message says what to do."""


@dataclass
class TrainResult:
    """Where the model was written and its headline numbers (full reports in ``eval_results.json``)."""

    model_dir: Path
    metrics: dict[str, float] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)  # logged train/eval values, each with its "step"


@dataclass
class _State:
    """What a checkpoint must remember beyond weights, optimizer, scheduler and RNG."""

    global_step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0  # micro-batches of ``epoch`` already consumed
    best_f1: float = -1.0
    best_step: int = -1
    history: list[dict] = field(default_factory=list)


# ------------------------------------------------------------------------------ helpers


def _wandb_key() -> bool:
    """Whether a wandb API key is configured (``WANDB_API_KEY`` or ``~/.netrc``)."""
    if os.environ.get("WANDB_API_KEY"):
        return True
    try:
        return netrc.netrc().authenticators("api.wandb.ai") is not None
    except (OSError, netrc.NetrcParseError):
        return False


def _tracker(report_to: str) -> str | None:
    """The accelerate tracker to log with, or None.

    ``auto`` tracks with wandb only when an API key is configured, so demos and tests stay quiet
    and leave no ``wandb/`` folder; ``wandb`` (asked for) runs offline when there is no key.
    """
    if report_to == "none":
        return None
    has_key = _wandb_key()
    if report_to == "auto" and not has_key:
        log.info("experiment tracking is off (no wandb API key); --report-to wandb logs offline")
        return None
    try:
        import wandb  # noqa: F401
    except ImportError:
        log.warning("wandb is not installed; tracking is off")
        return None
    if not has_key and os.environ.get("WANDB_MODE") not in ("offline", "disabled", "dryrun"):
        os.environ["WANDB_MODE"] = "offline"  # no network, no login prompt
    return "wandb"


def _checkpoints(run_dir: Path) -> list[Path]:
    ck = run_dir / "checkpoints"
    found = [(int(m.group(1)), p) for p in ck.glob("step-*") if (m := _CKPT_RE.match(p.name)) and p.is_dir()]
    return [p for _, p in sorted(found)]


def _step_seed(seed: int, micro_step: int, process: int) -> int:
    # Dropout is reseeded from the position in the data, not from a running RNG, so a resumed
    # run draws exactly the masks of an uninterrupted one however many iterators were created.
    return (seed * 1_000_003 + micro_step * 7_919 + process * 104_729) % (2**63 - 1)


def _param_groups(model: JointModel, lr: float, head_lr: float, weight_decay: float) -> list[dict]:
    groups: dict[tuple[bool, bool], list] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        head = name.startswith(("relation_head.", "token_model.classifier."))
        decay = p.ndim >= 2 and "LayerNorm" not in name and "embeddings" not in name
        groups.setdefault((head, decay), []).append(p)
    return [{"params": ps, "lr": head_lr if head else lr, "weight_decay": weight_decay if decay else 0.0}
            for (head, decay), ps in sorted(groups.items())]


def _summary(report: dict) -> dict[str, float]:
    return {
        "ner_f1": report["seqeval"]["micro"]["f1"],
        "entity_f1": report["entities"]["strict"]["micro"]["f1"],
        "entity_partial_f1": report["entities"]["partial"]["micro"]["f1"],
        "rel_f1": report["relations"]["strict"]["micro"]["f1"],
    }


def evaluate(accelerator, model: JointModel, tokenizer, docs: list[Document], cfg: TrainConfig) -> dict:
    """:func:`kashif.metrics.evaluate_documents` report of ``model`` on ``docs``; documents are
    spread over the processes and gathered back with ``gather_for_metrics``."""
    from accelerate.data_loader import prepare_data_loader

    from kashif.metrics import evaluate_documents

    # sharded like a prepared loader, but not registered with the accelerator: evaluation loaders
    # must not become part of the checkpointed state
    loader = prepare_data_loader(
        torch.utils.data.DataLoader(list(range(len(docs))), batch_size=4, collate_fn=list),
        num_processes=accelerator.num_processes, process_index=accelerator.process_index, put_on_device=False)
    unwrapped = accelerator.unwrap_model(model)
    preds: list[dict] = []
    for batch in loader:
        idx = [int(i) for i in batch]
        with accelerator.autocast():
            out = predict_documents(unwrapped, tokenizer, [docs[i].text for i in idx], [docs[i].id for i in idx],
                                    batch_size=2 * cfg.train.batch_size, max_length=cfg.data.max_length,
                                    stride=cfg.data.stride, device=accelerator.device)
        preds.extend(accelerator.gather_for_metrics([d.to_dict() for d in out], use_gather_object=True))
    unique = {d["id"]: Document.from_dict(d) for d in preds}
    return evaluate_documents(docs, list(unique.values()))


# ------------------------------------------------------------------------------ preparation


def _prepare_run(cfg: TrainConfig, accelerator, tokenizer) -> tuple[list[Document], list[Document], dict | None,
                                                                    object]:
    """Documents, validation documents, provenance and tokenizer, snapshotted in the run folder so
    a resumed run (and every process) uses exactly the same ones."""
    run = cfg.run_dir
    snap = run / "data"
    tok_dir = run / "tokenizer"
    if accelerator.is_main_process and not (cfg.train.resume and (snap / "train.jsonl").is_file()):
        docs, provenance = load_documents(cfg.data, cfg.seed)
        if cfg.data.validation:
            val = [d for path in cfg.data.validation_paths for d in read_labelled(path)]
            dup = [i for i, c in Counter(d.id for d in val).items() if c > 1]
            if dup:
                raise DataError(f"data.validation: duplicate document id {dup[0]!r}")
            train_docs = docs
        else:
            train_docs, val = split_documents(docs, cfg.data.validation_fraction, cfg.seed)
        shutil.rmtree(run / "checkpoints", ignore_errors=True)  # a fresh run: old checkpoints are stale
        shutil.rmtree(run / "best", ignore_errors=True)
        write_jsonl(train_docs, snap / "train.jsonl")
        write_jsonl(val, snap / "validation.jsonl")
        (snap / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
        if cfg.model.init == "scratch":
            tok = train_wordpiece([d.text for d in train_docs], cfg.model.vocab_size, cfg.model.max_position)
            tok.save_pretrained(str(tok_dir))
    accelerator.wait_for_everyone()
    train_docs = list(read_jsonl(snap / "train.jsonl"))
    val = list(read_jsonl(snap / "validation.jsonl"))
    provenance = json.loads((snap / "provenance.json").read_text(encoding="utf-8"))
    if tokenizer is None:
        tokenizer = load_tokenizer(tok_dir)
    return train_docs, val, provenance, tokenizer


def _build_model(cfg: TrainConfig, tokenizer) -> JointModel:
    m = cfg.model
    relation = {"type_dim": m.relation_type_dim, "ffn_dim": m.relation_ffn_dim, "dropout": m.relation_dropout}
    if m.init == "scratch":
        enc = tiny_bert_config(len(tokenizer.get_vocab()), hidden=m.hidden, layers=m.layers, heads=m.heads,
                               intermediate=m.intermediate, max_position=m.max_position, dropout=m.dropout)
        model = JointModel.from_config(enc, relation=relation)
    else:
        model = JointModel.from_encoder(m.name, relation=relation)
        limit = model.token_model.config.max_position_embeddings
        if cfg.data.max_length > limit:
            raise ValueError(f"config data.max_length={cfg.data.max_length}: longer than the encoder's "
                             f"{limit} positions")
        if m.keep_layers is not None:
            truncate_encoder(model, m.keep_layers)
        frozen = freeze_encoder(model, m.freeze_embeddings, m.freeze_layers)
        if frozen:
            log.info("%.1f M encoder parameters frozen (embeddings: %s, lowest layers: %d)", frozen / 1e6,
                     m.freeze_embeddings, m.freeze_layers)
    model.relation_weight = cfg.train.relation_weight
    return model


def truncate_encoder(model: JointModel, layers: int) -> None:
    """Keep the lowest ``layers`` encoder layers. The last layers of an encoder trained for sentence
    embeddings (multilingual-e5: mean pooling) are tuned for pooling, and their token states are
    nearly parallel (mean cosine 0.70 at layer 12 vs 0.26 at layer 8 on ANT news), which a token
    classifier separates slowly; fewer layers are also cheaper. The saved config says how many."""
    base = model.token_model.base_model
    n = len(base.encoder.layer)
    if layers > n:
        raise ValueError(f"config model.keep_layers={layers}: the encoder has {n} layers")
    base.encoder.layer = base.encoder.layer[:layers]
    model.token_model.config.num_hidden_layers = layers


def freeze_encoder(model: JointModel, embeddings: bool, layers: int) -> int:
    """Stop gradients into the embeddings and the lowest ``layers`` encoder layers; returns the
    number of frozen parameters. The lower layers of a pretrained encoder change least in
    fine-tuning, and a frozen layer needs no backward pass below the first trainable one."""
    base = model.token_model.base_model
    parts = ([base.embeddings] if embeddings else []) + list(base.encoder.layer[:layers])
    if layers > len(base.encoder.layer):
        raise ValueError(f"config model.freeze_layers={layers}: the encoder has {len(base.encoder.layer)} layers")
    frozen = 0
    for part in parts:
        for p in part.parameters():
            p.requires_grad_(False)
            frozen += p.numel()
    return frozen


def _eval_sets(cfg: TrainConfig) -> dict[str, list[Document]]:
    return {name: read_labelled(path) for name, path in cfg.data.eval_sets.items()}


# ------------------------------------------------------------------------------ the loop


def train(cfg: TrainConfig, on_step: Callable[[int], None] | None = None) -> TrainResult:
    """Train per ``cfg`` and write the model folder to ``cfg.output_dir``.

    ``on_step(global_step)`` is called after every optimizer step (monitoring; tests use it to
    interrupt a run). Raises ValueError/DataError for bad configs or data, ModelLoadError when the
    encoder cannot be loaded, TrainingError when output cannot be written.
    """
    from accelerate import Accelerator
    from accelerate.state import AcceleratorState, GradientState

    cfg.check()
    if cfg.model.init == "scratch" and cfg.data.max_length > cfg.model.max_position:
        raise ValueError(f"config data.max_length={cfg.data.max_length}: longer than "
                         f"model.max_position={cfg.model.max_position}")
    # a pretrained encoder's tokenizer first: an offline machine fails here, before any slow work
    tokenizer = load_tokenizer(cfg.model.name) if cfg.model.init == "pretrained" else None
    log_with = _tracker(cfg.tracking.report_to)
    accelerator = Accelerator(mixed_precision=cfg.train.mixed_precision,
                              gradient_accumulation_steps=cfg.train.grad_accum, log_with=log_with,
                              project_dir=str(cfg.run_dir))
    try:
        return _run(cfg, accelerator, tokenizer, log_with, on_step)
    finally:
        # accelerate keeps process-wide singletons; clearing them (not the distributed setup) lets
        # one process train several models (benchmarks, tests) and start clean after a crash
        AcceleratorState._reset_state(reset_partial_state=False)
        GradientState._reset_state()


def _run(cfg: TrainConfig, accelerator, tokenizer, log_with: str | None,
         on_step: Callable[[int], None] | None) -> TrainResult:
    run = _Run(cfg, accelerator, tokenizer, log_with)
    run.fit(on_step)
    return run.finish()


class _Run:
    """One training run: set up in ``__init__``, train in :meth:`fit`, write the model in :meth:`finish`."""

    def __init__(self, cfg: TrainConfig, accelerator, tokenizer, log_with: str | None) -> None:
        from accelerate.utils import set_seed
        from transformers import get_linear_schedule_with_warmup

        self.t_start = time.time()
        self.cfg, self.acc = cfg, accelerator
        tc, run = cfg.train, cfg.run_dir
        self.main = accelerator.is_main_process
        if self.main:
            run.mkdir(parents=True, exist_ok=True)
        ckpts = _checkpoints(run) if tc.resume else []
        if tc.resume and not ckpts:
            log.warning("train.resume: no checkpoint in %s; starting from scratch", run / "checkpoints")
        self.train_docs, self.val_docs, self.provenance, self.tokenizer = _prepare_run(cfg, accelerator, tokenizer)
        self.eval_sets = _eval_sets(cfg)
        features = build_features(with_rare_repeated(self.train_docs, cfg.data.repeat_rare), self.tokenizer,
                                  cfg.data, cfg.weak)
        if not features:
            raise DataError("data.train: the documents hold no text to train on")
        log.info("%d training documents -> %d windows; %d validation documents", len(self.train_docs),
                 len(features), len(self.val_docs))

        set_seed(cfg.seed)
        model = _build_model(cfg, self.tokenizer)
        optimizer = torch.optim.AdamW(_param_groups(model, tc.lr, tc.head_lr or tc.lr, tc.weight_decay), lr=tc.lr)
        self.sampler = LengthGroupedBatchSampler([len(f) for f in features], tc.batch_size, cfg.seed,
                                                 tc.group_by_length)
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0
        loader = torch.utils.data.DataLoader(features, batch_sampler=self.sampler, collate_fn=Collator(pad),
                                             num_workers=tc.num_workers)
        n_proc = accelerator.num_processes
        self.batches_per_epoch = math.ceil(len(self.sampler) / n_proc)
        self.total_steps = tc.epochs * math.ceil(self.batches_per_epoch / tc.grad_accum)
        if tc.max_steps:
            self.total_steps = min(self.total_steps, tc.max_steps)
        # the prepared scheduler steps once per process for every optimizer step
        scheduler = get_linear_schedule_with_warmup(optimizer, int(tc.warmup_ratio * self.total_steps) * n_proc,
                                                    self.total_steps * n_proc)
        self.model, self.optimizer, self.loader, self.scheduler = accelerator.prepare(
            model, optimizer, loader, scheduler)
        self.unwrapped = accelerator.unwrap_model(self.model)
        self.state = _State()
        if ckpts:
            self._resume(ckpts[-1])
            if self.state.global_step >= self.total_steps:
                log.info("the run in %s is already complete (step %d of %d); nothing left to train, "
                         "the model folder is written from its last checkpoint", run, self.state.global_step,
                         self.total_steps)
        if log_with:
            init = {"wandb": {"dir": str(run), **({"name": cfg.tracking.run_name} if cfg.tracking.run_name else {})}}
            accelerator.init_trackers(cfg.tracking.project, config=_flat(cfg.to_dict()), init_kwargs=init)
        self.train_time = 0.0  # seconds spent in training steps (evaluation and checkpoints excluded)
        self.train_tokens = 0

    def _resume(self, ckpt: Path) -> None:
        log.info("resuming from %s", ckpt)
        try:
            self.acc.load_state(str(ckpt))
            self.state = _State(**json.loads((ckpt / "trainer_state.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
            raise TrainingError(f"cannot resume from {ckpt} ({exc}); delete it or train without --resume") from None

    # ---------------------------------------------------------------- evaluation and checkpoints
    def evaluate(self) -> None:
        """Validation scores; the best model so far (by entity F1) is kept in ``run_dir/best``."""
        st = self.state
        if not self.val_docs:
            return
        metrics = _summary(evaluate(self.acc, self.model, self.tokenizer, self.val_docs, self.cfg))
        logged = {f"eval/{k}": v for k, v in metrics.items()}
        st.history.append({"step": st.global_step, **logged})
        self.acc.log(logged, step=st.global_step)
        log.info("step %d: %s", st.global_step, ", ".join(f"{k} {v:.3f}" for k, v in metrics.items()))
        if metrics["ner_f1"] >= st.best_f1:  # ties go to the later, longer-trained model
            st.best_f1, st.best_step = metrics["ner_f1"], st.global_step
            if self.main:
                _save_folder(self.cfg.run_dir / "best",
                             lambda d: self.unwrapped.save_pretrained(d, tokenizer=self.tokenizer))
        self.acc.wait_for_everyone()

    def checkpoint(self) -> None:
        _save_checkpoint(self.acc, self.cfg.run_dir, self.state, self.cfg.train.keep_checkpoints)

    # ---------------------------------------------------------------- training
    def fit(self, on_step: Callable[[int], None] | None = None) -> None:
        """Train until ``epochs`` or ``max_steps``; evaluate and checkpoint on schedule."""
        from tqdm.auto import tqdm

        tc, st, acc = self.cfg.train, self.state, self.acc
        bar = tqdm(total=self.total_steps, initial=st.global_step, disable=not (self.main and tc.progress),
                   desc="training", unit="step", dynamic_ncols=True)
        # running sums stay on the device: no host sync per batch
        sums = torch.zeros(4, dtype=torch.float64, device=acc.device)  # loss, ner, relation, tokens
        n_batches, t_log = 0, time.time()
        last_eval = last_save = -1
        self.model.train()
        done = st.global_step >= self.total_steps
        for epoch in range(st.epoch, tc.epochs):
            if done:
                break
            # the prepared loader re-sets its sampler's epoch from its own pass counter on every
            # iteration; both are set so a resumed run (a fresh counter) sees the same order
            self.loader.set_epoch(epoch)
            self.sampler.set_epoch(epoch)
            skip = st.batch_in_epoch if epoch == st.epoch else 0
            epoch_loader = acc.skip_first_batches(self.loader, skip) if skip else self.loader
            st.epoch, st.batch_in_epoch = epoch, skip
            t_step = time.time()
            for batch in epoch_loader:
                out = self._step(batch, epoch)
                sums += torch.stack([out.loss.detach().double(), out.ner_loss.detach().double(),
                                     (out.relation_loss if out.relation_loss is not None
                                      else out.loss.new_zeros(())).detach().double(),
                                     batch["attention_mask"].sum().double()])
                n_batches += 1
                if not acc.sync_gradients:
                    continue
                st.global_step += 1
                bar.update(1)
                self.train_time += time.time() - t_step
                if st.global_step % tc.log_every == 0 or st.global_step == self.total_steps:
                    total = acc.reduce(sums, reduction="sum").tolist()
                    n = n_batches * acc.num_processes
                    logs = {"train/loss": total[0] / n, "train/ner_loss": total[1] / n,
                            "train/relation_loss": total[2] / n, "train/lr": self.scheduler.get_last_lr()[0],
                            "train/epoch": epoch + st.batch_in_epoch / self.batches_per_epoch}
                    st.history.append({"step": st.global_step, **logs})
                    self.train_tokens += int(total[3])
                    acc.log({**logs, "train/tokens_per_s": total[3] / max(time.time() - t_log, 1e-9)},
                            step=st.global_step)
                    bar.set_postfix(loss=f"{logs['train/loss']:.3f}")
                    sums.zero_()
                    n_batches, t_log = 0, time.time()
                if tc.eval_every and st.global_step % tc.eval_every == 0:
                    self.evaluate()
                    last_eval = st.global_step
                if tc.save_every and st.global_step % tc.save_every == 0:
                    self.checkpoint()
                    last_save = st.global_step
                if on_step is not None:
                    on_step(st.global_step)
                if st.global_step >= self.total_steps:
                    done = True
                    break
                t_step = time.time()
            else:
                st.epoch, st.batch_in_epoch = epoch + 1, 0
            if not tc.eval_every and last_eval != st.global_step:
                self.evaluate()
                last_eval = st.global_step
            if not tc.save_every and not done and last_save != st.global_step:
                self.checkpoint()
                last_save = st.global_step
        bar.close()
        if last_eval != st.global_step:
            self.evaluate()

    def _step(self, batch: dict, epoch: int):
        """One micro-batch: forward, backward and (every ``grad_accum`` batches) an optimizer step."""
        acc, st = self.acc, self.state
        torch.manual_seed(_step_seed(self.cfg.seed, epoch * self.batches_per_epoch + st.batch_in_epoch,
                                     acc.process_index))
        with acc.accumulate(self.model):
            out = self.model(**batch)
            acc.backward(out.loss)
            if acc.sync_gradients and self.cfg.train.max_grad_norm > 0:
                acc.clip_grad_norm_(self.model.parameters(), self.cfg.train.max_grad_norm)
            self.optimizer.step()
            self.scheduler.step()
            self.optimizer.zero_grad()
        st.batch_in_epoch += 1
        return out

    # ---------------------------------------------------------------- the model folder
    def finish(self) -> TrainResult:
        """Pick the best model, evaluate it on every eval set and write the model folder atomically."""
        cfg, st, acc = self.cfg, self.state, self.acc
        final = self.unwrapped
        run = cfg.run_dir
        if self.val_docs and (run / "best").is_dir() and st.best_step != st.global_step:
            final = JointModel.from_pretrained(run / "best").to(acc.device)
            log.info("best validation entity F1 %.3f at step %d", st.best_f1, st.best_step)
        reports: dict[str, dict] = {}
        if self.val_docs:
            reports["validation"] = evaluate(acc, final, self.tokenizer, self.val_docs, cfg)
        for name, docs in self.eval_sets.items():
            reports[name] = evaluate(acc, final, self.tokenizer, docs, cfg)
        metrics: dict[str, float] = {
            "steps": float(st.global_step), "best_step": float(st.best_step),
            "train_seconds": time.time() - self.t_start,
        }
        if self.train_time:  # a resumed run that was already complete trained nothing: no throughput
            metrics["train_tokens_per_s"] = self.train_tokens / self.train_time
        for name, rep in reports.items():
            for k, v in _summary(rep).items():
                metrics[k if name == "validation" else f"{name}/{k}"] = v
        if self.main:
            weak = {"weak_labelled": True, **self.provenance} if self.provenance else \
                {"weak_labelled": False, "training_data": cfg.data.train_paths}

            def write(d: Path) -> None:
                final.save_pretrained(d, tokenizer=self.tokenizer)
                (d / "kashif_config.yaml").write_text(cfg.to_yaml(), encoding="utf-8")
                (d / "eval_results.json").write_text(json.dumps(reports, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
                (d / "weak_supervision.json").write_text(json.dumps(weak, ensure_ascii=False, indent=2) + "\n",
                                                         encoding="utf-8")
                # base model and licence, for the card: from a built encoder, or from a Kashif model
                # trained on one (a self-training student starts from its teacher)
                base = Path(cfg.model.name or "")
                built = next((p for p in (base / "kashif_encoder.json", base / "base_encoder.json") if p.is_file()),
                             None)
                if cfg.model.init == "pretrained" and built is not None:
                    shutil.copyfile(built, d / "base_encoder.json")
                if cfg.predict.model_types:  # predict combines the model with the weak labeller
                    from kashif.inference.hybrid import HYBRID_FILE

                    (d / HYBRID_FILE).write_text(json.dumps({"model_types": cfg.predict.model_types}) + "\n",
                                                 encoding="utf-8")

            _save_folder(Path(cfg.output_dir), write)
            if cfg.data.compare_labeller and (cfg.data.eval_sets or cfg.data.conll_eval_sets):
                metrics.update(_compare_with_labeller(cfg, reports))
            acc.log({f"final/{k}": v for k, v in metrics.items()}, step=st.global_step)
        acc.wait_for_everyone()
        acc.end_training()
        return TrainResult(Path(cfg.output_dir), metrics, st.history)


def _compare_with_labeller(cfg: TrainConfig, reports: dict[str, dict]) -> dict[str, float]:
    """Score the written model and the weak labeller side by side on every eval set, into the
    folder's ``eval_results.json`` (``{set: {"model", "weak", ...}}``, as the model card reads it)."""
    from kashif.evaluation import headline, model_vs_labeller
    from kashif.files import write_json

    d = cfg.data
    log.info("scoring the model and the weak labeller on %d gold sets", len(d.eval_sets) + len(d.conll_eval_sets))
    pairs = model_vs_labeller(cfg.output_dir, d.eval_sets, d.conll_eval_sets, conll_tail=d.conll_eval_tail,
                              label_map=d.conll_label_map, aggregator=d.aggregator,
                              batch_size=2 * cfg.train.batch_size)
    write_json({**reports, **pairs}, Path(cfg.output_dir) / "eval_results.json")
    out = {}
    for name, entry in pairs.items():
        m_ent, w_ent, m_rel, w_rel = headline(entry)
        out[f"{name}/model_entity_f1"], out[f"{name}/labeller_entity_f1"] = m_ent, w_ent
        if m_rel is not None:
            out[f"{name}/model_rel_f1"], out[f"{name}/labeller_rel_f1"] = m_rel, w_rel
    return out


# safetensors reports I/O failures (a full disk) with its own exception type, not OSError
_WRITE_ERRORS = (OSError, SafetensorError)


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)).strip()


def _save_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Write a folder atomically; a full disk gives a TrainingError and leaves no temp folder."""
    try:
        with atomic_dir(target) as tmp:
            write(tmp)
    except _WRITE_ERRORS as exc:
        raise TrainingError(f"cannot write {target}: {_reason(exc)}; nothing was left there") from None


def _save_checkpoint(accelerator, run: Path, state: _State, keep: int) -> None:
    """``save_state`` into a temporary folder renamed to ``checkpoints/step-N``; older ones rotated."""
    ck = run / "checkpoints"
    final = ck / f"step-{state.global_step:07d}"
    tmp = ck / f".step-{state.global_step:07d}.tmp"
    if accelerator.is_main_process:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    accelerator.wait_for_everyone()
    try:
        accelerator.save_state(str(tmp))
        if accelerator.is_main_process:
            (tmp / "trainer_state.json").write_text(json.dumps(state.__dict__, indent=2) + "\n", encoding="utf-8")
    except _WRITE_ERRORS as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise TrainingError(f"cannot write checkpoint {final}: {_reason(exc)}") from None
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        for old in _checkpoints(run)[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
    accelerator.wait_for_everyone()


def _flat(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict) and v:
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v if not isinstance(v, list) else yaml.safe_dump(v).strip()
    return out
