"""Speed of ``predict`` (Extractor: entities and relations) vs the transformers token-classification
pipeline (entities only) on CPU, in one process, on the same checkpoint, inputs and batch size.

    .venv/bin/python benchmarks/predict_speed.py                   # tiny + bert-base-sized, ~4 min on 2 cores
    .venv/bin/python benchmarks/predict_speed.py --sizes tiny --docs 80 --max-length-chars 1000000
    .venv/bin/python benchmarks/predict_speed.py --sizes '' --trained runs/cpu/model --max-length-chars 100000

Measures, per model size: documents/s of both paths (best of ``--repeat``) and their ratio, the
peak resident memory each path adds (sampled from /proc every 5 ms) and the peak Python heap
(tracemalloc), dynamic int8 quantisation (``--quantize``) docs/s; then characters/s of one
document of 1 KB ... 1 MB (the linearity ratio is chars/s at 10 KB over chars/s at the longest
length: 1.0 is perfectly linear; 1 KB is dominated by fixed per-call costs); and the effect of int8 on F1 against the gold files
with a trained model (``--f1-model``, default ``runs/demo/model`` when it exists).

The models are random-init (no download): the tiny test BERT and a bert-base-sized one
(``BertConfig()``: 12 layers, hidden 768) with the tiny WordPiece tokenizer. A random classifier
tags nearly every word and a random relation head keeps nearly every pair, which no trained model
does; so the ``O`` and ``NONE`` biases are shifted until the model finds as many entities and
relations per word as the gold files hold (both paths read that same checkpoint). Results go to
``runs/bench/predict_speed.json``. GPU throughput is not measured here (no GPU).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore")

import torch  # noqa: E402
from transformers import AutoTokenizer, BertConfig, pipeline  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

from kashif.inference.extractor import Extractor  # noqa: E402
from kashif.model import JointModel, load_tokenizer  # noqa: E402
from kashif.model.tiny import build_tiny_model_dir  # noqa: E402
from kashif.schema import read_jsonl  # noqa: E402
from kashif.text import tokenize  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
log = logging.getLogger("predict_speed")


class PeakRSS:
    """Peak resident set size (bytes) above the value at entry, sampled every 5 ms in a thread."""

    def __enter__(self) -> PeakRSS:
        self.base = self.peak = _rss()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, _rss())

    @property
    def added_mb(self) -> float:
        return (self.peak - self.base) / 2**20


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------------------ inputs and models


def corpus() -> tuple[list[str], list]:
    """The project's distinct texts (seed articles, gold and development texts) and the annotated
    documents (``../shared/data/gold`` and the project's development annotations ``data/dev``)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data/raw/seeds").glob("*.txt"))]
    gold = [d for p in sorted((SHARED / "data/gold").glob("*.jsonl")) for d in read_jsonl(p)]
    gold += [d for p in sorted((REPO / "data/dev").glob("*.jsonl")) for d in read_jsonl(p)]  # dev annotations
    texts += [d.text for d in gold]
    return list(dict.fromkeys(texts)), gold


def bench_documents(texts: list[str], n: int) -> list[str]:
    """``n`` distinct documents: the project's texts, then ANERcorp news (sentences joined, one
    document per run of sentences) with the project texts' lengths in turn.

    No document repeats, so nothing that remembers earlier input (the tokenizer's word cache) is
    flattered by the benchmark.
    """
    out = texts[:n]
    path = SHARED / "data/external/anercorp/train.txt"
    if len(out) < n and path.is_file():
        from kashif.corpus import read_conll

        sents = [" ".join(s.tokens) for s in read_conll(path)]
        k = 0
        while len(out) < n and k < len(sents):
            target = len(texts[len(out) % len(texts)])
            doc: list[str] = []
            while k < len(sents) and sum(map(len, doc)) < target:
                doc.append(sents[k])
                k += 1
            out.append("\n".join(doc))
    return [out[i % len(out)] for i in range(n)]  # cycles only without ANERcorp


def gold_rates(gold) -> tuple[float, float]:
    """Entities and relations per word in the gold and development annotations."""
    words = sum(1 for d in gold for t in tokenize(d.text) if t.is_word)
    return (sum(len(d.entities) for d in gold) / max(words, 1),
            sum(len(d.relations) for d in gold) / max(words, 1))


def calibrate(model: JointModel, tokenizer, texts: list[str], ents_per_word: float,
              rels_per_word: float) -> tuple[float, float]:
    """Shift the ``O`` and ``NONE`` biases of a random-init model until it finds about as many
    entities and relations per word as the gold files have.

    A random classifier tags nearly every word and calls nearly every candidate pair a relation,
    which no trained model does: both paths would then time post-processing of noise, and the
    number of candidate pairs (quadratic in the entities of a sentence) would be several times
    a trained model's. The entity bias is found by bisection on the decoded entity count; the
    relation bias from the margins of every candidate pair the relation head scores.
    """
    from kashif.model.predict import predict_documents

    words = sum(1 for t in texts for w in tokenize(t) if w.is_word)
    ids = [str(i) for i in range(len(texts))]

    def count(bias: float) -> int:
        with torch.no_grad():
            model.token_model.classifier.bias[0] = base + bias
        docs = predict_documents(model, tokenizer, texts, ids, relations=False)
        return sum(len(d.entities) for d in docs)

    base = float(model.token_model.classifier.bias[0])
    lo, hi = -5.0, 5.0
    while count(hi) > ents_per_word * words:
        hi *= 2
    for _ in range(14):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if count(mid) > ents_per_word * words else (lo, mid)
    count(hi)  # keep the bias that leaves at most the target
    margins: list[torch.Tensor] = []
    hook = model.relation_head.register_forward_hook(
        lambda _m, _i, out: margins.append(out.logits[:, 1:].max(dim=-1).values - out.logits[:, 0]))
    try:
        predict_documents(model, tokenizer, texts, ids)
    finally:
        hook.remove()
    m = torch.cat(margins).float().sort(descending=True).values if margins else torch.zeros(0)
    k = int(rels_per_word * words)
    r_delta = float(m[k]) if k < len(m) else float(m[-1]) - 1.0 if len(m) else 0.0
    with torch.no_grad():
        model.relation_head.ffn[-1].bias[0] += r_delta
    return hi, r_delta


def build_models(work: Path, sizes: list[str], texts: list[str], rates: tuple[float, float]) -> dict[str, Path]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data/raw/seeds").glob("*.txt"))]
    tiny = build_tiny_model_dir(work / "tiny-random", seeds)
    out = {}
    for size in sizes:
        if size == "tiny":
            model = JointModel.from_pretrained(tiny)
        else:  # bert-base-sized encoder with the tiny tokenizer (a random init: no download)
            tok = load_tokenizer(tiny)
            model = JointModel.from_config(BertConfig(vocab_size=len(tok.get_vocab())))
        tok = load_tokenizer(tiny)
        sample = texts if size == "tiny" else sorted(texts, key=len)[:8]  # short ones for bert-base
        e_delta, r_delta = calibrate(model, tok, sample, *rates)
        d = work / size
        model.save_pretrained(d, tokenizer=tok)
        log.info("%s: %.1fM parameters, O bias %+.3f, NONE bias %+.3f", size,
                 sum(p.numel() for p in model.parameters()) / 1e6, e_delta, r_delta)
        out[size] = d
    return out


# ------------------------------------------------------------------------------ measurements


def memory_probe(kind: str, model_dir: Path, texts: list[str], batch_size: int) -> dict:
    """Peak memory of one path in a fresh process (in one process the first path to run grows the
    heap that the second then reuses): RSS after loading and a warm-up, and the run's peak."""
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import predict_speed as b; "
            f"print(json.dumps(b._probe({kind!r}, {str(model_dir)!r}, {len(texts)}, {batch_size})))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    if r.returncode != 0:
        raise RuntimeError(f"memory probe {kind} failed: {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _probe(kind: str, model_dir: str, n_docs: int, batch_size: int) -> dict:
    torch.set_num_threads(1)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    texts, _ = corpus()
    texts = bench_documents(texts, n_docs)
    if kind == "predict":
        ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
        run = lambda: ex.extract(texts, batch_size=batch_size)  # noqa: E731
    else:
        tok = AutoTokenizer.from_pretrained(model_dir)
        ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
        tok.model_max_length = ex.max_length
        pipe = pipeline("token-classification", model=model_dir, tokenizer=tok, aggregation_strategy="simple",
                        device=-1, stride=ex.stride)
        del ex
        run = lambda: pipe(texts, batch_size=batch_size)  # noqa: E731
    run_texts = texts
    texts = run_texts[:2]
    run() if kind == "predict" else pipe(texts, batch_size=batch_size)  # warm-up on two documents
    texts = run_texts
    loaded = _rss()
    with PeakRSS() as mem:
        run()
    return {"rss_after_load_mb": loaded / 2**20, "peak_rss_mb": mem.peak / 2**20, "run_added_mb": mem.added_mb,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def compare(model_dir: Path, texts: list[str], batch_size: int, repeat: int, quantize: bool) -> dict:
    ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    tok.model_max_length = ex.max_length  # the same windows for both paths
    pipe = pipeline("token-classification", model=str(model_dir), tokenizer=tok, aggregation_strategy="simple",
                    device=-1, stride=ex.stride)
    ex.extract(texts[:2], batch_size=batch_size)  # warm-up (allocator, kernels)
    pipe(texts[:2], batch_size=batch_size)
    res: dict = {"docs": len(texts), "chars": sum(map(len, texts)), "batch_size": batch_size,
                 "max_length": ex.max_length, "stride": ex.stride}
    # every timed run starts cold: the extractor's word cache is emptied first
    t_ours = timed(lambda: (ex.clear_cache(), ex.extract(texts, batch_size=batch_size)), repeat)
    t_pipe = timed(lambda: pipe(texts, batch_size=batch_size), repeat)
    docs = ex.extract(texts, batch_size=batch_size)
    ents_pipe = sum(len(o) for o in pipe(texts, batch_size=batch_size))
    res["predict"] = {"docs_per_s": len(texts) / t_ours, "seconds": t_ours,
                      "memory": memory_probe("predict", model_dir, texts, batch_size),
                      "entities": sum(len(d.entities) for d in docs), "relations": sum(len(d.relations) for d in docs)}
    res["pipeline"] = {"docs_per_s": len(texts) / t_pipe, "seconds": t_pipe,
                       "memory": memory_probe("pipeline", model_dir, texts, batch_size), "entities": ents_pipe}
    res["ratio"] = t_pipe / t_ours
    t_ent = timed(lambda: (ex.clear_cache(), ex.extract(texts, batch_size=batch_size, relations=False)), repeat)
    res["predict_entities_only"] = {"docs_per_s": len(texts) / t_ent, "ratio_vs_pipeline": t_pipe / t_ent}
    tracemalloc.start()
    ex.extract(texts, batch_size=batch_size)
    res["predict"]["python_heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    if quantize:
        q = Extractor.from_pretrained(model_dir, device="cpu", quantize=True, hybrid=False)
        q.extract(texts[:2], batch_size=batch_size)
        t_q = timed(lambda: (q.clear_cache(), q.extract(texts, batch_size=batch_size)), repeat)
        from kashif.metrics import evaluate_documents

        agree = evaluate_documents(docs, q.extract(texts, batch_size=batch_size))  # int8 scored against fp32
        res["predict_int8"] = {"docs_per_s": len(texts) / t_q, "speedup_vs_fp32": t_ours / t_q,
                               "ratio_vs_pipeline": t_pipe / t_q,
                               "entity_agreement_f1": agree["entities"]["strict"]["micro"]["f1"],
                               "relation_agreement_f1": agree["relations"]["strict"]["micro"]["f1"]}
    return res


def beside_pipeline(model_dir: str, path: str, n_docs: int, batch_size: int = 16) -> dict:
    """Characters/s of ``Extractor.extract`` (entities and relations) and of the transformers
    token-classification pipeline (entities) on the first ``n_docs`` documents of the JSONL file
    ``path``, on the same checkpoint and windows, one torch thread each, after a warm-up (run by
    ``benchmarks/corpus_scale.py --predict-model`` in a child process)."""
    torch.set_num_threads(1)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    with open(path, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(n_docs), fh)]
    ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
    tok = AutoTokenizer.from_pretrained(model_dir)
    tok.model_max_length = ex.max_length
    pipe = pipeline("token-classification", model=model_dir, tokenizer=tok, aggregation_strategy="simple",
                    device=-1, stride=ex.stride)
    ex.extract(texts[:2], batch_size=batch_size)
    pipe(texts[:2], batch_size=batch_size)
    t_ours = timed(lambda: (ex.clear_cache(), ex.extract(texts, batch_size=batch_size)), 1)
    t_pipe = timed(lambda: pipe(texts, batch_size=batch_size), 1)
    chars = sum(map(len, texts))
    return {"documents": len(texts), "chars": chars, "torch_threads": 1, "predict_chars_per_s": chars / t_ours,
            "pipeline_chars_per_s": chars / t_pipe, "ratio": t_pipe / t_ours}


def again_with_threads(model_dir: Path, texts: list[str], batch_size: int, repeat: int, threads: int) -> dict:
    """Both paths timed again with ``threads`` torch threads."""
    torch.set_num_threads(threads)
    ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    tok.model_max_length = ex.max_length
    pipe = pipeline("token-classification", model=str(model_dir), tokenizer=tok, aggregation_strategy="simple",
                    device=-1, stride=ex.stride)
    ex.extract(texts[:2], batch_size=batch_size)
    pipe(texts[:2], batch_size=batch_size)
    t_ours = timed(lambda: (ex.clear_cache(), ex.extract(texts, batch_size=batch_size)), repeat)
    t_pipe = timed(lambda: pipe(texts, batch_size=batch_size), repeat)
    out = {"torch_threads": torch.get_num_threads(), "predict_docs_per_s": len(texts) / t_ours,
           "pipeline_docs_per_s": len(texts) / t_pipe, "ratio": t_pipe / t_ours}
    log.info("  with %d threads: predict %.2f docs/s | pipeline %.2f docs/s | ratio %.2fx", out["torch_threads"],
             out["predict_docs_per_s"], out["pipeline_docs_per_s"], out["ratio"])
    return out


def linearity(model_dir: Path, texts: list[str], lengths: list[int], batch_size: int) -> dict:
    ex = Extractor.from_pretrained(model_dir, device="cpu", hybrid=False)
    pool = "\n".join(dict.fromkeys(bench_documents(texts, 2000)))  # ~0.7 MB of distinct text with ANERcorp
    rows = []
    for n in lengths:
        text = (pool * (n // len(pool) + 1))[:n]
        ex.clear_cache()
        with PeakRSS() as mem:
            t = time.perf_counter()
            doc = ex.extract(text, batch_size=batch_size)
            dt = time.perf_counter() - t
        rows.append({"chars": n, "seconds": dt, "chars_per_s": n / dt, "entities": len(doc.entities),
                     "relations": len(doc.relations), "peak_rss_added_mb": mem.added_mb})
        log.info("  %9d chars: %7.2fs  %9.0f chars/s  +%.0f MB", n, dt, n / dt, mem.added_mb)
    # from the second length on: the 1 KB call is dominated by fixed per-call costs
    ref = rows[1] if len(rows) > 2 else rows[0]
    return {"rows": rows, "reference_chars": ref["chars"],
            "linearity_ratio": ref["chars_per_s"] / rows[-1]["chars_per_s"]}


def int8_f1(model_dir: Path, gold, batch_size: int, repeat: int) -> dict:
    from kashif.metrics import evaluate_documents

    texts = [d.text for d in gold]
    out = {"model": str(model_dir), "gold_documents": len(gold)}
    for name, q in (("fp32", False), ("int8", True)):
        ex = Extractor.from_pretrained(model_dir, device="cpu", quantize=q, hybrid=False)
        ex.extract(texts[:1])
        t = timed(lambda ex=ex: (ex.clear_cache(), ex.extract(texts, batch_size=batch_size)), repeat)
        pred = ex.extract(texts, ids=[d.id for d in gold], batch_size=batch_size)
        rep = evaluate_documents(gold, pred)
        out[name] = {"docs_per_s": len(texts) / t, "entity_strict_f1": rep["entities"]["strict"]["micro"]["f1"],
                     "entity_partial_f1": rep["entities"]["partial"]["micro"]["f1"],
                     "relation_strict_f1": rep["relations"]["strict"]["micro"]["f1"], "_pred": pred}
    agree = evaluate_documents(out["fp32"].pop("_pred"), out["int8"].pop("_pred"))
    out["int8_vs_fp32_entity_agreement_f1"] = agree["entities"]["strict"]["micro"]["f1"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="tiny,base", help="comma list of tiny, base")
    ap.add_argument("--docs", type=int, default=80, help="documents for the tiny model (distinct: project texts, then ANERcorp)")
    ap.add_argument("--base-docs", type=int, default=12, help="documents for the bert-base-sized model")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=3, help="timings are the best of this many runs (tiny)")
    ap.add_argument("--base-repeat", type=int, default=1, help="the same for the bert-base-sized model")
    ap.add_argument("--max-length-chars", type=int, default=1_000_000, help="longest document of the linearity run")
    ap.add_argument("--no-quantize", dest="quantize", action="store_false", help="skip the int8 measurements")
    ap.add_argument("--f1-model", default=str(REPO / "runs/demo/model"), help="trained model for the int8 F1 effect")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1 by default: steadier timings on a shared machine; 0: torch's default)")
    ap.add_argument("--also-threads", type=int, default=0,
                    help="time both paths again with this many threads (0: torch's default, all cores: what "
                         "a user of either gets; -1: skip)")
    ap.add_argument("--trained", action="append", default=[], metavar="DIR",
                    help="also time a trained model folder as it is (e.g. runs/cpu/model; repeatable; "
                         "--sizes '' times only these)")
    ap.add_argument("--output", default=str(REPO / "runs/bench/predict_speed.json"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    default_threads = torch.get_num_threads()
    if args.threads:
        torch.set_num_threads(args.threads)
    sizes = [s for s in args.sizes.split(",") if s]
    texts, gold = corpus()
    rates = gold_rates(gold)
    report: dict = {"device": "cpu", "torch_threads": torch.get_num_threads(), "cpu_count": os.cpu_count(),
                    "gold_entities_per_word": rates[0], "gold_relations_per_word": rates[1],
                    "torch": torch.__version__}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        dirs = build_models(Path(tmp), sizes, texts, rates)
        for path in args.trained:  # real checkpoints with their own tokenizers, timed as they are
            dirs[path] = Path(path)
            sizes.append(path)
        for size in sizes:
            n = args.docs if size == "tiny" else args.base_docs
            batch = bench_documents(texts, n)
            log.info("%s: %d documents, %d characters, batch size %d", size, n, sum(map(len, batch)), args.batch_size)
            r = compare(dirs[size], batch, args.batch_size, args.repeat if size == "tiny" else args.base_repeat,
                        args.quantize)
            report[size] = r
            if args.also_threads >= 0:
                r["also"] = again_with_threads(dirs[size], batch, args.batch_size,
                                               args.repeat if size == "tiny" else args.base_repeat,
                                               args.also_threads or default_threads)
                torch.set_num_threads(args.threads or default_threads)
            log.info("  predict (entities+relations) %.2f docs/s | pipeline (entities) %.2f docs/s | ratio %.2fx "
                     "| entities only %.2fx | peak RSS %.0f MB (+%.0f in the run) vs %.0f MB (+%.0f)%s", r["predict"]["docs_per_s"],
                     r["pipeline"]["docs_per_s"], r["ratio"], r["predict_entities_only"]["ratio_vs_pipeline"],
                     r["predict"]["memory"]["peak_rss_mb"], r["predict"]["memory"]["run_added_mb"],
                     r["pipeline"]["memory"]["peak_rss_mb"], r["pipeline"]["memory"]["run_added_mb"],
                     f" | int8 {r['predict_int8']['docs_per_s']:.2f} docs/s ({r['predict_int8']['speedup_vs_fp32']:.2f}x "
                     f"fp32, {r['predict_int8']['ratio_vs_pipeline']:.2f}x the pipeline; agreement with fp32: "
                     f"entities {r['predict_int8']['entity_agreement_f1']:.3f}, relations "
                     f"{r['predict_int8']['relation_agreement_f1']:.3f})" if "predict_int8" in r else "")
        lengths = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= args.max_length_chars]
        log.info("time vs document length (tiny, one document):")
        report["linearity"] = linearity(dirs["tiny"] if "tiny" in dirs else dirs[sizes[0]], texts, lengths,
                                        args.batch_size)
        log.info("  linearity ratio (chars/s at %d / at %d; 1.0 = linear): %.2f",
                 report["linearity"]["reference_chars"], lengths[-1], report["linearity"]["linearity_ratio"])
    if args.quantize and Path(args.f1_model).is_dir() and gold:
        f1 = int8_f1(Path(args.f1_model), gold, args.batch_size, args.repeat)
        report["int8_f1"] = f1
        log.info("int8 on %s (%d gold docs): entity strict F1 %.4f -> %.4f, relation F1 %.4f -> %.4f, "
                 "agreement with fp32 %.4f, %.2f -> %.2f docs/s", f1["model"], f1["gold_documents"],
                 f1["fp32"]["entity_strict_f1"], f1["int8"]["entity_strict_f1"], f1["fp32"]["relation_strict_f1"],
                 f1["int8"]["relation_strict_f1"], f1["int8_vs_fp32_entity_agreement_f1"],
                 f1["fp32"]["docs_per_s"], f1["int8"]["docs_per_s"])
    report["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["seconds"] = time.perf_counter() - t0
    log.info("process max RSS %.0f MB; total %.0fs", report["max_rss_mb"], report["seconds"])
    log.info("GPU throughput was not measured: no GPU on this machine (run with a CUDA device: Extractor uses bf16 there).")
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("written %s", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
