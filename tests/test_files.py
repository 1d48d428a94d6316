"""kashif.files: output checked before the work; written files get ordinary modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from safetensors.torch import save_file

from kashif.files import atomic_dir, check_writable, share_files


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _modes(folder: Path) -> dict[str, int]:
    return {f.name: stat.S_IMODE(f.stat().st_mode) for f in folder.iterdir() if f.is_file()}


def test_model_folder_files_are_readable_by_others(tiny_model_dir):
    """Issue 12 item 20: model.safetensors and relation_head.safetensors were 0600, the rest 0644."""
    modes = _modes(tiny_model_dir)
    assert {"model.safetensors", "relation_head.safetensors", "config.json"} <= modes.keys()
    assert modes == dict.fromkeys(modes, 0o666 & ~_umask())


def test_atomic_dir_gives_private_temporary_files_ordinary_modes(tmp_path):
    import torch

    with atomic_dir(tmp_path / "out") as d:
        save_file({"w": torch.zeros(2)}, str(d / "w.safetensors"))
        (d / "sub").mkdir()
        (d / "sub" / "x.txt").write_text("x")
        os.chmod(d / "sub" / "x.txt", 0o600)
    assert stat.S_IMODE((tmp_path / "out" / "w.safetensors").stat().st_mode) == 0o666 & ~_umask()
    assert stat.S_IMODE((tmp_path / "out" / "sub" / "x.txt").stat().st_mode) == 0o666 & ~_umask()


def test_predict_partial_output_has_an_ordinary_mode(tmp_path):
    """Item 20: the ``OUTPUT.partial`` kept after Ctrl-C is readable like any output."""
    from kashif.inference.cli import _Output

    out = _Output(str(tmp_path / "pred.jsonl"))
    out.write("{}\n")
    partial = out.keep_partial()
    assert Path(partial).read_text() == "{}\n"
    assert stat.S_IMODE(Path(partial).stat().st_mode) == 0o666 & ~_umask()


def test_share_files_on_one_file(tmp_path):
    f = tmp_path / "a"
    f.write_text("a")
    os.chmod(f, 0o600)
    share_files(f)
    assert stat.S_IMODE(f.stat().st_mode) == 0o666 & ~_umask()


def test_check_writable(tmp_path):
    """Item 9: a place that cannot take the output is an OSError before any work; nothing is left."""
    check_writable("-")
    check_writable(tmp_path / "new" / "deeper" / "out.jsonl")  # missing folders would be created
    check_writable(tmp_path, folder=True)  # a folder output replaces the folder
    assert list(tmp_path.iterdir()) == []  # no probe left, no folder created
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(NotADirectoryError):
        check_writable(blocker / "out.jsonl")
    with pytest.raises(IsADirectoryError):
        check_writable(tmp_path)
    if os.geteuid() != 0:  # root writes into read-only folders
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        with pytest.raises(PermissionError):
            check_writable(ro / "out.jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["file", *(["ro"] if os.geteuid() else [])])
