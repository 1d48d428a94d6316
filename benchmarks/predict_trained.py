"""Throughput of the whole ``predict`` command on a *trained* model with its own tokenizer, start-up
included and excluded, against the random-init tiny model the README's speed table was measured on.

    .venv/bin/python benchmarks/predict_trained.py                       # runs/demo/model (make demo)
    .venv/bin/python benchmarks/predict_trained.py --model M --kb 100 --profile 20

The text is ~``--kb`` KB of distinct Arabic news (ANERcorp sentences from the shared folder, in
documents of ~2 KB; the seed articles when ANERcorp is absent), so the word cache helps only as
much as real text repeats itself. For each model it prints characters/s of

- ``predict`` run as a fresh process (start-up included: Python, torch, model and tokenizer load),
- ``Extractor.extract`` in this process after loading (start-up excluded; the first, cold pass),

the number of subwords, windows, entities and candidate relation pairs per KB (what the cost
follows), and the trained / random ratio. ``--profile N`` prints the N most expensive functions
(cProfile, cumulative) of the trained model's in-process pass. Results go to
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


def whole_command(model: Path, docs: list[str], work: Path) -> dict:
    """Wall time of ``predict`` as a fresh process, and the time it reports itself (after imports)."""
    src = work / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n"
                           for i, t in enumerate(docs)), encoding="utf-8")
    exe = Path(sys.executable).with_name("predict")
    t0 = time.perf_counter()
    res = subprocess.run([str(exe), "--model", str(model), "--input", str(src), "--output", str(work / "out.jsonl"),
                          "--device", "cpu"], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"predict failed: {res.stderr.strip()}")
    return {"wall_s": wall, "summary": res.stderr.strip().splitlines()[-1]}


def in_process(model: Path, docs: list[str], profile: int) -> dict:
    """Load, then time one cold pass of ``Extractor.extract`` (and count what the cost follows)."""
    import torch

    from kashif import Extractor
    from kashif.model.predict import predict_documents

    t0 = time.perf_counter()
    ex = Extractor.from_pretrained(model, device="cpu")
    load = time.perf_counter() - t0
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    out = ex.extract(docs)
    if prof:
        prof.disable()
    dt = time.perf_counter() - t0
    n_sub = sum(len(ex.tokenizer(t, add_special_tokens=False)["input_ids"]) for t in docs)
    t1 = time.perf_counter()
    predict_documents(ex.model, ex.tokenizer, docs, [str(i) for i in range(len(docs))], relations=False,
                      max_length=ex.max_length, stride=ex.stride, device=ex.device, subwords=ex.subwords)
    ents_only = time.perf_counter() - t1
    row = {"load_s": load, "extract_s": dt, "entities_only_warm_s": ents_only,
           "parameters": sum(p.numel() for p in ex.model.parameters()),
           "vocab": len(ex.tokenizer), "max_length": ex.max_length, "threads": torch.get_num_threads(),
           "subwords": n_sub, "entities": sum(len(d.entities) for d in out),
           "relations": sum(len(d.relations) for d in out)}
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(profile)
        row["profile"] = s.getvalue()
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=str(REPO / "runs/demo/model"), help="trained model folder (make demo)")
    ap.add_argument("--kb", type=int, default=100, help="KB of text (default 100)")
    ap.add_argument("--profile", type=int, default=15, help="print the N most expensive functions (0: none)")
    args = ap.parse_args(argv)
    model = Path(args.model)
    if not model.is_dir():
        print(f"error: {model}: no such model folder (run make demo first)", file=sys.stderr)
        return 2
    docs = documents(args.kb)
    chars = sum(map(len, docs))
    print(f"{len(docs)} documents, {chars:,} characters ({'ANERcorp' if ANERCORP.is_file() else 'seeds'}); "
          f"CPU, {os.cpu_count()} cores (shared machine: timings carry noise)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        from kashif.model.tiny import build_tiny_model_dir

        random_dir = build_tiny_model_dir(Path(tmp) / "random", [p.read_text(encoding="utf-8")
                                                                  for p in sorted(SEEDS.glob("*.txt"))])
        for name, path in (("trained", model), ("random tiny (README table)", random_dir)):
            work = Path(tmp) / name.split()[0]
            work.mkdir()
            cmd = whole_command(path, docs, work)
            row = in_process(path, docs, args.profile if name == "trained" else 0)
            row.update(command_wall_s=cmd["wall_s"], command_summary=cmd["summary"])
            results[name] = row
            print(f"\n== {name}: {path}")
            print(f"  {row['parameters'] / 1e6:.2f} M parameters, vocabulary {row['vocab']:,}, "
                  f"windows of {row['max_length']} subwords, {row['threads']} threads")
            print(f"  whole command (fresh process, start-up included): {cmd['wall_s']:.2f} s = "
                  f"{chars / cmd['wall_s'] / 1e3:.1f} k chars/s   [{cmd['summary']}]")
            print(f"  model load {row['load_s']:.2f} s; extract (start-up excluded, cold cache): "
                  f"{row['extract_s']:.2f} s = {chars / row['extract_s'] / 1e3:.1f} k chars/s; "
                  f"entities only (warm cache): {row['entities_only_warm_s']:.2f} s")
            print(f"  per KB: {row['subwords'] / chars * 1e3:.0f} subwords, {row['entities'] / chars * 1e3:.1f} "
                  f"entities, {row['relations'] / chars * 1e3:.2f} relations")
            if "profile" in row:
                print(row["profile"])
    t, r = results["trained"], results["random tiny (README table)"]
    print(f"trained / random: whole command {r['command_wall_s'] / t['command_wall_s']:.2f}x the speed, "
          f"extract {r['extract_s'] / t['extract_s']:.2f}x")
    out = REPO / "runs/bench/predict_trained.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for row in results.values():
        row.pop("profile", None)
    out.write_text(json.dumps({"characters": chars, "documents": len(docs), **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
