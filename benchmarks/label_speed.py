"""Weak-labelling speed on ANERcorp train, end to end, in two modes:

* ``conll``: ``kashif label --input-format conll`` (entities, IOB2 tags out) -- the target;
* ``jsonl``: ``kashif label`` on the same text as one plain-text document (entities *and*
  relations, ANNOTATION.md JSONL out).

Each run is a fresh process (interpreter start-up, imports, fitting and writing included) pinned
to one CPU core, so the figure is what one user waits for on a laptop core. The target is the
ANERcorp train text (about 0.7M characters) in 3 s. On a shared machine the wall time includes
waiting for the core; the CPU seconds of the process (user + system) are reported beside it.

With ``--baseline-src DIR`` (the source tree of another commit, e.g. ``git archive main | tar -x
-C DIR``) every run is repeated with that tree's ``kashif`` package first on ``PYTHONPATH``, the
two alternating, and the median CPU seconds are printed side by side with their ratio.

    python benchmarks/label_speed.py [--anercorp FILE] [--repeat 3] [--core N] [--baseline-src DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kashif.corpus import conll_to_doc, read_conll
from kashif.files import write_json

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TARGET_SECONDS = 3.0
TARGET_CHARS = 700_000


def kashif_command() -> list[str]:
    """The installed ``kashif`` script beside this interpreter, else ``python -m kashif.cli``."""
    exe = Path(sys.executable).with_name("kashif")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "kashif.cli"]


def timed_run(cmd: list[str], core: int, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process pinned to ``core``; exits with its stderr on
    failure."""
    before = os.times()
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True,
                         preexec_fn=lambda: os.sched_setaffinity(0, {core}))
    seconds = time.perf_counter() - t0
    after = os.times()
    if res.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} exited {res.returncode}:\n{res.stderr[-2000:]}")
    return seconds, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--anercorp", type=Path, default=SHARED / "data" / "external" / "anercorp" / "train.txt")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--core", type=int, default=min(os.sched_getaffinity(0)), help="CPU core to pin to")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "label_speed.json")
    ap.add_argument("--baseline-src", type=Path, help="source tree of the commit to compare with (holds kashif/)")
    args = ap.parse_args(argv)
    if not args.anercorp.is_file():
        sys.exit(f"error: {args.anercorp}: no such file")
    if args.baseline_src and not (args.baseline_src / "kashif" / "__init__.py").is_file():
        sys.exit(f"error: {args.baseline_src}: no kashif/ package there")

    sents = read_conll(args.anercorp)
    chars = len(conll_to_doc(sents, "anercorp")[0].text)  # the text the labeller reads
    tokens = sum(len(s.tokens) for s in sents)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "WANDB_MODE": "offline", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    tmp = Path(tempfile.mkdtemp(prefix="label_speed."))
    try:
        tiny = tmp / "one.conll"
        tiny.write_text("دمشق\n", encoding="utf-8")
        plain = tmp / "anercorp.txt"
        plain.write_text(conll_to_doc(sents, "anercorp")[0].text, encoding="utf-8")
        base = kashif_command() + ["label", "--quiet"]
        out = tmp / "out.conll"
        startup = min(timed_run(base + ["--input-format", "conll", "--input", str(tiny), "--output",
                                        str(tmp / "one.out")], args.core, env)[0] for _ in range(args.repeat))
        modes = {
            "conll": base + ["--input-format", "conll", "--input", str(args.anercorp), "--output", str(out)],
            "jsonl": base + ["--input", str(plain), "--output", str(tmp / "out.jsonl")],
        }
        base_env = {**env, "PYTHONPATH": str(args.baseline_src.resolve())} if args.baseline_src else None
        runs, base_runs = {mode: [] for mode in modes}, {mode: [] for mode in modes}
        for _ in range(args.repeat):  # alternating, so a change in the machine's load hits both
            for mode, cmd in modes.items():
                runs[mode].append(timed_run(cmd, args.core, env))
                if base_env:
                    base_runs[mode].append(timed_run(cmd, args.core, base_env))
        out_tokens = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if out_tokens != tokens:
        sys.exit(f"error: the output has {out_tokens} tagged tokens, the input {tokens}")

    target_rate = TARGET_CHARS / TARGET_SECONDS
    result = {"baseline_src": str(args.baseline_src) if args.baseline_src else None, "core": args.core, "characters": chars, "tokens": tokens, "sentences": len(sents),
              "startup_seconds": round(startup, 3), "target_chars_per_second": round(target_rate)}
    print(f"kashif label on {args.anercorp.name}: {chars:,} characters, {tokens:,} tokens, {len(sents):,} sentences; "
          f"one core (#{args.core}), fresh process, {args.repeat} runs each")
    print(f"  start-up (1 token)  : {startup:.2f} s")
    print(f"  target              : {TARGET_CHARS:,} chars in {TARGET_SECONDS:.0f} s = {target_rate:,.0f} chars/s")
    for mode, rs in runs.items():
        wall = [w for w, _ in rs]
        cpu = [c for _, c in rs]
        median = statistics.median(wall)
        result[mode] = {
            "command": " ".join(modes[mode][:-4] + ["--input", "ANERCORP", "--output", "OUT"]),
            "seconds": [round(x, 3) for x in wall], "cpu_seconds": [round(x, 3) for x in cpu],
            "best_seconds": round(min(wall), 3), "median_seconds": round(median, 3),
            "chars_per_second": round(chars / median), "speed_vs_target": round(chars / median / target_rate, 3),
        }
        what = "entities, CoNLL" if mode == "conll" else "entities + relations, JSONL"
        print(f"  {mode} ({what})")
        print(f"    wall seconds      : {', '.join(f'{x:.2f}' for x in wall)} (best {min(wall):.2f}, median {median:.2f})")
        print(f"    cpu seconds       : {', '.join(f'{x:.2f}' for x in cpu)}")
        print(f"    characters/second : {chars / median:,.0f} (median run); "
              f"{result[mode]['speed_vs_target']:.2f}x the target "
              f"({'meets' if result[mode]['speed_vs_target'] >= 1 else 'misses'} it)")
        if base_runs[mode]:
            ours, theirs = statistics.median(cpu), statistics.median(c for _, c in base_runs[mode])
            result[mode]["baseline_cpu_seconds"] = [round(c, 3) for _, c in base_runs[mode]]
            result[mode]["cpu_ratio_vs_baseline"] = round(theirs / ours, 3)
            print(f"    baseline cpu      : {', '.join(f'{c:.2f}' for _, c in base_runs[mode])} "
                  f"(median {theirs:.2f} vs {ours:.2f} here: this tree runs {theirs / ours:.2f}x the baseline's speed; "
                  f"{chars / ours:,.0f} vs {chars / theirs:,.0f} chars per CPU second)")
    write_json(result, args.output)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
