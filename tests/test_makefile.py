"""The Makefile front door: what a new user sees from `make train` and the first `make demo`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def test_train_without_a_gpu_is_one_clear_line():
    """Issue 12 item 11: no GPU used to end in accelerate's warnings and a 15-line traceback."""
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="", HF_HUB_OFFLINE="1")
    # -o: never (re)build the venv here, even when pyproject.toml is newer than its stamp
    res = subprocess.run(["make", "-s", "-o", ".venv/.installed", "train"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode != 0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert lines == ["error: make train needs a CUDA GPU and none is visible; on CPU, offline: "
                     "make train-cpu (configs/e5-cpu.yaml)"], res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_first_setup_says_what_it_is_installing():
    """Issue 12 item 17: the first `make demo` was silent for the whole installation."""
    res = subprocess.run(["make", "-n", "-B", ".venv/.installed"], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    installs = [i for i, ln in enumerate(lines) if "pip install" in ln and "--upgrade pip" not in ln]
    assert installs
    for i in installs:  # every slow step is announced just before it runs
        assert lines[i - 1].startswith("echo") and "installing" in lines[i - 1], lines[i - 1]
