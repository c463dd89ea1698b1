"""ScatNet's post-processing (``scatnet.scatnet_1d.post``): parity with the reference files and
properties beyond them.

Parity (STYLE G11): ``n01_audio`` holds S of the audio case (``S_paths``) and its
``format_scat`` table and meta; ``n02_renorm_log`` holds ``format_scat(renorm_scat(S))`` and
``format_scat(log_scat(renorm_scat(S)))`` of the same S; ``n03_batch`` has K = 4 signals. The S
cell is rebuilt from ``S_paths`` (:func:`scat_from_paths`) and every post-processed table is
compared row by row (one row = one path) with the spec's error ``max|a−b| / max|b|``.

Properties (G12): renorm on a hand-made S whose orders have different resolutions (decimation
and ``interpft`` paths) against a direct NumPy evaluation of the formula; ``interpft`` against
GNU Octave's values and a trigonometric-polynomial twin; ``average_scat`` against a direct
per-window computation; ``log_scat`` on nested structures; errors and their messages.
"""
import copy
import doctest
import functools
import importlib

import numpy as np
import pytest

from scatnet._errors import InputError, InputTypeError, OptionError, OptionTypeError
from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
from scatnet.scatnet_1d.post import (
    average_scat,
    flatten_scat,
    format_scat,
    hanning_standalone,
    interpft,
    log_scat,
    renorm_scat,
    resample_scat,
    scat_energy,
    scatfun,
    scatfun_layer,
)

from _scatnet_reference import load_scatnet_case

#: Parity tolerance of the spec (relative, per path). The reference was computed by Octave 7.3
#: with FFTW; scatnet uses pocketfft. Measured: tables 0 (copies), renorm 6e-14 (the FFT
#: round trip of ``interpft`` rounds at 1e-16 of a parent's maximum, and small parent values
#: amplify it in the division), log∘renorm 2e-14.
TOL = 1e-10
EPS = 2.0 ** -20


# ----------------------------------------------------------------------------------------------
# helpers

def rel_err(actual, expected):
    """The spec's error ``max|a−b| / max|b|``."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    return float(np.max(np.abs(actual - expected)) / np.max(np.abs(expected)))


def assert_rows_close(actual, expected, meta, what, tol=TOL):
    """Each row (path, first axis) of two ``P × T (× K)`` tables within ``tol``; the failure
    names the row, its order and j."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    errors = np.array([rel_err(a, b) for a, b in zip(actual, expected)])
    worst = int(np.argmax(errors))
    assert errors[worst] <= tol, (
        f"{what}: row {worst} (order {meta['order'][worst]}, j = {meta['j'][:, worst].tolist()}) "
        f"has relative error {errors[worst]:.3g} > {tol:g}")


@functools.cache
def scat_from_paths(name):
    """ScatNet's S cell of a reference case as a ScatResult (``S_paths`` grouped by order, in
    ``path_index`` order); meta as ScatNet's layers carry it (``j``, ``bandwidth``,
    ``resolution`` and the empty ``q``)."""
    paths = load_scatnet_case(name)["S_paths"]
    n_orders = 1 + max(int(p["layer"]) for p in paths)
    layers = []
    for m in range(n_orders):
        ps = sorted((p for p in paths if int(p["layer"]) == m), key=lambda p: int(p["path_index"]))
        assert [int(p["path_index"]) for p in ps] == list(range(1, len(ps) + 1))
        signals = [np.asarray(p["data"], dtype=float).T.copy() for p in ps]  # (T,) / (T, K) → (K, T)
        j = np.array([np.atleast_1d(p["j"]).astype(np.int64) for p in ps]).T.reshape(m, len(ps))
        meta = {"j": j,
                "bandwidth": np.array([float(p["bandwidth"]) for p in ps]),
                "resolution": np.array([int(p["resolution"]) for p in ps], dtype=np.int64),
                "q": np.zeros((0, len(ps)))}
        layers.append(ScatLayer(signals, meta, signals[0].shape[:-1]))
    return ScatResult(layers)


