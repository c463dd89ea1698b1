"""Chunked propagation (signals of any length), unchunking, padding of short signals."""
import numpy as np
import pytest

from scatnet import InputError, OptionError, sc_format, sc_propagate, sc_setup, sc_stream, sc_unchunk
from scatnet._core import run as core_run
from scatnet._core.memory import minimum_budget
from scatnet._core.sinks import Sink
from scatnet.scattering_m import stream as stream_module
from scatnet.scattering_m.chunking import ChunkPlan

from _reference import assert_parity, case_opts, case_signal, load_case

# --- parity with the original (size = 4T) -------------------------------------------------

@pytest.fixture(scope="module")
def c07():
    archs = sc_setup(case_opts("c07_chunked"))
    S, U = sc_propagate(case_signal("c07_chunked"), archs, return_U=True)
    return load_case("c07_chunked"), S, U


def _c07_params(field):
    return [pytest.param(i, id=p["matlab_ref"]) for i, p in enumerate(load_case("c07_chunked")[field])]


@pytest.mark.parametrize("index", _c07_params("S_paths"))
def test_c07_S(c07, index):
    d, S, _ = c07
    ref = d["S_paths"][index]
    t = {t.matlab_ref: t for layer in S for t in layer}[ref["matlab_ref"]]
    assert_parity(np.asarray(t.data).T, np.asarray(ref["data"], float), f"c07 {ref['matlab_ref']}")
    # 23 frames = round(3000·8/1024); ranges end at the signal length (the original's stale 6144 fixed)
    assert t.ranges["time"] == (1, 128, 3000)


@pytest.mark.parametrize("index", _c07_params("U1_paths"))
def test_c07_U1(c07, index):
    d, _, U = c07
    ref = d["U1_paths"][index]
    t = U[1][index]
    assert t.cell["gamma1"] == int(ref["cell_values"])
    assert_parity(t.data, np.asarray(ref["data"], float), f"c07 U1 γ1={t.cell['gamma1']}")


def test_c07_format_works(c07):
    d, S, _ = c07
    assert d["F_ok"] == 0  # the original's sc_format fails on chunked output
    F, paths = sc_format(S)
    expected = np.concatenate([np.asarray(p["data"], float).reshape(23, -1, order="F")
                               for p in d["S_paths"] if int(p["layer"]) >= 1], axis=1).T
    assert_parity(F, expected, "c07 sc_format")
    assert F.shape == (len(paths), 23)


# --- geometry ------------------------------------------------------------------------------

@pytest.mark.parametrize("size, T", [(1024, 256), (2048, 256), (4096, 256), (16384, 256)])
@pytest.mark.parametrize("length", [100, 767, 768, 769, 3000, 10001])
def test_chunk_centres_tile_the_signal(size, T, length):
    cp = ChunkPlan(size=size, T=T, length=length, windowing="tukey")
    if cp.single:
        return
    M = cp.margin
    covered = np.zeros(cp.n_chunks * cp.hop + size, int)
    for k in range(cp.n_chunks):
        start = cp.chunk_start(k) + M
        covered[start + 0:start + cp.hop] += 1
    assert (covered[:length] == 1).all(), "every sample kept exactly once"
    w = cp.window()
    assert np.allclose(w[M:size - M], 1.0), "the kept part is inside the flat part of the window"


def test_original_window_and_placement_when_size_is_4T():
    cp = ChunkPlan(size=1024, T=256, length=3000, windowing="tukey")
    assert (cp.margin, cp.hop, cp.n_chunks) == (256, 512, 7)
    x = np.linspace(0, 1, 1024)
    expected = np.where(x < 0.25, 0.5 * (1 + np.cos(4 * np.pi * (x - 0.25))),
                        np.where(x >= 0.75, 0.5 * (1 + np.cos(4 * np.pi * (x - 0.75))), 1.0))
    np.testing.assert_allclose(cp.window(), expected, atol=1e-15)


def _tones(n):
    t = np.arange(n)
    return np.cos(2 * np.pi * 0.05 * t) + 0.5 * np.cos(2 * np.pi * 0.013 * t) * (1 + 0.3 * np.cos(2 * np.pi * t / 700))


def test_stationary_signal_gives_the_same_frames_whatever_size():
    x = _tones(20000)
    opts2 = {"wavelet_handle": "morlet_1d"}
    truth = sc_format(sc_propagate(x, sc_setup([
        {"time": {"size": 32768, "T": 256, "max_Q": 4, "is_chunked": False, "padding": "zero"}},
        {"time": opts2}])))[0]
    for size in (4096, 8192, 16384):
        F = sc_format(sc_propagate(x, sc_setup([{"time": {"size": size, "T": 256, "max_Q": 4}},
                                                {"time": opts2}])))[0]
        err = np.abs(F - truth)[:, 8:-8].max() / np.abs(truth).max()
        # measured 1.3e-3 (4096), 4e-4 (8192, 16384); the original's scheme (margin T, taper over
        # the whole margin) deviates by 17% at every chunk boundary on the same signal
        assert err < 3e-3, f"size {size}: {err:.2e}"


