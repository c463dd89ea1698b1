"""``scatnet extract`` / ``scatnet.extract`` in one process: results, formats, failures, refusals.

Every comparison is exact: the features in the output must be the bits of
``sc_format(sc_propagate(x, archs))`` of the file's samples (batching and streaming do not
change them).
"""
import json
from importlib.metadata import entry_points

import numpy as np
import pytest
import scipy.io
import soundfile
from scipy.signal import resample_poly

from scatnet import InputError, OptionError, extract, open_features, sc_format, sc_propagate, sc_setup
from scatnet.batch.cli import main
from scatnet.batch.signals import BlockResampler

OPTS = [{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}]
FS = 8000


def write_opts(folder, opts=OPTS, fs=FS, name="opts.py"):
    path = folder / name
    path.write_text(f"fs = {fs}\nopts = {opts!r}\n")
    return path


def make_sounds(folder):
    """Mono files of two lengths (batched by length), a stereo one and one in a sub-folder."""
    rng = np.random.default_rng(7)
    (folder / "sub").mkdir(parents=True)
    files = {"a.wav": (4000, 1), "b.wav": (4000, 1), "c.flac": (6000, 1), "st.wav": (5000, 2),
             "sub/d.wav": (4000, 1)}
    for name, (n, c) in files.items():
        x = 0.2 * rng.standard_normal((n, c) if c > 1 else n)
        soundfile.write(folder / name, x, FS, subtype="FLOAT" if name.endswith(".wav") else "PCM_24")
    return sorted(files)


def reference(path, archs, channels="all"):
    x, _ = soundfile.read(path, dtype="float64", always_2d=True)
    x = x.T
    if channels == "mono":
        x = x.mean(axis=0, keepdims=True)
    F, _ = sc_format(sc_propagate(x[0] if x.shape[0] == 1 else x, archs))
    return F


@pytest.fixture
def sounds(tmp_path):
    folder = tmp_path / "rec"
    return folder, make_sounds(folder)


def test_extract_equals_sc_propagate_and_records_attributes(sounds, tmp_path):
    folder, names = sounds
    out = tmp_path / "feats.h5"
    summary = extract(folder, write_opts(tmp_path), out, quiet=True)
    assert (summary.done, summary.skipped, summary.failed) == (len(names), 0, 0)
    archs = sc_setup(OPTS)
    with open_features(out) as feats:
        assert sorted(feats) == names and feats.fs == FS and feats.staged == []
        for name in names:
            np.testing.assert_array_equal(feats[name], reference(folder / name, archs))
        assert feats["st.wav"].shape[0] == 2 and feats["a.wav"].ndim == 2
        attrs = feats.attrs("sub/d.wav")
        assert attrs["source"] == str((folder / "sub/d.wav").resolve())
        assert attrs["size"] == (folder / "sub/d.wav").stat().st_size and len(attrs["sha256"]) == 64
        assert attrs["sample_rate"] == FS and attrs["n_samples"] == 4000 and attrs["duration_s"] == 0.5
        assert len(feats.paths) == feats["a.wav"].shape[0] and feats.opts == OPTS
    assert not (tmp_path / "feats.h5.parts").exists()
    assert summary.audio_seconds == pytest.approx(0.5 * 3 + 0.75 + 0.625)