def layer(signals, j, resolution, batch=(), **extra):
    """A hand-made layer: ``j`` rows × paths (``[]`` for order 0)."""
    n = len(signals)
    j = np.zeros((0, 1), np.int64) if len(j) == 0 else np.array(j, dtype=np.int64).reshape(-1, n)
    meta = {"j": j, "bandwidth": np.full(n, 0.5), "resolution": np.array(resolution, np.int64)}
    meta.update(extra)
    return ScatLayer(signals, meta, batch)


def mixed_scat(rng, batch=(2,)):
    """Orders 0–2 at resolutions 2, 3, 1: 16, 8 and 32 frames (renorm decimates order 1's
    parent by 2 and upsamples order 2's parent by 4)."""
    def sig(n):
        return rng.random(batch + (n,)) + 0.05
    return ScatResult([
        layer([sig(16)], [], [2], batch),
        layer([sig(8), sig(8)], [[0, 1]], [3, 3], batch),
        layer([sig(32), sig(32), sig(32)], [[0, 0, 1], [1, 2, 2]], [1, 1, 1], batch),
    ])


def trig_interp(x, n):
    """Twin of ``interpft`` (last axis): the band-limited trigonometric polynomial through the
    ``m`` samples (Nyquist term ``X[m/2]·cos(πt)`` for even ``m``) evaluated at ``t = i·m/n``."""
    x = np.asarray(x)
    m = x.shape[-1]
    X = np.fft.fft(x, axis=-1)
    t = np.arange(n) * m / n
    ks = np.arange(-((m - 1) // 2), (m - 1) // 2 + 1)
    basis = np.exp(2j * np.pi * np.outer(ks, t) / m)        # (len(ks), n)
    z = np.tensordot(X[..., ks % m], basis, axes=([-1], [0]))
    if m % 2 == 0:
        z = z + X[..., m // 2, None] * np.cos(np.pi * t)
    z = z / m
    return z.real if np.isrealobj(x) else z


def assert_same_structure(S1, S2):
    """Two ScatResults hold equal arrays and metas (used to prove inputs are untouched)."""
    assert len(S1) == len(S2)
    for a, b in zip(S1, S2):
        assert len(a.signal) == len(b.signal)
        for x, y in zip(a.signal, b.signal):
            np.testing.assert_array_equal(x, y)
        assert a.meta.keys() == b.meta.keys()
        for k in a.meta:
            np.testing.assert_array_equal(a.meta[k], b.meta[k])


# ----------------------------------------------------------------------------------------------
# parity with ScatNet (reference files)

@pytest.mark.parametrize("name", ["n01_audio", "n03_batch"])
@pytest.mark.parametrize("layout", ["python", "matlab"])
def test_format_scat_table_matches_reference(name, layout):
    S = scat_from_paths(name)
    ref = load_scatnet_case(name)["S_table"]            # P × T (× K)
    table, meta = format_scat(S, layout=layout)
    got = table if layout == "matlab" or table.ndim == 2 else np.moveaxis(table, 0, -1)
    if layout == "python" and ref.ndim == 3:
        assert table.shape == (ref.shape[2], ref.shape[0], ref.shape[1])  # (K, P, T)
    assert_rows_close(got, ref, meta, f"{name} format_scat layout={layout}")


@pytest.mark.parametrize("name", ["n01_audio", "n03_batch"])
def test_format_scat_meta_matches_reference(name):
    _, meta = format_scat(scat_from_paths(name))
    ref = load_scatnet_case(name)["S_table_meta"]
    assert list(meta) == ["order", "j", "bandwidth", "resolution", "q"]
    for key in ("order", "bandwidth", "resolution"):
        np.testing.assert_array_equal(meta[key], ref[key], err_msg=f"{name} meta[{key!r}]")
    np.testing.assert_array_equal(meta["j"], ref["j"], err_msg=f"{name} meta['j']")
    assert meta["j"].dtype == np.int64 and meta["order"].dtype == np.int64
    assert np.all(meta["j"][:, meta["order"] == 0] == -1)
    assert meta["q"].size == 0 and np.size(ref["q"]) == 0


def test_n02_renorm_table_matches_reference():
    S = scat_from_paths("n01_audio")
    d = load_scatnet_case("n02_renorm_log")
    table, meta = format_scat(renorm_scat(S))
    # first-order and zeroth-order rows are untouched, the second order is divided
    assert np.array_equal(table[meta["order"] < 2], d["S_table"][meta["order"] < 2])
    assert_rows_close(table, d["S_renorm_table"], meta, "n02 renorm_scat")
    assert np.sum(d["S_renorm_table"]) == pytest.approx(13316.995282, rel=1e-9)


def test_n02_log_renorm_table_matches_reference():
    S = scat_from_paths("n01_audio")
    d = load_scatnet_case("n02_renorm_log")
    np.testing.assert_array_equal(format_scat(S)[0], d["S_table"])
    table, meta = format_scat(log_scat(renorm_scat(S)))
    assert_rows_close(table, d["S_logrenorm_table"], meta, "n02 log_scat(renorm_scat)")
    assert np.sum(d["S_logrenorm_table"]) == pytest.approx(-62919.3163218, rel=1e-9)


def test_n03_post_processing_batch_equals_single():
    """renorm and log on K = 4 signals equal the same functions on each signal alone."""
    S = scat_from_paths("n03_batch")
    table, _ = format_scat(log_scat(renorm_scat(S, min_order=1)))          # (K, P, T)
    for k in (0, 3):
        Sk = ScatResult([ScatLayer([s[k] for s in ly.signal], ly.meta) for ly in S])
        tk, _ = format_scat(log_scat(renorm_scat(Sk, min_order=1)))
        np.testing.assert_allclose(table[k], tk, rtol=1e-13, atol=0)


def test_reference_input_not_modified():
    S = scat_from_paths("n01_audio")
    before = copy.deepcopy(S)
    log_scat(renorm_scat(S))
    format_scat(S)
    flatten_scat(S)
    average_scat(S, 2 ** 12)
    assert_same_structure(S, before)


# ----------------------------------------------------------------------------------------------
# renorm_scat on orders of different resolutions

@pytest.mark.parametrize("batch", [(), (2,)])
def test_renorm_mixed_resolutions_direct(rng, batch):
    S = mixed_scat(rng, batch)
    before = copy.deepcopy(S)
    x0, (x1a, x1b), x2 = S[0].signal[0], S[1].signal, S[2].signal
    # order 2 (res 1, 32 frames) over order 1 (8 frames): parent interpolated ×4, scaled 2^(2/2)
    out = renorm_scat(S)
    for p, parent in zip(range(3), (x1a, x1a, x1b)):
        up = trig_interp(parent, 32) * 2.0
        expected = x2[p] / (up + EPS * 2.0 ** (1 / 2))
        assert rel_err(out[2].signal[p], expected) < 1e-13
    for a, b in zip(out[1].signal + out[0].signal, S[1].signal + S[0].signal):
        np.testing.assert_array_equal(a, b)
    # min_order 1: order 1 (res 3, 8 frames) over order 0 (16 frames): decimated by 2, × 2^(1/2)
    out1 = renorm_scat(S, 1e-3, 1)
    for p, x in enumerate((x1a, x1b)):
        expected = x / (x0[..., ::2] * 2.0 ** 0.5 + 1e-3 * 2.0 ** (3 / 2))
        assert rel_err(out1[1].signal[p], expected) < 1e-15
    # order 2 is divided by the unnormalised order 1 (orders are processed from the top down)
    top = renorm_scat(S, 1e-3, 2)
    for p in range(3):
        np.testing.assert_array_equal(out1[2].signal[p], top[2].signal[p])
    assert rel_err(out1[2].signal[2], out[2].signal[2]) > 1e-3  # other epsilon
    assert_same_structure(S, before)


def test_renorm_and_average_match_octave_spot_values():
    """A two-order S through GNU Octave 7.3 and the upstream scatutils: S{2} has 4 frames at
    resolution 1, its parent S{1} 2 frames at resolution 2, so renorm_scat interpolates the parent
    (``interpft``, then × 2^(1/2))::

        S{1}.signal = {[2;4]}; S{1}.meta.j = zeros(0,1); S{1}.meta.resolution = 2;
        S{2}.signal = {[1;2;3;4]}; S{2}.meta.j = 0; S{2}.meta.resolution = 1;
        R = renorm_scat(S, 0.25, 1); A = average_scat(S, 4);
    """
    S = ScatResult([layer([np.array([2.0, 4.0])], [], [2]),
                    layer([np.array([1.0, 2.0, 3.0, 4.0])], [[0]], [1])])
    out = renorm_scat(S, 0.25, 1)
    np.testing.assert_allclose(out[1].signal[0], [0.314269680527354, 0.435142634576337,
                                                  0.499134198484622, 0.870285269152674],
                               rtol=1e-14)
    avg = average_scat(S, 4)
    np.testing.assert_allclose(avg[1].signal[0], [1.5, 2.5, 3.5, 4.0], rtol=1e-15)
    np.testing.assert_array_equal(avg[0].signal[0], [2.0, 4.0])
    assert avg[0].meta["resolution"].tolist() == [2] and avg[1].meta["resolution"].tolist() == [1]


# ----------------------------------------------------------------------------------------------
# interpft, hanning_standalone

#: GNU Octave 7.3 ``interpft(x, n)'`` (printed with ``format long``).
OCTAVE_INTERPFT = [
    ([1, 3, 2, 5], 7, [1.0, 1.934574784047996, 3.012543639674358, 1.987238442510235,
                       2.855005920745351, 4.962399464038005, 3.498237748984056]),
    ([1, 3, 2, 5], 8, [1.0, 1.689339828220179, 3.0, 2.396446609406726,
                       2.0, 3.810660171779821, 5.0, 3.103553390593274]),
    ([1, 3, 2, 5, 4], 8, [1.0, 2.431295207332121, 2.914235090730971, 2.033201332430825,
                          3.0, 5.381012229942270, 5.085764909269029, 2.154491230294784]),
    ([1, 3, 2, 5, 4, 7], 4, [1.0, 2.601282525764455, 5.0, 6.065384140902211]),
    ([1, 3, 2, 5, 4, 7], 3, [1.0, 2.0, 4.0]),
    ([1, 3, 2, 5, 4], 3, [1.0, 2.274947865961767, 5.725052134038233]),
]


@pytest.mark.parametrize("x, n, expected", OCTAVE_INTERPFT)
def test_interpft_matches_octave(x, n, expected):
    got = interpft(np.array(x, dtype=float), n)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-14)


@pytest.mark.parametrize("m", [5, 6, 8])
@pytest.mark.parametrize("n", [2, 3, 4, 5, 6, 7, 8, 12, 16, 17])
def test_interpft_equals_trig_polynomial(rng, m, n):
    x = rng.standard_normal((3, m))
    np.testing.assert_allclose(interpft(x, n), trig_interp(x, n), rtol=0, atol=1e-12)
    z = x + 1j * rng.standard_normal((3, m))
    got = interpft(z.T, n, axis=0)
    assert np.iscomplexobj(got) and got.shape == (n, 3)
    np.testing.assert_allclose(got.T, trig_interp(z, n), rtol=0, atol=1e-12)


def test_hanning_standalone():
    np.testing.assert_allclose(hanning_standalone(5), [0.25, 0.75, 1.0, 0.75, 0.25], atol=1e-15)
    np.testing.assert_allclose(hanning_standalone(2), [0.75, 0.75], atol=1e-15)
    assert hanning_standalone(1).tolist() == [1.0]
    for L in (6, 7):
        t = np.arange(1, L + 1)
        np.testing.assert_allclose(hanning_standalone(L), 0.5 * (1 - np.cos(2 * np.pi * t / (L + 1))),
                                   atol=1e-15)


# ----------------------------------------------------------------------------------------------
# average_scat, resample_scat

def average_direct(x, T, step, res, window=hanning_standalone):
    """Direct per-window twin of average_scat.m for one path (time last)."""
    T1, s1 = T // 2 ** res, max(1.0, step / 2 ** res)
    n0 = x.shape[-1]
    xp = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(T1, T1)], mode="symmetric")
    w = window(T1) / np.sum(window(T1))
    out = []
    for k in range(int(np.floor(n0 / s1))):
        first = int(np.floor(k * s1 + 1 - T1 / 2 + 1)) - 1          # 0-based first frame
        out.append(xp[..., T1 + first:T1 + first + T1] @ w)
    return np.stack(out, axis=-1), res + np.log2(s1)


