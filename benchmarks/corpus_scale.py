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
3. Ray (``--ray``, needs ``kashif[ray]``): ``kashif label --ray local --num-proc 2`` (a fresh
   local runtime, 2 labelling workers, start-up included) vs ``--num-proc 1`` on ANT and on ANT
   repeated 3 times with fresh ids (42 MB, ``--ray-copies``), the ratio of wall times, the Ray
   run's seconds per step (its ``_manifest.json``), the CPU seconds of every Ray process by kind
   and the output checked to be the same bytes; with ``--ray-cluster`` also two jobs on a
   running local cluster (``ray start --head --num-cpus 2``, started once, not timed);
4. predict (``--predict-model DIR``): peak RSS and characters/s of the ``predict`` command at
   each of ``--predict-sizes`` (default 0.25, 0.5, 1 MB; the ratio of the largest to the
   smallest peak: flat is 1.0), then ``Extractor.extract`` beside the transformers pipeline on
   the same checkpoint (or ``--pipeline-model``) and the first ``--pipeline-docs`` ANT
   documents (the ratio of their characters/s).

    python benchmarks/corpus_scale.py [--sizes 1,10] [--ray [--ray-cluster]] [--skip-scaling]
    python benchmarks/corpus_scale.py --sizes '' --ray --ray-cluster --ray-copies 1   # Ray: the README's figures
    python benchmarks/corpus_scale.py --sizes '' --skip-scaling --predict-model runs/cpu-scratch/model \
        --predict-sizes 1,10 --pipeline-model runs/cpu/model-r2                      # predict: the README's figures

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


def shards_text(folder: Path) -> bytes:
    """The JSONL shards of a ``--ray`` output folder, concatenated in name order."""
    return b"".join(f.read_bytes() for f in sorted(folder.glob("*.jsonl")))


