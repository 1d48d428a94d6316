"""Throughput of the whole ``predict`` command on a *trained* model with its own tokenizer, start-up
included and excluded, against the random-init tiny model the README's speed table was measured on.

    .venv/bin/python benchmarks/predict_trained.py                       # runs/demo/model (make demo)
    .venv/bin/python benchmarks/predict_trained.py --model M --kb 100 --profile 20

The text is ~``--kb`` KB of distinct Arabic news (ANERcorp sentences from the shared folder, in
documents of ~2 KB; the seed articles when ANERcorp is absent), so the word cache helps only as
much as real text repeats itself. For each model it prints characters/s of

- ``predict`` run as a fresh process (start-up included: Python, torch, model and tokenizer load),
  and of the same command on 200 characters (start-up alone);
- ``Extractor.extract`` in this process after loading (start-up excluded; cold word cache), in
  fp32 and with int8 quantisation (``--quantize``);

each with torch's default threads and with one (on a loaded machine, two threads that wait for
each other can be much slower than one);

the subwords, entities and relations per KB, and the trained / random ratios. The random model
is built as ``benchmarks/predict_speed.py`` builds its tiny one (calibrated to find as many
entities and relations per word as the gold). ``--profile N`` prints the N functions with the
most time of their own (cProfile) in the trained model's pass. Results go to
``runs/bench/predict_trained.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore")

REPO = Path(__file__).resolve().parents[1]
ANERCORP = REPO.parent / "shared" / "data" / "external" / "anercorp" / "train.txt"
SEEDS = REPO / "data" / "raw" / "seeds"


def documents(kb: int) -> list[str]:
    """About ``kb`` KB (characters / 1000) of distinct text in documents of about 2,000 characters."""
    if ANERCORP.is_file():
        from kashif.corpus import read_conll

        sentences = [" ".join(s.tokens) for s in read_conll(ANERCORP)]
    else:
        sentences = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs, cur, total = [], [], 0
    for s in sentences:
        cur.append(s)
        if sum(map(len, cur)) >= 2000:
            docs.append("\n".join(cur))
            total += len(docs[-1])
            cur = []
            if total >= kb * 1000:
                break
    return docs or ["\n".join(cur)]


def whole_command(model: Path, docs: list[str], work: Path, threads: int | None = None) -> tuple[float, str]:
    """Wall time of ``predict`` as a fresh process over ``docs`` (``threads``: ``OMP_NUM_THREADS``),
    and the command's own summary line."""
    src = work / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                           for i, t in enumerate(docs)), encoding="utf-8")
    exe = Path(sys.executable).with_name("predict")
    env = dict(os.environ, **({"OMP_NUM_THREADS": str(threads)} if threads else {}))
    t0 = time.perf_counter()
    res = subprocess.run([str(exe), "--model", str(model), "--input", str(src), "--output", str(work / "out.jsonl"),
                          "--device", "cpu"], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"predict failed: {res.stderr.strip()}")
    return wall, res.stderr.strip().splitlines()[-1]


def in_process(model: Path, docs: list[str], profile: int) -> dict:
    """Load, then time cold passes of ``Extractor.extract``: fp32 with torch's default threads
    (profiled), fp32 on one thread, int8 (``--quantize``) on one thread."""
    import torch

    from kashif import Extractor

    default_threads = torch.get_num_threads()
    t0 = time.perf_counter()
    ex = Extractor.from_pretrained(model, device="cpu", hybrid=False)
    load = time.perf_counter() - t0
    ex.extract(docs[:1])  # warm-up (allocator, kernels), then a cold word cache
    ex.clear_cache()
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    out = ex.extract(docs)
    if prof:
        prof.disable()
    dt = time.perf_counter() - t0
    q = Extractor.from_pretrained(model, device="cpu", quantize=True, hybrid=False)
    q.extract(docs[:1])
    q.clear_cache()
    torch.set_num_threads(1)
    try:
        ex.clear_cache()
        t0 = time.perf_counter()
        ex.extract(docs)
        dt_1 = time.perf_counter() - t0
        t0 = time.perf_counter()
        q.extract(docs)
        dt_q = time.perf_counter() - t0
    finally:
        torch.set_num_threads(default_threads)
    tok = ex.tokenizer.backend_tokenizer  # the fast tokenizer itself: no length warnings
    row = {"load_s": load, "extract_s": dt, "extract_1_thread_s": dt_1, "extract_int8_1_thread_s": dt_q,
           "parameters": sum(p.numel() for p in ex.model.parameters()),
           "vocab": len(ex.tokenizer), "max_length": ex.max_length, "threads": default_threads,
           "subwords": sum(len(e.ids) for e in tok.encode_batch(docs, add_special_tokens=False)),
           "entities": sum(len(d.entities) for d in out), "relations": sum(len(d.relations) for d in out)}
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(profile)
        row["profile"] = s.getvalue()
    return row