@pytest.mark.parametrize("T, step", [(16, None), (8, 3), (32, 8)])
def test_average_scat_direct(rng, T, step):
    S = mixed_scat(rng)
    before = copy.deepcopy(S)
    out = average_scat(S, T, step)
    for m, ly in enumerate(S):
        for p, x in enumerate(ly.signal):
            res = int(ly.meta["resolution"][p])
            if T < 2 ** res:
                np.testing.assert_array_equal(out[m].signal[p], x)
                assert out[m].meta["resolution"][p] == res
                continue
            expected, new_res = average_direct(x, T, T / 2 if step is None else step, res)
            assert out[m].signal[p].shape == expected.shape
            assert rel_err(out[m].signal[p], expected) < 1e-14
            assert out[m].meta["resolution"][p] == pytest.approx(new_res)
    assert_same_structure(S, before)


def test_average_scat_box_window_and_fractional_resolution(rng):
    S = mixed_scat(rng, batch=())
    out = average_scat(S, 8, 3, window=lambda n: np.ones(n))
    # order 2 at resolution 1: windows of 4 frames every 1.5 frames → mean of 4 frames
    x = S[2].signal[0]
    expected, _ = average_direct(x, 8, 3, 1, window=lambda n: np.ones(n))
    assert rel_err(out[2].signal[0], expected) < 1e-15
    assert out[2].meta["resolution"].dtype == np.float64          # 1 + log2(1.5)
    np.testing.assert_allclose(out[2].meta["resolution"], 1 + np.log2(1.5))
    assert out[1].meta["resolution"].dtype == np.int64            # 3 (step 3 < 2^3: hop 1)