class CpuByProcess:
    """CPU seconds of process trees by kind of process (the driver, Ray workers, Ray Data's actors,
    raylet and GCS, Ray's agents), sampled from ``/proc`` every 0.2 s while a command runs: where
    Ray's CPU goes besides the labelling. ``roots``: more trees to watch (a running cluster's);
    their processes count from the command's start."""

    def __init__(self, roots: list[int]) -> None:
        self.roots = set(roots)
        self.first: dict[int, float] = {}
        self.last: dict[int, tuple[str, float]] = {}
        self.tick = os.sysconf("SC_CLK_TCK")
        self.sample(start=True)

    def sample(self, start: bool = False) -> None:
        procs = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            procs[int(pid)] = (int(stat[1]), cmd, (int(stat[11]) + int(stat[12])) / self.tick)
        for pid, (_, cmd, cpu) in procs.items():
            q, hops = pid, 0
            while q not in self.roots and q not in self.first and q in procs and hops < 20:
                q, hops = procs[q][0], hops + 1
            if q not in self.roots and q not in self.first:
                continue
            self.first.setdefault(pid, cpu if start else 0.0)
            name = cmd if cmd.strip() else self.last.get(pid, ("", 0))[0]  # a worker's title can read empty
            if "ray::" in self.last.get(pid, ("", 0))[0] and "ray::" not in name:
                name = self.last[pid][0]
            self.last[pid] = (name, cpu)

    def kinds(self, driver: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, (cmd, cpu) in self.last.items():
            if pid == driver:
                kind = "driver (kashif label)"
            elif "_StatsActor" in cmd or "AutoscalingCoordinator" in cmd:
                kind = "Ray Data actors"
            elif "ray::" in cmd or "default_worker" in cmd:
                kind = "Ray workers"
            elif "raylet" in cmd or "gcs_server" in cmd:
                kind = "raylet + GCS"
            else:
                kind = "Ray agents and monitors"
            out[kind] = round(out.get(kind, 0.0) + cpu - self.first[pid], 1)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def run_sampled(cmd: list[str], roots: list[int], env: dict | None = None) -> tuple[float, dict[str, float]]:
    """Wall seconds of ``cmd`` and the CPU seconds of its tree (and of ``roots``) by kind."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "WANDB_MODE": "offline", **(env or {})}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu = CpuByProcess([proc.pid, *roots])
    err: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: err.append(proc.stderr.read() if proc.stderr else ""), daemon=True)
    reader.start()
    while proc.poll() is None:
        cpu.sample()
        time.sleep(0.2)
    seconds = time.perf_counter() - t0
    reader.join()
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed:\n{''.join(err)[-2000:]}")
    return seconds, cpu.kinds(proc.pid)


class RayHead:
    """``ray start --head --block`` on this machine with 2 CPUs, in a process group of its own,
    stopped by that group's id (never ``ray stop``, which stops every Ray on the machine)."""

    def __init__(self, port: int = 6391) -> None:
        self.address = f"127.0.0.1:{port}"
        exe = Path(sys.executable).with_name("ray")
        self.cmd = [str(exe), "start", "--head", "--block", "--num-cpus", "2", "--include-dashboard", "false",
                    "--disable-usage-stats", "--port", str(port)]
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        import socket

        while time.perf_counter() - t0 < 60:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            self.stop()
            sys.exit(f"error: {' '.join(self.cmd)}: no cluster after 60 s")
        time.sleep(2)  # the raylet registers after the GCS listens
        self.seconds = time.perf_counter() - t0

    def stop(self) -> None:
        import signal

        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
        # what `ray stop` also removes: else a later ray.init() on this machine tries this dead cluster
        latest = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"
        if latest.is_file() and latest.read_text().strip().endswith(self.address.rsplit(":", 1)[1]):
            latest.unlink()


def ray_scaling(base: list[str], tmp: Path, ant_one: dict | None, copies: int, cluster: bool) -> list[dict]:
    """``kashif label --ray local --num-proc 2`` (a fresh local runtime with 2 labelling workers,
    start-up included) vs ``--num-proc 1`` on ANT and on ANT repeated ``copies`` times with fresh
    ids (where Ray's start-up weighs less); with ``cluster``, also ``--ray ADDRESS`` on a running
    cluster (``ray start --head --num-cpus 2``): its first job and a second one (the first creates
    Ray Data's detached actors, which later jobs share). The output is checked to be the same
    bytes every time; the CPU seconds of every Ray process are printed by kind."""
    print("3. Ray with 2 local workers vs one process (fresh kashif processes, start-up included)")
    rows = []
    big = tmp / f"ant-x{copies}.jsonl"
    inputs = [("ANT", ANT)]
    if copies > 1:
        repeated_corpus(big, copies * ANT.stat().st_size / 1e6)
        inputs.append((f"ANT x{copies}", big))
    head = None
    try:
        for name, src in inputs:
            one = tmp / "one.jsonl"
            if src == ANT and ant_one is not None:  # measured in step 2; its output is still there
                s1, one = ant_one["seconds"], tmp / "ant-1.jsonl"
            else:
                s1, _, _ = run(base + ["--input", str(src), "--output", str(one), "--num-proc", "1"])
            mb = round(src.stat().st_size / 1e6, 1)
            print(f"   {name} ({mb} MB): one process {s1:6.1f} s  (load {load()})")
            runs = [("auto-started runtime (--ray local)", "local")]
            if cluster:
                if head is None:
                    head = RayHead()
                    print(f"   (a cluster started: {' '.join(head.cmd)}, {head.seconds:.1f} s, not counted)")
                runs += [(f"running cluster (RAY_AUTH_MODE=token, --ray {head.address}), job {k}", head.address)
                         for k in (1, 2)]
            for label, address in runs:
                out = tmp / "ray-out"
                s2, cpu = run_sampled(base + ["--input", str(src), "--output", str(out), "--ray", address,
                                              "--num-proc", "2", "--ray-format", "jsonl"],
                                      [head.proc.pid] if head is not None and address != "local" else [],
                                      # an explicit address: Ray sends the token (~/.ray/auth_token) only when told
                                      None if address == "local" else {"RAY_AUTH_MODE": "token"})
                steps = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))["seconds"]
                same = shards_text(out) == one.read_bytes()
                row = {"input": name, "megabytes": mb, "ray": label, "one_process_seconds": round(s1, 2),
                       "ray_seconds": round(s2, 2), "speedup": round(s1 / s2, 2), "identical_output": same,
                       "ray_steps_seconds": steps, "cpu_seconds_by_process": cpu, "load": load()}
                rows.append(row)
                print(f"      {label}: {s2:6.1f} s = {s1 / s2:.2f}x (target 1.5x); identical output: {same}  "
                      f"(load {load()})")
                print("         steps (s): " + ", ".join(f"{k} {v}" for k, v in steps.items()))
                print(f"         CPU s ({sum(cpu.values()):.1f} in all): " + ", ".join(f"{k} {v}" for k, v in cpu.items()))
                shutil.rmtree(out)
    finally:
        if head is not None:
            head.stop()
    return rows