def _macs(model: Path) -> int:
    """Multiply-adds per subword in the encoder layers' linear maps (4 h^2 + 2 h i per layer)."""
    cfg = json.loads((model / "config.json").read_text(encoding="utf-8"))
    h, i = cfg["hidden_size"], cfg["intermediate_size"]
    return cfg["num_hidden_layers"] * (4 * h * h + 2 * h * i)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="trained model folder (default: runs/demo/model, from make demo)")
    ap.add_argument("--kb", type=int, default=100, help="KB of text (default 100)")
    ap.add_argument("--profile", type=int, default=15, help="print the N most expensive functions (0: none)")
    args = ap.parse_args(argv)
    model = Path(args.model or REPO / "runs/demo/model")
    if not model.is_dir():
        print(f"{'error' if args.model else 'skipped'}: {model}: no such model folder (make demo trains one)",
              file=sys.stderr)
        return 2 if args.model else 0  # `make bench` runs every script, before any demo too
    docs = documents(args.kb)
    chars = sum(map(len, docs))
    print(f"{len(docs)} documents, {chars:,} characters ({'ANERcorp' if ANERCORP.is_file() else 'seeds'}); "
          f"CPU, {os.cpu_count()} cores (shared machine: timings carry noise)")
    results = {}

    def rate(seconds: float) -> str:
        return f"{seconds:.2f} s = {chars / seconds / 1e3:.1f} k chars/s"

    with tempfile.TemporaryDirectory() as tmp:
        # the README table's model: random tiny BERT calibrated to the gold's entity and relation rates
        sys.path.insert(0, str(Path(__file__).parent))
        from predict_speed import build_models, corpus, gold_rates

        texts, gold = corpus()
        random_dir = build_models(Path(tmp), ["tiny"], texts, gold_rates(gold))["tiny"]
        for name, path in (("trained", model), ("random tiny (README table)", random_dir)):
            work = Path(tmp) / f"work-{len(results)}"
            work.mkdir()
            wall, summary = whole_command(path, docs, work)
            wall_1, _ = whole_command(path, docs, work, threads=1)
            start_up, _ = whole_command(path, [docs[0][:200]], work)  # one short document: start-up alone
            row = in_process(path, docs, args.profile if name == "trained" else 0)
            row.update(command_wall_s=wall, command_wall_1_thread_s=wall_1, command_start_up_s=start_up,
                       command_summary=summary, encoder_macs_per_subword=_macs(path))
            results[name] = row
            print(f"\n== {name}: {path}")
            print(f"  {row['parameters'] / 1e6:.2f} M parameters, vocabulary {row['vocab']:,}, "
                  f"windows of {row['max_length']} subwords; per KB: {row['subwords'] / chars * 1e3:.0f} subwords, "
                  f"{row['entities'] / chars * 1e3:.1f} entities, {row['relations'] / chars * 1e3:.2f} relations")
            print(f"  whole command, fresh process, start-up included: {rate(wall)} ({row['threads']} threads); "
                  f"OMP_NUM_THREADS=1: {rate(wall_1)}")
            print(f"    [{summary}]")
            print(f"  start-up alone (the command on 200 characters): {start_up:.2f} s; model load in process "
                  f"{row['load_s']:.2f} s")
            print(f"  extract, start-up excluded (cold word cache): {rate(row['extract_s'])} ({row['threads']} threads); "
                  f"1 thread: {rate(row['extract_1_thread_s'])}; int8 (--quantize), 1 thread: "
                  f"{rate(row['extract_int8_1_thread_s'])}")
            if "profile" in row:
                print(row["profile"])
    t, r = results["trained"], results["random tiny (README table)"]
    print(f"trained / random time: whole command {t['command_wall_s'] / r['command_wall_s']:.2f}x, "
          f"extract {t['extract_s'] / r['extract_s']:.2f}x, extract on 1 thread "
          f"{t['extract_1_thread_s'] / r['extract_1_thread_s']:.2f}x; encoder multiply-adds per subword "
          f"{t['encoder_macs_per_subword'] / r['encoder_macs_per_subword']:.1f}x")
    out = REPO / "runs/bench/predict_trained.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for row in results.values():
        row.pop("profile", None)
    out.write_text(json.dumps({"characters": chars, "documents": len(docs), **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