@pytest.mark.parametrize("target", [0, 2, 3])
def test_resample_scat(rng, target):
    S = mixed_scat(rng)
    out = resample_scat(S, target)
    for m, ly in enumerate(S):
        assert np.all(out[m].meta["resolution"] == target)
        for p, x in enumerate(ly.signal):
            r = int(ly.meta["resolution"][p])
            n_new = x.shape[-1] * 2 ** (r - target)
            expected = trig_interp(x, n_new) * 2.0 ** ((target - r) / 2)
            assert out[m].signal[p].shape == x.shape[:-1] + (n_new,)
            assert rel_err(out[m].signal[p], expected) < 1e-12
    # upsampling then decimating back gives the signal again (energy factors cancel)
    back = resample_scat(resample_scat(S, 0), 3)
    np.testing.assert_allclose(back[1].signal[1], S[1].signal[1], rtol=1e-13)
    flat = resample_scat(S[2], 1, preserve_energy=False)             # a layer in, a layer out
    assert isinstance(flat, ScatLayer)
    np.testing.assert_allclose(flat.signal[0], S[2].signal[0], rtol=1e-13)


# ----------------------------------------------------------------------------------------------
# log_scat, scat_energy, scatfun, flatten_scat, format_scat

def test_log_scat_nested_structures(rng):
    S = mixed_scat(rng)
    nested = [S, (S[1], [S[2]])]
    out = log_scat(nested, epsilon=0.01)
    assert isinstance(out, list) and isinstance(out[0], ScatResult) and isinstance(out[1], tuple)
    assert isinstance(out[1][0], ScatLayer) and isinstance(out[1][1], list)
    for ly, got in ((S[1], out[1][0]), (S[2], out[1][1][0]), (S[0], out[0][0])):
        for p, x in enumerate(ly.signal):
            expected = np.log(np.abs(x) + 0.01 * 2.0 ** (ly.meta["resolution"][p] / 2))
            np.testing.assert_allclose(got.signal[p], expected, rtol=1e-15)
    # a layer without resolution uses res = 0; float32 stays float32; complex → log of modulus
    bare = ScatLayer([np.array([-3.0, 0.0], dtype=np.float32), np.array([1j, 2.0])],
                     {"j": np.array([[0, 1]])})
    got = log_scat(bare, 0.5)
    assert got.signal[0].dtype == np.float32
    np.testing.assert_allclose(got.signal[0], np.log([3.5, 0.5]), rtol=1e-6)
    np.testing.assert_allclose(got.signal[1], np.log([1.5, 2.5]), rtol=1e-15)