def test_failures_are_recorded_and_resume_with_sr_resamples(sounds, tmp_path, capsys):
    folder, names = sounds
    (folder / "broken.wav").write_bytes(b"RIFF not really")
    fast = 0.2 * np.random.default_rng(1).standard_normal(8000)
    soundfile.write(folder / "fast.wav", fast, 2 * FS, subtype="FLOAT")
    opts, out = write_opts(tmp_path), tmp_path / "feats.h5"
    assert main(["extract", str(opts), str(folder), "-o", str(out), "--quiet"]) == 1
    assert "2 input(s) failed" in capsys.readouterr().err
    with open_features(out) as feats:
        assert sorted(feats) == names
        assert set(feats.failures) == {"broken.wav", "fast.wav"}
        assert "cannot be read" in feats.failures["broken.wav"]
        assert "16000 Hz, but the opts assume fs=8000 Hz: pass --sr" in feats.failures["fast.wav"]
    assert main(["extract", str(opts), str(folder), "-o", str(out), "--resume", "--sr"]) == 1
    printed = capsys.readouterr().out
    assert "1 done, 5 skipped" in printed and "1 failed" in printed and "broken.wav" in printed
    with open_features(out) as feats:
        assert list(feats.failures) == ["broken.wav"]
        x, _ = soundfile.read(folder / "fast.wav", dtype="float64")
        expected, _ = sc_format(sc_propagate(resample_poly(x, 1, 2), sc_setup(OPTS)))
        np.testing.assert_array_equal(feats["fast.wav"], expected)
        assert feats.attrs("fast.wav")["resampled"] and feats.attrs("fast.wav")["sample_rate"] == 2 * FS