def describe_model(model: str) -> str:
    """The model folder's architecture in a few words (read from its ``config.json``)."""
    try:
        cfg = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no config.json"
    return (f"{cfg.get('model_type', '?')}, {cfg.get('num_hidden_layers', '?')} layers, hidden "
            f"{cfg.get('hidden_size', '?')}, {len(cfg.get('id2label', {}))} tags")


def predict_scaling(model: str, tmp: Path, sizes: list[float], pipeline_docs: int,
                    pipeline_model: str | None = None) -> dict:
    """``predict`` (default ``--num-proc``: every core, one model per worker) at each size: peak
    RSS of the largest process of the tree and characters/s, start-up included; then, in a child,
    ``Extractor.extract`` beside the transformers pipeline on the first ``pipeline_docs`` ANT
    documents (:func:`predict_speed.beside_pipeline`) with ``pipeline_model`` (default: ``model``)."""
    tiny = model == "tiny"
    if tiny:
        # built in a child: a child's peak RSS starts from its parent's RSS at exec, so this
        # process must stay small (torch is never imported here)
        model = str(tmp / "tiny")
        code = ("import sys, pathlib; from kashif.model.tiny import build_tiny_model_dir; "
                "build_tiny_model_dir(sys.argv[1], [p.read_text(encoding='utf-8') for p in "
                "sorted(pathlib.Path(sys.argv[2]).glob('*.txt'))])")
        subprocess.run([sys.executable, "-c", code, model, str(REPO / "data" / "raw" / "seeds")], check=True)
    print(f"4. predict --model {model} ({describe_model(model)}; fresh processes, start-up included, "
          "default --num-proc)")
    cmd = [str(Path(sys.executable).with_name("predict")), "--model", model, "--quiet", "--model-only"]
    if tiny:  # random weights tag entities everywhere: pairs explode
        cmd.append("--no-relations")
    rows = []
    for mb in sizes:
        src = tmp / f"predict-{mb:g}mb.jsonl"
        n_docs = repeated_corpus(src, mb)
        chars = sum(len(json.loads(x)["text"]) for x in src.read_text(encoding="utf-8").splitlines())
        s, rss, cpu = run(cmd + ["--input", str(src), "--output", str(tmp / "p.jsonl")])
        rows.append({"megabytes": mb, "documents": n_docs, "chars": chars, "seconds": round(s, 2),
                     "cpu_seconds": round(cpu, 2), "peak_mb": rss, "chars_per_second": round(chars / s), "load": load()})
        print(f"   {mb:>5g} MB ({n_docs:>5} docs, {chars:,} chars): {rss:>5} MB peak, {s:6.1f} s, "
              f"{chars / s:,.0f} chars/s  (load {load()})")
        src.unlink()
    out: dict = {"model": model, "architecture": describe_model(model), "sizes": rows,
                 "memory_ratio": round(rows[-1]["peak_mb"] / rows[0]["peak_mb"], 2)}
    print(f"   peak RSS at {sizes[-1]:g} MB / at {sizes[0]:g} MB: {out['memory_ratio']:.2f}x (flat: 1.00x)")
    model = pipeline_model or model
    if not tiny and pipeline_docs:
        print(f"   beside the pipeline: {model} ({describe_model(model)})")
        code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import predict_speed as b; "
                f"print(json.dumps(b.beside_pipeline({model!r}, {str(ANT)!r}, {pipeline_docs})))")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"error: the pipeline comparison failed:\n{r.stderr[-2000:]}")
        b = json.loads(r.stdout.strip().splitlines()[-1])
        out["beside_pipeline"] = {"model": model, "architecture": describe_model(model), **b}
        print(f"   the first {b['documents']} ANT documents ({b['chars']:,} chars), one process, 1 torch thread each: "
              f"Extractor.extract (entities + relations) {b['predict_chars_per_s']:,.0f} chars/s vs transformers "
              f"pipeline (entities) {b['pipeline_chars_per_s']:,.0f} chars/s = {b['ratio']:.2f}x  (load {load()})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10", help="corpus sizes in MB for the memory series (add 100: slow; "
                    "'' skips it)")
    ap.add_argument("--baseline-max-mb", type=float, default=10,
                    help="largest size at which today's whole-corpus path is run too")
    ap.add_argument("--baseline-checkout", type=Path,
                    help="an older checkout of the repository (git archive COMMIT kashif data | tar -x -C DIR): "
                         "its kashif label is measured beside, at the sizes the whole-corpus path runs")
    ap.add_argument("--predict-model", help="also measure predict's peak RSS and chars/s at each of --predict-sizes "
                    "with this model folder, and its chars/s beside the transformers pipeline's ('tiny': an "
                    "untrained tiny model built from the seeds, entities only, memory only)")
    ap.add_argument("--predict-sizes", default="0.25,0.5,1", help="corpus sizes in MB for predict")
    ap.add_argument("--pipeline-model", help="the model timed beside the transformers pipeline (default: "
                    "--predict-model; a slower, larger model can be timed on the small slice only)")
    ap.add_argument("--pipeline-docs", type=int, default=100,
                    help="documents of ANT on which predict and the pipeline are timed side by side")
    ap.add_argument("--skip-scaling", action="store_true", help="skip the --num-proc 1 vs 2 runs on ANT")
    ap.add_argument("--ray", action="store_true", help="also time Ray Data with 2 local workers (needs kashif[ray])")
    ap.add_argument("--ray-cluster", action="store_true",
                    help="with --ray: also on a running local cluster (ray start --head --num-cpus 2), two jobs")
    ap.add_argument("--ray-copies", type=int, default=3,
                    help="with --ray: also on ANT repeated this many times with fresh ids (1: ANT only)")
    ap.add_argument("--output", type=Path, default=REPO / "runs" / "bench" / "corpus_scale.json")
    args = ap.parse_args(argv)
    if not ANT.is_file():
        sys.exit(f"error: {ANT}: no such file")
    base = kashif_command() + ["label", "--quiet"]
    result: dict = {"cores": len(os.sched_getaffinity(0)), "memory": [], "scaling": {}}
    tmp = Path(tempfile.mkdtemp(prefix="corpus_scale."))
    try:
        print(f"kashif label with relations, fresh processes; {result['cores']} cores; load {load()}")
        print("1. peak RSS vs corpus size (one process)")
        for mb in [float(x) for x in args.sizes.split(",") if x.strip()]:
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
            result["ray"] = ray_scaling(base, tmp, result["scaling"].get("num_proc_1"), args.ray_copies,
                                        args.ray_cluster)
        if args.predict_model:
            sizes = [float(x) for x in args.predict_sizes.split(",")]
            result["predict"] = predict_scaling(args.predict_model, tmp, sizes, args.pipeline_docs, args.pipeline_model)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    write_json(result, args.output)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