def test_scat_energy(rng):
    S = mixed_scat(rng)
    energy = scat_energy(S)
    expected = sum(np.sum(x ** 2, axis=-1) for ly in S for x in ly.signal)
    assert energy.shape == (2,)
    np.testing.assert_allclose(energy, expected, rtol=1e-14)
    np.testing.assert_allclose(scat_energy(S, S[1]), expected + scat_energy(S[1]), rtol=1e-14)
    single = ScatResult([ScatLayer([s[0] for s in ly.signal], ly.meta) for ly in S])
    assert isinstance(scat_energy(single), float)
    assert scat_energy(single) == pytest.approx(expected[0], rel=1e-14)


def test_scatfun(rng):
    S = mixed_scat(rng)
    out = scatfun(np.sqrt, S)
    assert isinstance(out, ScatResult)
    np.testing.assert_array_equal(out[2].signal[1], np.sqrt(S[2].signal[1]))
    one = scatfun_layer(lambda x: x[..., :2], S[1])
    assert one.signal[0].shape == (2, 2)
    one.meta["j"][0, 0] = 99
    assert S[1].meta["j"][0, 0] == 0


def test_flatten_scat(rng):
    S = mixed_scat(rng)
    flat = flatten_scat(S)
    assert isinstance(flat, ScatResult) and len(flat) == 1
    meta = flat[0].meta
    np.testing.assert_array_equal(meta["order"], [0, 1, 1, 2, 2, 2])
    np.testing.assert_array_equal(meta["j"], [[-1, 0, 1, 0, 0, 1], [-1, -1, -1, 1, 2, 2]])
    np.testing.assert_array_equal(meta["resolution"], [2, 3, 3, 1, 1, 1])
    assert meta["bandwidth"].shape == (6,)
    assert flat[0].signal[3] is not S[2].signal[0]
    np.testing.assert_array_equal(flat[0].signal[3], S[2].signal[0])
    # flattening twice changes nothing (the existing 'order' is kept)
    again = flatten_scat(flat)[0].meta
    for key in meta:
        np.testing.assert_array_equal(again[key], meta[key])
    # a field only the last order has: −1 in the others, one column per path
    S2 = ScatResult(list(S[:2]) + [S[2].copy(fr_j=np.array([[3, 4, 5]]))])
    np.testing.assert_array_equal(flatten_scat(S2)[0].meta["fr_j"], [[-1, -1, -1, 3, 4, 5]])


