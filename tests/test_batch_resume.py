"""A ``scatnet extract`` killed with SIGKILL mid-run, then ``--resume``: same output, nothing lost.

The killed run must leave a readable output (what it committed, nothing half-written); the
resumed run must skip what was committed, do the rest, and end with exactly the entries of an
uninterrupted run, bit for bit, each once.
"""
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import soundfile

from scatnet import InputError, extract, open_features
from scatnet.batch.cli import main

OPTS = [{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}]
FS = 8000
N_FILES = 40


def make_inputs(folder):
    """Files of distinct lengths: each is its own task, committed on its own."""
    rng = np.random.default_rng(11)
    folder.mkdir()
    for i in range(N_FILES):
        x = 0.2 * rng.standard_normal(16000 + 97 * i)
        soundfile.write(folder / f"f{i:02d}.wav", x, FS, subtype="FLOAT")


def committed(out):
    staged = out.with_name(out.name + ".parts") / "features"
    return len([p for p in staged.glob("*.npy") if ".tmp-" not in p.name]) if staged.is_dir() else 0


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_then_resume_completes_with_identical_results(tmp_path):
    folder = tmp_path / "rec"
    make_inputs(folder)
    opts = tmp_path / "opts.py"
    opts.write_text(f"fs = {FS}\nopts = {OPTS!r}\n")
    reference = tmp_path / "reference.h5"
    assert extract(folder, opts, reference, n_jobs=1, quiet=True).done == N_FILES

    out = tmp_path / "out.h5"
    cmd = [sys.executable, "-m", "scatnet", "extract", str(opts), str(folder), "-o", str(out),
           "--threads", "1", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while proc.poll() is None and committed(out) < 3 and time.monotonic() < deadline:
        time.sleep(0.002)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()

    with open_features(out) as feats:  # readable after the kill: the committed entries
        n_killed = len(feats)
        assert 3 <= n_killed < N_FILES
        assert feats.staged == sorted(feats) and not out.exists()
        with open_features(reference) as ref:
            for key in feats:
                np.testing.assert_array_equal(feats[key], ref[key])

    assert main(cmd[3:] + ["--resume"]) == 0  # the same command line, in this process
    assert not out.with_name(out.name + ".parts").exists()
    assert not list(tmp_path.glob("*.tmp-*"))
    with open_features(out) as feats, open_features(reference) as ref:
        assert sorted(feats) == sorted(ref) and len(feats) == N_FILES and feats.failures == {}
        for key in ref:
            np.testing.assert_array_equal(feats[key], ref[key])
            a, b = feats.attrs(key), ref.attrs(key)
            assert a == b
    summary = extract(folder, opts, out, resume=True, quiet=True)  # nothing left to do
    assert (summary.done, summary.skipped) == (0, N_FILES)


def test_a_merge_that_dies_leaves_the_old_file_and_the_staged_entries(tmp_path, monkeypatch):
    folder = tmp_path / "rec"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for i in range(3):
        soundfile.write(folder / f"a{i}.wav", 0.2 * rng.standard_normal(4000 + 100 * i), FS,
                        subtype="FLOAT")
    opts = tmp_path / "opts.py"
    opts.write_text(f"fs = {FS}\nopts = {OPTS!r}\n")
    out = tmp_path / "out.h5"
    assert extract(folder / "a0.wav", opts, out, quiet=True).done == 1
    before = out.read_bytes()

    replace = os.replace

    def dies(src, dst):  # the merge's rename into out.h5 does not happen
        if os.fspath(dst) == os.fspath(out):
            raise KeyboardInterrupt("killed while merging")
        replace(src, dst)

    monkeypatch.setattr(os, "replace", dies)
    with pytest.raises(KeyboardInterrupt):
        extract(folder, opts, out, resume=True, quiet=True)
    monkeypatch.undo()
    assert out.read_bytes() == before  # untouched, still readable
    with open_features(out) as feats:
        assert sorted(feats) == ["a0.wav", "a1.wav", "a2.wav"] and feats.staged == ["a1.wav", "a2.wav"]
    summary = extract(folder, opts, out, resume=True, quiet=True)
    assert (summary.done, summary.skipped) == (0, 3)
    with open_features(out) as feats:
        assert sorted(feats) == ["a0.wav", "a1.wav", "a2.wav"] and feats.staged == []
    assert not list(tmp_path.glob("out.h5*tmp*")) and not (tmp_path / "out.h5.parts").exists()


def test_a_second_writer_is_refused(tmp_path):
    from scatnet.batch.store import _Lock

    folder = tmp_path / "rec"
    folder.mkdir()
    soundfile.write(folder / "a.wav", np.zeros(4000), FS, subtype="FLOAT")
    opts = tmp_path / "opts.py"
    opts.write_text(f"fs = {FS}\nopts = {OPTS!r}\n")
    parts = tmp_path / "out.h5.parts"
    parts.mkdir()
    lock = _Lock(parts / ".lock")  # as a running extraction holds it
    try:
        with pytest.raises(InputError, match="another scatnet extract is writing it"):
            extract(folder, opts, tmp_path / "out.h5", resume=True, quiet=True)
    finally:
        lock.release()