# --- edge cases ----------------------------------------------------------------------------

@pytest.mark.parametrize("length", [300, 512, 1024, 1025, 1537, 3000])
def test_lengths_around_chunk_boundaries(length, rng):
    archs = sc_setup([{"time": {"size": 1024, "T": 256, "max_Q": 2}}, {"time": {}}])
    x = rng.standard_normal(length)
    S = sc_propagate(x, archs)
    frames = max(1, round(length * 8 / 1024))
    for layer in S:
        for t in layer:
            assert t.data.shape[-1] == frames and np.isfinite(t.data).all()
    assert sc_format(S)[0].shape[-1] == frames


def test_batch_equals_single_when_chunked(rng):
    archs = sc_setup([{"time": {"size": 1024, "T": 256, "max_Q": 2}}, {"time": {}}])
    x = rng.standard_normal((3, 2500))
    least = minimum_budget(archs.walk(), np.float64)  # one signal per block, pieces of one row
    batch = sc_format(sc_propagate(x, archs, memory_budget=least))[0]
    for k in range(3):
        single = sc_format(sc_propagate(x[k], archs))[0]
        np.testing.assert_allclose(batch[k], single, rtol=0, atol=1e-13 * np.abs(single).max())


def test_float32_chunked(rng):
    archs = sc_setup([{"time": {"size": 1024, "T": 256, "max_Q": 2}}, {"time": {}}])
    x = rng.standard_normal(3000)
    F64 = sc_format(sc_propagate(x, archs))[0]
    F32 = sc_format(sc_propagate(x.astype(np.float32), archs))[0]
    assert F32.dtype == np.float32
    assert np.abs(F32 - F64).max() / np.abs(F64).max() < 1e-5


@pytest.mark.parametrize("windowing", ["tukey", "hann"])
def test_unchunk_later_equals_unchunked(windowing, rng):
    base = {"size": 1024, "T": 256, "max_Q": 2, "windowing": windowing}
    x = rng.standard_normal((2, 3000))
    direct = sc_propagate(x, sc_setup([{"time": base}, {"time": {}}]), return_U=True)
    chunked = sc_propagate(x, sc_setup([{"time": dict(base, is_unchunked=False)}, {"time": {}}]),
                           return_U=True)
    assert chunked[0][1][0].data.shape[:2] == (2, 7)  # (K, chunk, γ1, frames)
    for a, b in zip(direct, chunked):
        for la, lb in zip(a, sc_unchunk(b)):
            for ta, tb in zip(la, lb):
                np.testing.assert_allclose(ta.data, tb.data, rtol=1e-14, atol=1e-14 * np.abs(ta.data).max())
                assert ta.ranges == tb.ranges


def test_hann_unchunking_is_close_to_tukey_on_a_stationary_signal():
    x = _tones(12000)
    F = {}
    for w in ("tukey", "hann"):
        archs = sc_setup([{"time": {"size": 4096, "T": 256, "max_Q": 4, "windowing": w}},
                          {"time": {"wavelet_handle": "morlet_1d"}}])
        F[w] = sc_format(sc_propagate(x, archs), layers=[1])[0]
    # overlap-added Hann chunks normalised by the summed windows (the original overruns its buffer)
    assert np.abs(F["hann"] - F["tukey"])[:, 4:-4].max() / np.abs(F["tukey"]).max() < 0.05


# --- non-chunked signals that are not `size` long -----------------------------------------

@pytest.mark.parametrize("padding", ["periodic", "symmetric", "zero"])
def test_short_non_chunked_signal_is_padded_and_unpadded(padding, rng):
    opts = [{"time": {"size": 4096, "T": 256, "max_Q": 2, "is_chunked": False, "padding": padding}},
            {"time": {}}]
    x = rng.standard_normal(3000)
    S = sc_propagate(x, sc_setup(opts))
    assert S[1][0].data.shape[-1] == round(3000 * 32 / 4096)
    if padding == "periodic":
        padded = np.resize(x, 4096)
    elif padding == "symmetric":
        padded = np.concatenate([x, x[::-1]])[:4096]
    else:
        padded = np.concatenate([x, np.zeros(1096)])
    full = sc_propagate(padded, sc_setup(opts))
    n = S[1][0].data.shape[-1]
    np.testing.assert_array_equal(S[1][0].data, full[1][0].data[..., :n])


def test_long_non_chunked_signal_is_an_error():
    archs = sc_setup([{"time": {"size": 1024, "T": 256, "is_chunked": False}}])
    with pytest.raises(InputError, match="is_chunked"):
        sc_propagate(np.zeros(2000), archs)