def test_format_scat_order_table_raw_and_layouts(rng):
    S = mixed_scat(rng)
    tables, metas = format_scat(S, "order_table")
    assert [t.shape for t in tables] == [(2, 1, 16), (2, 2, 8), (2, 3, 32)]
    np.testing.assert_array_equal(tables[2][1, 0], S[2].signal[0][1])
    mtables, _ = format_scat(S, "order_table", layout="matlab")
    assert [t.shape for t in mtables] == [(1, 16, 2), (2, 8, 2), (3, 32, 2)]
    np.testing.assert_array_equal(mtables[1][1, :, 0], S[1].signal[1][0])
    np.testing.assert_array_equal(metas[2]["j"], S[2].meta["j"])
    assert metas[2]["j"] is not S[2].meta["j"]
    raw, meta = format_scat(S, "raw")
    assert raw is S and meta is None
    # an order without paths gives an empty table and does not block 'table'
    S3 = ScatResult([ScatLayer([np.ones(4)], {"j": np.zeros((0, 1), int), "resolution": [0]}),
                     ScatLayer([], {"j": np.zeros((1, 0), int), "resolution": np.zeros(0, int)})])
    t, _ = format_scat(S3, "order_table")
    assert t[1].shape == (0, 0)
    table, meta = format_scat(S3, layout="matlab")
    assert table.shape == (1, 4) and meta["order"].tolist() == [0]


# ----------------------------------------------------------------------------------------------
# errors

