"""Dask: ``scatnet extract --workers 2`` on a real LocalCluster, and ``scatnet.dask.scatter_array``.

Both must give the bits of single-process ``sc_format(sc_propagate(x, archs))``.
"""
import dask
import dask.array as da
import numpy as np
import pytest
import soundfile

from scatnet import InputError, InputTypeError, extract, open_features, sc_format, sc_propagate, sc_setup
from scatnet.dask import scatter_array

OPTS = [{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}]
FS = 8000


def test_local_cluster_with_two_workers_equals_sc_propagate(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    rng = np.random.default_rng(2)
    lengths = [4000, 4000, 4000, 7000, 5500, 9001]
    for i, n in enumerate(lengths):
        soundfile.write(folder / f"s{i}.wav", 0.2 * rng.standard_normal(n), FS, subtype="FLOAT")
    (folder / "bad.wav").write_bytes(b"not a sound")
    opts = tmp_path / "opts.py"
    opts.write_text(f"fs = {FS}\nopts = {OPTS!r}\n")
    out = tmp_path / "feats.h5"
    summary = extract(folder, opts, out, workers=2, stream_seconds=1.0, quiet=True)
    assert (summary.done, summary.failed) == (len(lengths), 1)
    assert "cannot be read" in summary.failures["bad.wav"]
    assert len(summary.peak_rss_workers) == 2 and all(v > 0 for v in summary.peak_rss_workers.values())
    archs = sc_setup(OPTS)
    with open_features(out) as feats:
        assert sorted(feats) == [f"s{i}.wav" for i in range(len(lengths))]
        for i in range(len(lengths)):
            x, _ = soundfile.read(folder / f"s{i}.wav", dtype="float64")
            expected, _ = sc_format(sc_propagate(x, archs))
            np.testing.assert_array_equal(feats[f"s{i}.wav"], expected)
        assert feats.failures.keys() == {"bad.wav"}


def test_scatter_array_is_lazy_and_exact():
    archs = sc_setup(OPTS)
    x = np.random.default_rng(4).standard_normal((7, 5000))
    F = scatter_array(da.from_array(x, chunks=(3, 2500)), archs)  # chunks along N are merged
    assert F.shape == (7, 46, 78) and F.numblocks == (3, 1, 1) and F.dtype == np.float64
    with dask.config.set(scheduler="threads"):
        got = F.compute()
    expected, _ = sc_format(sc_propagate(x, archs))
    np.testing.assert_array_equal(got, expected)
    F32 = scatter_array(da.from_array(x.astype(np.float32), chunks=(4, 5000)), OPTS)
    assert F32.dtype == np.float32
    with dask.config.set(scheduler="sync"):
        np.testing.assert_array_equal(F32[4:].compute(),
                                      sc_format(sc_propagate(x[4:].astype(np.float32), archs))[0])


def test_scatter_array_errors():
    archs = sc_setup(OPTS)
    with pytest.raises(InputError, match=r"x must be \(K, N\)"):
        scatter_array(da.zeros(100), archs)
    with pytest.raises(InputTypeError, match="dtype int64; expected float64 or float32"):
        scatter_array(da.zeros((2, 100), dtype=np.int64), archs)
    with pytest.raises(InputTypeError, match="archs must be an Architecture"):
        scatter_array(da.zeros((2, 100)), "opts.py")
    short = sc_setup([{"time": {"size": 1024, "T": 128, "is_chunked": False}}])
    with pytest.raises(InputError, match="longer than size=1024 of non-chunked options"):
        scatter_array(da.zeros((2, 2000)), short)
