"""Corpus-scale weak labelling: memory against corpus size, and throughput on every core and on Ray.

Inputs are the ANT corpus (``../shared/data/external/ant/ant.jsonl``, 10 k Arabic news articles)
repeated with fresh ids up to 1 MB, 10 MB (and 100 MB with ``--sizes 1,10,100``: several minutes),
written to a temporary folder, never into the repository. Every run is a fresh ``kashif label``
process with relations (start-up, first pass, fit and writing included); peak RSS is that of the
process tree's largest process (``wait4``).

1. memory: peak RSS of the streaming path (one process, default ``--fit-sample``) at each size,
   against "today's" whole-corpus path (``--fit-sample`` above the corpus size: every document's
   votes kept in memory) at the sizes it can afford -- the ratio per size;
2. cores: the whole ANT corpus, ``--num-proc 2`` vs ``--num-proc 1`` (the ratio of wall times;
   identical output checked);
3. Ray (``--ray``, needs ``kashif[ray]``): ``kashif label --ray local`` with 2 workers on the same
   corpus vs one process (Ray start-up included).

    python benchmarks/corpus_scale.py [--sizes 1,10] [--ray] [--skip-scaling]

On a shared machine wall times carry the other jobs' noise: the load average is printed beside
every figure, and the CPU seconds of the process tree beside the scaling runs. Under Linux's
autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``) a session gets one fair share
of the CPUs however many processes it runs, so ``--num-proc 2`` can only show its speed-up on an
otherwise idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kashif.files import write_json

REPO = Path(__file__).resolve().parents[1]
ANT = REPO.parent / "shared" / "data" / "external" / "ant" / "ant.jsonl"


def kashif_command() -> list[str]:
    exe = Path(sys.executable).with_name("kashif")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "kashif.cli"]


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run(cmd: list[str], pythonpath: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (MB) of the largest process of the tree, CPU seconds of the tree;
    ``pythonpath``: run the ``kashif`` package found there (an older checkout) instead. (Linux
    starts a child's peak RSS at its parent's RSS when it execs: this script keeps itself small.)"""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "WANDB_MODE": "offline"}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def repeated_corpus(dest: Path, megabytes: float) -> int:
    """ANT lines repeated with fresh ids (``r{k}:{id}``) until ``megabytes``; returns documents."""
    lines = ANT.read_bytes().splitlines()
    target = int(megabytes * 1_000_000)
    size = n = 0
    with dest.open("wb") as fh:
        k = 0
        while size < target:
            for line in lines:
                obj = json.loads(line)
                obj["id"] = f"r{k}:{obj['id']}"
                data = (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
                fh.write(data)
                size += len(data)
                n += 1
                if size >= target:
                    break
            k += 1
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10", help="corpus sizes in MB for the memory series (add 100: slow)")
    ap.add_argument("--baseline-max-mb", type=float, default=10,
                    help="largest size at which today's whole-corpus path is run too")
    ap.add_argument("--baseline-checkout", type=Path,
                    help="an older checkout of the repository (git archive COMMIT kashif data | tar -x -C DIR): "
                         "its kashif label is measured beside, at the sizes the whole-corpus path runs")
    ap.add_argument("--predict-model", help="also measure predict's peak RSS and chars/s at each size with this "
                    "model folder ('tiny': an untrained tiny model built from the seeds, entities only, memory only)")
    ap.add_argument("--skip-scaling", action="store_true", help="skip the --num-proc 1 vs 2 runs on ANT")
    ap.add_argument("--ray", action="store_true", help="also time Ray Data with 2 local workers")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "corpus_scale.json")
    args = ap.parse_args(argv)
    if not ANT.is_file():
        sys.exit(f"error: {ANT}: no such file")
    base = kashif_command() + ["label", "--quiet"]
    result: dict = {"cores": len(os.sched_getaffinity(0)), "memory": [], "scaling": {}}
    tmp = Path(tempfile.mkdtemp(prefix="corpus_scale."))
    try:
        print(f"kashif label with relations, fresh processes; {result['cores']} cores; load {load()}")
        model = args.predict_model
        if model == "tiny":
            # built in a child: a child's peak RSS starts from its parent's RSS at exec, so this
            # process must stay small (torch is never imported here)
            model = tmp / "tiny"
            code = ("import sys, pathlib; from kashif.model.tiny import build_tiny_model_dir; "
                    "build_tiny_model_dir(sys.argv[1], [p.read_text(encoding='utf-8') for p in "
                    "sorted(pathlib.Path(sys.argv[2]).glob('*.txt'))])")
            subprocess.run([sys.executable, "-c", code, str(model), str(REPO / "data" / "raw" / "seeds")], check=True)
        print("1. peak RSS vs corpus size (one process)")
        for mb in [float(x) for x in args.sizes.split(",")]:
            src = tmp / f"ant-{mb:g}mb.jsonl"
            n_docs = repeated_corpus(src, mb)
            row = {"megabytes": mb, "documents": n_docs}
            s, rss, _ = run(base + ["--input", str(src), "--output", str(tmp / "o.jsonl"), "--num-proc", "1"])
            row.update(stream_seconds=round(s, 2), stream_peak_mb=rss)
            line = f"   {mb:>5g} MB ({n_docs:>6} docs): streaming {rss:>5} MB peak, {s:6.1f} s"
            if mb <= args.baseline_max_mb:
                s0, rss0, _ = run(base + ["--input", str(src), "--output", str(tmp / "o0.jsonl"), "--num-proc", "1",
                                          "--fit-sample", str(n_docs + 1)])
                row.update(whole_corpus_seconds=round(s0, 2), whole_corpus_peak_mb=rss0,
                           memory_ratio=round(rss0 / rss, 2))
                line += f" | whole-corpus path {rss0:>5} MB, {s0:6.1f} s | memory {rss0 / rss:.2f}x less"
                if args.baseline_checkout:
                    s1, rss1, _ = run(base + ["--input", str(src), "--output", str(tmp / "o1.jsonl")],
                                      args.baseline_checkout)
                    row.update(checkout_seconds=round(s1, 2), checkout_peak_mb=rss1, checkout_ratio=round(rss1 / rss, 2))
                    line += f" | {args.baseline_checkout.name}: {rss1:>5} MB, {s1:6.1f} s ({rss1 / rss:.2f}x)"
            print(line + f"  (load {load()})")
            if model is not None:
                predict = [str(Path(sys.executable).with_name("predict")), "--model", str(model), "--quiet"]
                if args.predict_model == "tiny":  # random weights tag entities everywhere: pairs explode
                    predict.append("--no-relations")
                s2, rss2, _ = run(predict + ["--input", str(src), "--output", str(tmp / "p.jsonl")])
                chars = sum(len(json.loads(x)["text"]) for x in src.read_text(encoding="utf-8").splitlines())
                row.update(predict_seconds=round(s2, 2), predict_peak_mb=rss2, predict_chars_per_second=round(chars / s2))
                print(f"          predict: {rss2:>5} MB peak, {s2:6.1f} s, {chars / s2:,.0f} chars/s  (load {load()})")
            result["memory"].append(row)
            src.unlink()
        if not args.skip_scaling:
            chars = sum(len(json.loads(x)["text"]) for x in ANT.read_text(encoding="utf-8").splitlines())
            print(f"2. the whole ANT corpus ({ANT.stat().st_size / 1e6:.1f} MB, {chars:,} characters of text)")
            outs = {}
            for n in (1, 2):
                outs[n] = tmp / f"ant-{n}.jsonl"
                s, rss, cpu = run(base + ["--input", str(ANT), "--output", str(outs[n]), "--num-proc", str(n)])
                result["scaling"][f"num_proc_{n}"] = {"seconds": round(s, 2), "cpu_seconds": round(cpu, 2),
                                                      "peak_mb": rss, "load": load()}
                print(f"   --num-proc {n}: {s:6.1f} s, {chars / s:,.0f} chars/s, {cpu:.1f} CPU s, peak {rss} MB"
                      f"  (load {load()})")
            same = outs[1].read_bytes() == outs[2].read_bytes()
            speedup = result["scaling"]["num_proc_1"]["seconds"] / result["scaling"]["num_proc_2"]["seconds"]
            result["scaling"].update(speedup_2_vs_1=round(speedup, 2), identical_output=same)
            print(f"   2 processes vs 1: {speedup:.2f}x (target 1.7x); identical output: {same}")
            if args.ray:
                s, _, _ = run(base + ["--input", str(ANT), "--output", str(tmp / "ray"), "--ray", "local",
                                         "--num-proc", "2"])
                ray_speedup = result["scaling"]["num_proc_1"]["seconds"] / s
                result["scaling"]["ray_2_workers"] = {"seconds": round(s, 2), "speedup_vs_1": round(ray_speedup, 2),
                                                      "load": load()}
                print(f"   Ray, 2 local workers: {s:6.1f} s = {ray_speedup:.2f}x one process (target 1.5x)"
                      f"  (load {load()})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_json(result, args.output)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