def test_format_scat_mixed_resolution_message(rng):
    with pytest.raises(InputError, match=r"same resolution.*order 0: 16 frames at resolution 2; "
                                         r"order 1: 8 frames at resolution 3.*order_table.*T_to_J"):
        format_scat(mixed_scat(rng))


def test_errors(rng):
    S = mixed_scat(rng)
    with pytest.raises(OptionError, match=r"unknown fmt='tabel'.*'order_table'"):
        format_scat(S, "tabel")
    with pytest.raises(OptionError, match=r"unknown layout='numpy'.*'python'.*'matlab'"):
        format_scat(S, layout="numpy")
    with pytest.raises(InputTypeError, match=r"one ScatLayer.*ScatResult\(\[layer\]\)"):
        format_scat(S[0])
    with pytest.raises(InputTypeError, match=r"must be a ScatResult.*got ndarray"):
        flatten_scat(np.zeros(3))
    ragged = ScatResult([layer([np.ones(4), np.ones(5)], [[0, 1]], [0, 0])])
    with pytest.raises(InputError, match=r"paths of S\[0\] \(MATLAB S\{1\}\) have different shapes"):
        format_scat(ragged, "order_table")
    bad_meta = ScatResult([ScatLayer([np.ones(4), np.ones(4)], {"j": np.zeros((1, 3), int)})])
    with pytest.raises(InputError, match=r"meta\['j'\] has shape \(1, 3\).*2 paths"):
        flatten_scat(bad_meta)
    orphan = ScatResult(list(S[:2]) + [S[2].copy(j=np.array([[0, 0, 7], [1, 2, 2]]))])
    with pytest.raises(InputError, match=r"S\[2\]\.signal\[2\] \(MATLAB S\{3\}\.signal\{3\}\) "
                                         r"with j = \[7, 2\] has 0 parents"):
        renorm_scat(orphan)
    twins = ScatResult([S[0], S[1].copy(j=np.array([[0, 0]])), S[2]])
    with pytest.raises(InputError, match=r"has 2 parents in order 1"):
        renorm_scat(twins)
    odd = ScatResult([layer([np.ones(12)], [], [0]), layer([np.ones(5)], [[0]], [1])])
    with pytest.raises(InputError, match=r"5 frames and its parent .* 12; .* must be an integer"):
        renorm_scat(odd, min_order=1)
    with pytest.raises(OptionError, match=r"min_order=0 must be ≥ 1"):
        renorm_scat(S, min_order=0)
    with pytest.raises(OptionError, match=r"epsilon=-1.0 must be finite and ≥ 0"):
        log_scat(S, -1.0)
    with pytest.raises(OptionTypeError, match=r"epsilon must be a real number.*'1e-6'"):
        renorm_scat(S, "1e-6")
    with pytest.raises(InputTypeError, match=r"log_scat: expected a ScatResult.*got dict"):
        log_scat({"S": S})
    with pytest.raises(InputError, match=r"T=12 is not a multiple of 2\^resolution = 8.*S\[1\]"):
        average_scat(S, 12)
    with pytest.raises(InputError, match=r"window\(1\) returned 3 weights"):
        average_scat(S, 4, window=lambda n: np.ones(3))
    with pytest.raises(OptionError, match=r"step=0.0 must be a finite number of samples > 0"):
        average_scat(S, 4, 0.0)
    with pytest.raises(InputError, match=r"16 frames at resolution 2 would have 0.5 frames at "
                                         r"res=7"):
        resample_scat(S, 7)
    with pytest.raises(OptionTypeError, match=r"res must be an integer"):
        resample_scat(S, 1.5)
    with pytest.raises(OptionError, match=r"n=0 must be ≥ 1"):
        interpft(np.ones(4), 0)
    with pytest.raises(OptionTypeError, match=r"scatfun: fun must be callable"):
        scatfun(3, S)


# ----------------------------------------------------------------------------------------------
# doctests (the namespace package keeps ``pytest --doctest-modules`` from importing these files)

@pytest.mark.parametrize("module", ["post", "layerwise", "_post_common"])
def test_doctests(module):
    mod = importlib.import_module(f"scatnet.scatnet_1d.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0, result