# --- the margin follows the largest T of all layers ----------------------------------------

def _two_layers(size, T1, T2, **layer1):
    return [{"time": {"size": size, "T": T1, "max_Q": 4}},
            {"time": dict({"T": T2, "wavelet_handle": "morlet_1d"}, **layer1)}]


@pytest.mark.parametrize("size, T1, T2, margin", [
    (1024, 256, 256, 256),     # c07's geometry (size = 4T): the original's margin T
    (4096, 256, 4096, 1024),   # size/4 caps it
    (16384, 64, 1024, 4096),   # 4·T2, not 4·T1 = 256
    (16384, 256, 64, 1024),    # a smaller later T leaves 4·T1
])
def test_margin_is_set_by_the_largest_T(size, T1, T2, margin):
    opts = _two_layers(size, T1, T2, S_log2_oversampling=1)
    plan = sc_setup(opts).plan
    assert ChunkPlan.for_options(plan, 10 ** 6).margin == margin


def test_later_layer_with_a_large_T_is_chunked_like_the_whole_signal():
    """T2 = 16·T1: S1 frames every 512 samples. A margin from T1 (4·T1 = 256) falls between
    frames (refused after the first block before); 4·T2 falls on them and covers the low-pass."""
    assert (4 * 64) % 512 != 0
    x = _tones(30000)
    chunked = sc_propagate(x, sc_setup(_two_layers(16384, 64, 1024)))
    truth = sc_propagate(x, sc_setup([dict(o, time=dict(o["time"], **extra)) for o, extra in zip(
        _two_layers(32768, 64, 1024), [{"is_chunked": False, "padding": "zero"}, {}])]))
    for m in (1, 2):
        F, G = sc_format(chunked, layers=[m])[0], sc_format(truth, layers=[m])[0]
        assert F.shape == G.shape
        edge = F.shape[-1] // 6  # away from the signal's ends (zero padding of the truth)
        err = np.abs(F - G)[:, edge:-edge].max() / np.abs(G).max()
        # measured 3.4e-4 (S1) and 4.5e-4 (S2): chunk boundaries fall inside the compared stretch
        assert err < 3e-3, f"S{m}: {err:.2e}"


@pytest.fixture
def no_propagation(monkeypatch):
    """Make any block of scattering fail the test: the checks must come before the work."""
    def refuse(*args, **kwargs):
        raise AssertionError("a block was scattered before the options were refused")
    monkeypatch.setattr(core_run, "run_block", refuse)
    monkeypatch.setattr(stream_module, "run_block", refuse)


def test_unchunkable_options_are_refused_by_sc_setup(no_propagation):
    """T2 = size: S1 frames every size/2 samples, and the margin is at most size/4."""
    with pytest.raises(OptionError, match=r"opts\[1\]\['time'\].*T = 4096.*every 2048 samples.*"
                                          r"S_log2_oversampling'\] to at least 1.*"
                                          r"opts\[0\]\['time'\]\['size'\] to at least 8192"):
        sc_setup(_two_layers(4096, 256, 4096))


@pytest.mark.parametrize("fix", [{"S_log2_oversampling": 1}, {"size": 8192}, {"is_chunked": False}])
def test_the_fixes_named_by_the_refusal_work(fix, rng):
    opts = _two_layers(4096, 256, 4096)
    if "S_log2_oversampling" in fix:
        opts[1]["time"].update(fix)
    else:
        opts[0]["time"].update(fix)
    S = sc_propagate(rng.standard_normal(4096 if "is_chunked" in fix else 10000), sc_setup(opts))
    assert all(np.isfinite(t.data).all() for layer in S for t in layer)


def test_stream_checks_options_kept_chunked_before_reading(no_propagation):
    archs = sc_setup([dict(o, time=dict(o["time"], is_unchunked=False)) if m == 0 else o
                      for m, o in enumerate(_two_layers(4096, 256, 4096))])
    blocks_read = []

    def blocks():
        blocks_read.append(1)
        yield np.zeros(10000)
    with pytest.raises(OptionError, match="cannot keep its central part"):
        next(sc_stream(blocks(), archs))
    assert blocks_read == []


def test_sink_checks_every_output_before_the_first_block():
    """The unchunking sink refuses a margin off the frames of a returned U/Y when it is made."""
    archs = sc_setup(_two_layers(8192, 256, 2048))
    walk = archs.walk()
    off_frames = ChunkPlan(size=8192, T=16, length=50000, windowing="tukey")  # margin 64 < hop
    with pytest.raises(OptionError, match=r"cannot keep its central part \[64, 8128\)"):
        Sink(walk, 1, off_frames, np.float64, np.complex128, True, False)