def test_other_opts_into_the_same_output_are_refused(sounds, tmp_path, capsys):
    folder, _ = sounds
    out = tmp_path / "feats.h5"
    assert main(["extract", str(write_opts(tmp_path)), str(folder), "-o", str(out), "--quiet"]) == 0
    other = write_opts(tmp_path, [{"time": {"size": 1024, "T": 64, "max_Q": 2}}, {"time": {}}],
                       name="other.py")
    assert main(["extract", str(other), str(folder), "-o", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "holds features made with other settings; refusing to mix them" in err
    assert "'T', 128" in err and "'T', 64" in err  # the diff of the opts' MATLAB lines
    assert main(["extract", str(write_opts(tmp_path)), str(folder), "-o", str(out)]) == 2
    assert "exists: pass --resume" in capsys.readouterr().err
    assert main(["extract", str(other), str(folder), "-o", str(out), "--overwrite", "--quiet"]) == 0
    with open_features(out) as feats:
        assert feats.opts[0]["time"]["T"] == 64


@pytest.mark.parametrize("fmt", ["npz", "mat"])
def test_folder_formats(sounds, tmp_path, fmt):
    folder, names = sounds
    out = tmp_path / f"feats_{fmt}"
    summary = extract(folder, write_opts(tmp_path), out, format=fmt, quiet=True, channels="mono")
    assert summary.done == len(names)
    config = json.loads((out / "scatnet.json").read_text())
    assert config["format"] == fmt and config["fs"] == FS
    archs = sc_setup(OPTS)
    with open_features(out) as feats:
        assert sorted(feats) == names
        for name in names:
            ref = reference(folder / name, archs, channels="mono")
            got = feats[name] if fmt == "npz" else feats[name]["F"]
            np.testing.assert_array_equal(got, ref)
    if fmt == "mat":  # save_mat's layout: scattering.m's S cell, and F, paths
        m = scipy.io.loadmat(out / "features" / "sub" / "d.wav.mat")
        assert {"S", "F", "paths", "opts_m", "fs"} <= set(m)
    assert not list(out.rglob("*.tmp-*"))


def test_long_files_are_streamed_with_the_same_features(sounds, tmp_path):
    folder, _ = sounds
    rng = np.random.default_rng(3)
    soundfile.write(folder / "long.wav", 0.2 * rng.standard_normal(30001), FS, subtype="FLOAT")
    soundfile.write(folder / "long44.wav", 0.2 * rng.standard_normal(44100), 11025, subtype="FLOAT")
    out = tmp_path / "feats.h5"
    summary = extract([folder / "long.wav", folder / "long44.wav", folder / "a.wav"],
                      write_opts(tmp_path), out, stream_seconds=1.0, resample=True, quiet=True)
    assert summary.done == 3
    archs = sc_setup(OPTS)
    with open_features(out) as feats:
        np.testing.assert_array_equal(feats["long.wav"], reference(folder / "long.wav", archs))
        x, _ = soundfile.read(folder / "long44.wav", dtype="float64")
        expected, _ = sc_format(sc_propagate(resample_poly(x, 320, 441), archs))
        np.testing.assert_array_equal(feats["long44.wav"], expected)


def test_block_resampler_equals_resample_poly():
    x = np.random.default_rng(0).standard_normal((2, 20000))
    for up, down in [(160, 441), (441, 160), (1, 3)]:
        rs = BlockResampler(up, down)
        parts = [rs.push(p) for p in np.array_split(x, 9, axis=1)] + [rs.finish()]
        np.testing.assert_array_equal(np.concatenate(parts, axis=1),
                                      resample_poly(x, up, down, axis=-1))


def test_arrays_lists_and_float32(tmp_path):
    rng = np.random.default_rng(5)
    stack = rng.standard_normal((3, 5000))
    np.save(tmp_path / "stack.npy", stack)
    scipy.io.savemat(tmp_path / "sig.mat", {"x": stack[0][:, None]})  # N × 1, as MATLAB saves
    (tmp_path / "list.txt").write_text("# inputs\nstack.npy\nsig.mat\n")
    opts = tmp_path / "opts.json"
    opts.write_text(json.dumps({"opts": OPTS}))
    out = tmp_path / "out.h5"
    assert extract(tmp_path / "list.txt", opts, out, float32=True, quiet=True).done == 2
    archs = sc_setup(OPTS)
    with open_features(out) as feats:
        assert feats["stack.npy"].dtype == np.float32 and feats["stack.npy"].shape[0] == 3
        ref, _ = sc_format(sc_propagate(stack.astype(np.float32), archs))
        np.testing.assert_array_equal(feats["stack.npy"], ref)
        np.testing.assert_array_equal(feats["sig.mat"], ref[0])
        assert feats.fs is None


def test_input_and_option_errors(tmp_path, sounds):
    folder, _ = sounds
    opts = write_opts(tmp_path)
    with pytest.raises(InputError, match="input 'nowhere.wav' does not exist"):
        extract("nowhere.wav", opts, tmp_path / "o.h5", quiet=True)
    with pytest.raises(InputError, match="two inputs have the same key 'a.wav'"):
        (tmp_path / "other").mkdir()
        soundfile.write(tmp_path / "other" / "a.wav", np.zeros(100), FS)
        extract([folder / "a.wav", tmp_path / "other" / "a.wav"], opts, tmp_path / "o.h5", quiet=True)
    with pytest.raises(OptionError, match="defines no variable opts"):
        (tmp_path / "empty.py").write_text("x = 1\n")
        extract(folder, tmp_path / "empty.py", tmp_path / "o.h5", quiet=True)
    with pytest.raises(InputError, match="format='zarr' is not one of"):
        extract(folder, opts, tmp_path / "o.h5", format="zarr")
    auditory = tmp_path / "aud.py"  # default_auditory: not chunked, size 1024 < the files
    auditory.write_text("from scatnet import default_auditory\n"
                        "opts = [default_auditory(1024, 8000, 2), {'time': {}}]\n")
    s = extract(folder / "a.wav", auditory, tmp_path / "aud.h5", quiet=True)
    assert s.failed == 1 and "size" in s.failures["a.wav"]
    s = extract(folder / "a.wav", auditory, tmp_path / "aud2.h5", chunked=True, quiet=True)
    assert s.done == 1 and s.failed == 0


def test_info_bank_and_entry_point(tmp_path, capsys):
    opts = write_opts(tmp_path)
    assert main(["info", str(opts)]) == 0
    text = capsys.readouterr().out
    assert "fs = 8000 Hz, from the opts file" in text and "paths: 46 features" in text
    assert "order 1: 14" in text and "output per second of audio: 46 features × 125 frames" in text
    assert "memory per signal (float64)" in text
    png = tmp_path / "bank.png"
    assert main(["bank", str(opts), "-o", str(png), "--log"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "2 filter bank(s) drawn" in capsys.readouterr().out
    assert main(["info", str(tmp_path / "nope.yaml")]) == 2
    assert "is not one of ('.py', '.m', '.json')" in capsys.readouterr().err
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "scatnet"]
    assert script.value == "scatnet.batch.cli:main"
