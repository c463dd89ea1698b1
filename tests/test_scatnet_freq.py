"""ScatNet's frequency scattering (``scat_freq``, ``concatenate_freq``, ``separate_freq``,
``spec_freq_average``): parity with GNU Octave running ScatNet, and properties beyond it.

Reference files (``tests/refgen/refgen_scatnet_freq.m``, driver ``gen_scatnet_freq.m``):

* ``n09_scat_freq``: two signals (N = 8192), ``default_filter_options('audio', 512)``,
  ``X = log_scat(renorm_scat(scat(x, Wop)))`` (``X_table``); ``scat_freq(X, Wfr)`` with
  ``Wfr = wavelet_factory_1d(64, struct('J', 5), struct('M', 1))`` (``Sf_table``, part of
  ``Uf_table``) and with a (64, J = 4, Q = 2, 'per', M = 2, oversampling 0) factory
  (``Sf2_table``, signal 1); the groups of ``concatenate_freq(X)`` and ``concatenate_freq(Sf)``;
  the meta of ``separate_freq(concatenate_freq(Sf))``; a hand-made edge case (``edge_in``:
  λ1 groups of one coefficient and of different frame counts) through a (16, J = 3, M = 1)
  factory, its S and U stored per order as concatenated paths (``Se_data``, ``Se_len``).
* ``n10_spec_freq_average``: ``spec_freq_average`` of two 6000-sample signals (oversampling 1
  and 2) and of one 4096-sample signal with Q = [4 1], T = 256 banks (oversampling 0).

Tables are ``format_scat`` tables (P × T × K); every row (one path) is compared with the spec's
error ``max|a−b| / max|b|`` and every meta field exactly.
"""
import doctest
import functools
import importlib
import pathlib

import numpy as np
import pytest
import scipy.io

from scatnet._errors import InputError, InputTypeError, OptionError, OptionTypeError, ScatnetWarning
from scatnet.scatnet_1d import (
    T_to_J,
    default_filter_options,
    format_scat,
    log_scat,
    renorm_scat,
    scat,
    wavelet_factory_1d,
)
from scatnet.scatnet_1d import freq as freq_module
from scatnet.scatnet_1d.freq import scat_freq
from scatnet.scatnet_1d.freq_tables import FreqGroupedLayer, concatenate_freq, separate_freq
from scatnet.scatnet_1d.layers import ScatLayer, ScatResult
from scatnet.scatnet_1d.spec_freq import spec_freq_average

DATA = pathlib.Path(__file__).parent / "data"

#: Parity tolerance of the spec (relative, per path). Octave 7.3 (FFTW) against pocketfft:
#: measured (worst row) 1.1e-13 (Sf), 2.3e-15 (Uf), 4.8e-15 (Sf2), 5.4e-14 (our X), 8.4e-14 (Sf
#: from our X), 5.7e-15 (spec_freq_average), 5e-16 (edge case).
TOL = 1e-10


@functools.cache
def load(name):
    return scipy.io.loadmat(DATA / f"{name}.mat", simplify_cells=True)


def rel_err(actual, expected):
    """The spec's error ``max|a−b| / max|b|``."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    return float(np.max(np.abs(actual - expected)) / np.max(np.abs(expected)))


def assert_rows_close(actual, expected, meta, what, tol=TOL):
    """Each row of two ``P × T (× K)`` tables within ``tol``; a failure names the row's j and
    fr_j."""
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    errors = np.array([rel_err(a, b) for a, b in zip(actual, expected)])
    p = int(np.argmax(errors))
    where = {k: np.asarray(meta[k])[..., p].tolist() for k in ("j", "fr_j") if k in meta}
    assert errors[p] <= tol, f"{what}: row {p} {where} has relative error {errors[p]:.3g} > {tol:g}"


def assert_meta_equal(actual, expected, what, keys=None):
    """Every field of the reference meta, exactly (1-row fields are stored squeezed)."""
    for key in keys or expected:
        b = np.asarray(expected[key], dtype=float)
        a = np.asarray(actual[key], dtype=float)
        assert a.size == b.size, f"{what}: meta[{key!r}] has {a.size} values, reference {b.size}"
        np.testing.assert_array_equal(a.reshape(b.shape), b, err_msg=f"{what}: meta[{key!r}]")


def layers_from_table(table, meta):
    """A ScatResult from a ``format_scat`` table ``P × T × K`` and its meta (j, bandwidth,
    resolution per order)."""
    order = np.asarray(meta["order"]).astype(int)
    j = np.atleast_2d(np.asarray(meta["j"])).astype(np.int64)
    table = np.asarray(table, dtype=float)
    layers = []
    for m in range(order.max() + 1):
        idx = np.flatnonzero(order == m)
        signals = [np.ascontiguousarray(table[p].T) if table.ndim == 3 else table[p].copy()
                   for p in idx]
        layers.append(ScatLayer(signals, {
            "j": j[:m, idx], "bandwidth": np.asarray(meta["bandwidth"], dtype=float)[idx],
            "resolution": np.asarray(meta["resolution"]).astype(np.int64)[idx]},
            (table.shape[2],) if table.ndim == 3 else ()))
    return ScatResult(layers)


def matlab_table(S):
    """``format_scat(S)`` in MATLAB's P × T × K layout and its meta."""
    return format_scat(S, layout="matlab")


@functools.cache
def reference_X():
    d = load("n09_scat_freq")
    return layers_from_table(d["X_table"], d["X_meta"])


@functools.cache
def freq_operators(which):
    if which == 1:
        return wavelet_factory_1d(64, {"J": 5}, {"M": 1})[0]
    return wavelet_factory_1d(64, {"J": 4, "Q": 2, "boundary": "per"}, {"M": 2, "oversampling": 0})[0]


@functools.cache
def reference_Sf_Uf():
    return scat_freq(reference_X(), freq_operators(1), return_U=True)


def single(S, k):
    """Signal k of a batched scattering, as a one-signal ScatResult."""
    return ScatResult([ScatLayer([s[k] for s in layer.signal], layer.meta, ())
                       for layer in S], getattr(S, "kind", "S"))


# ----------------------------------------------------------------------------------------------
# parity: scat_freq

def test_reference_input_matches_our_time_scattering():
    """The chain that makes X (scat, renorm_scat, log_scat) agrees with the stored X, so the
    frequency tests below start from the same numbers either way."""
    d = load("n09_scat_freq")
    Wop, _ = wavelet_factory_1d(8192, default_filter_options("audio", 512))
    X = log_scat(renorm_scat(scat(np.ascontiguousarray(d["x"].T), Wop)))
    table, meta = matlab_table(X)
    assert_rows_close(table, d["X_table"], meta, "X = log_scat(renorm_scat(S))")
    assert_meta_equal(meta, d["X_meta"], "X", keys=("order", "j", "bandwidth", "resolution"))


def test_scat_freq_S_parity():
    d = load("n09_scat_freq")
    table, meta = matlab_table(reference_Sf_Uf()[0])
    assert_meta_equal(meta, d["Sf_meta"], "Sf")
    assert_rows_close(table, d["Sf_table"], meta, "scat_freq S")


def test_scat_freq_U_parity():
    d = load("n09_scat_freq")
    table, meta = matlab_table(reference_Sf_Uf()[1])
    assert_meta_equal(meta, d["Uf_meta"], "Uf")
    rows = np.asarray(d["Uf_rows"]).astype(int) - 1
    sub = {k: np.asarray(v)[..., rows] for k, v in meta.items()}
    assert_rows_close(table[rows, :, 0], d["Uf_table"], sub, "scat_freq U (signal 1)")


def test_scat_freq_order2_along_frequency_parity():
    """M = 2 along λ1 (fr_j has two rows, −1 padded), periodic boundary, no oversampling."""
    d = load("n09_scat_freq")
    table, meta = matlab_table(scat_freq(single(reference_X(), 0), freq_operators(2)))
    assert_meta_equal(meta, d["Sf2_meta"], "Sf2")
    assert meta["fr_j"].shape == (2, table.shape[0])
    assert_rows_close(table, d["Sf2_table"], meta, "scat_freq S, M_fr = 2")


def test_scat_freq_from_signal_parity():
    """End to end: our X (not the stored one) through scat_freq, against Octave."""
    d = load("n09_scat_freq")
    Wop, _ = wavelet_factory_1d(8192, default_filter_options("audio", 512))
    X = log_scat(renorm_scat(scat(np.ascontiguousarray(d["x"].T), Wop)))
    table, meta = matlab_table(scat_freq(X, freq_operators(1)))
    assert_rows_close(table, d["Sf_table"], meta, "scat_freq S from x")


def edge_layers(v):
    """``edge_layers.m`` of the reference generator: a scattering cut from 70 samples."""
    def meta(j):
        j = np.array(j, dtype=np.int64).reshape(len(j), -1) if j else np.zeros((0, 1), np.int64)
        return {"j": j, "bandwidth": np.ones(j.shape[1]),
                "resolution": np.zeros(j.shape[1], np.int64)}

    return ScatResult([ScatLayer([v[:8]], meta([])),
                       ScatLayer([v[8 + 8 * p:16 + 8 * p] for p in range(5)], meta([[0, 1, 2, 3, 4]])),
                       ScatLayer([v[48:56], v[56:60], v[60:64], v[64:68]],
                                 meta([[0, 0, 1, 2], [3, 4, 4, 4]]))])


@pytest.mark.parametrize("kind", ["S", "U"])
def test_scat_freq_edge_case_parity(kind):
    """Groups of a single λ1 and groups with different numbers of frames."""
    d = load("n09_scat_freq")
    E = edge_layers(np.asarray(d["edge_in"], dtype=float))
    Sf, Uf = scat_freq(E, wavelet_factory_1d(16, {"J": 3}, {"M": 1})[0], return_U=True)
    for m, layer in enumerate(Sf if kind == "S" else Uf):
        lens = np.atleast_1d(d[f"{kind}e_len"][m]).astype(int)
        assert [s.shape[-1] for s in layer.signal] == lens.tolist(), f"{kind}[{m}] lengths"
        assert_meta_equal(layer.meta, d[f"{kind}e_meta"][m], f"{kind}e[{m}]")
        expected = np.split(np.asarray(d[f"{kind}e_data"][m], dtype=float), np.cumsum(lens)[:-1])
        layer_max = max(np.abs(b).max() for b in expected)
        for p, (a, b) in enumerate(zip(layer.signal, expected)):
            # |ψ ⋆ constant| of a one-λ1 group is 0 in both: measure it against the layer
            err = np.abs(a - b).max() / (np.abs(b).max() or layer_max)
            assert err <= TOL, f"{kind}e[{m}] path {p}: {err:.3g}"


# ----------------------------------------------------------------------------------------------
# parity: concatenate_freq / separate_freq

def test_concatenate_freq_groups_parity():
    d = load("n09_scat_freq")
    X = reference_X()
    Y = concatenate_freq(X)
    assert all(isinstance(y, FreqGroupedLayer) for y in Y)
    for m, (y, sizes, ref) in enumerate(zip(Y, d["Y_sizes"], d["Y_meta"])):
        assert list(y.sizes) == np.atleast_1d(sizes).astype(int).tolist(), f"order {m}"
        assert_meta_equal(y.meta, ref, f"Y[{m}]", keys=("j", "bandwidth", "resolution"))
    # group 2 of order 2: P × T × K in MATLAB, (K, P, T) here
    np.testing.assert_array_equal(np.moveaxis(Y[2].signal[1], 0, -1), d["Y_table_3_2"])


def test_concatenate_freq_groups_by_fr_j_parity():
    d = load("n09_scat_freq")
    Yf = concatenate_freq(reference_Sf_Uf()[0])
    for m, (y, sizes, ref) in enumerate(zip(Yf, d["Yf_sizes"], d["Yf_meta"])):
        assert list(y.sizes) == np.atleast_1d(sizes).astype(int).tolist(), f"order {m}"
        assert_meta_equal(y.meta, ref, f"Yf[{m}]")


def test_separate_freq_order_parity():
    """separate_freq sorts by j only (stably): the order of Octave's separate_freq(Yf)."""
    d = load("n09_scat_freq")
    Sf = reference_Sf_Uf()[0]
    Z = separate_freq(concatenate_freq(Sf))
    assert_meta_equal(Z[2].meta, d["Zf_meta"], "separate_freq(concatenate_freq(Sf))[2]")
    # the paths moved with their meta: find each by (j, fr_j) in Sf
    key = lambda meta, p: (tuple(meta["j"][:, p]), tuple(meta["fr_j"][:, p]))
    where = {key(Sf[2].meta, p): p for p in range(len(Sf[2].signal))}
    for p, sig in enumerate(Z[2].signal):
        np.testing.assert_array_equal(sig, Sf[2].signal[where[key(Z[2].meta, p)]])


@pytest.mark.parametrize("fmt", ["table", "cell"])
def test_round_trip(fmt):
    d = load("n09_scat_freq")
    assert d["roundtrip_equal"] == 1  # Octave: isequal(separate_freq(concatenate_freq(X)), X)
    X = reference_X()
    for S in (X, single(X, 1)):
        Z = separate_freq(concatenate_freq(S, fmt))
        assert isinstance(Z, ScatResult) and len(Z) == len(S)
        for m, (z, x) in enumerate(zip(Z, S)):
            assert z.batch_shape == x.batch_shape
            assert len(z.signal) == len(x.signal)
            for a, b in zip(z.signal, x.signal):
                np.testing.assert_array_equal(a, b)
            assert set(z.meta) == set(x.meta)
            for k in x.meta:
                np.testing.assert_array_equal(z.meta[k], x.meta[k], err_msg=f"order {m} {k}")
    # one layer in, one layer out
    layer = separate_freq(concatenate_freq(X[2], fmt))
    assert isinstance(layer, ScatLayer)
    np.testing.assert_array_equal(layer.meta["j"], X[2].meta["j"])


def test_concatenate_freq_cell_format_and_copies():
    X = reference_X()
    Yt, Yc = concatenate_freq(X[2]), concatenate_freq(X[2], "cell")
    assert Yc.fmt == "cell" and Yt.sizes == Yc.sizes
    for table, cell in zip(Yt.signal, Yc.signal):
        np.testing.assert_array_equal(table, np.stack(cell, axis=-2))
    Yt.signal[0][...] = 0  # the tables are new arrays: X is untouched
    assert np.any(X[2].signal[0] != 0)


# ----------------------------------------------------------------------------------------------
# properties of scat_freq

def test_scat_freq_batch_equals_single():
    X = reference_X()
    Sf = reference_Sf_Uf()[0]
    for k in range(2):
        Sk = scat_freq(single(X, k), freq_operators(1))
        for m, (a, b) in enumerate(zip(Sk, Sf)):
            assert a.batch_shape == () and b.batch_shape == (2,)
            for p, (sa, sb) in enumerate(zip(a.signal, b.signal)):
                np.testing.assert_allclose(sa, sb[k], rtol=0, atol=1e-14 * np.abs(sb[k]).max(),
                                           err_msg=f"signal {k}, order {m}, path {p}")


def test_scat_freq_one_group_equals_scat_along_lambda1():
    """A twin: one λ1 group scattered by hand (one scat call on the transposed table)."""
    X = reference_X()
    Wfr = freq_operators(1)
    Sf = scat_freq(X[:2], Wfr)
    table = np.stack(X[1].signal, axis=-1)            # (K, T, P)
    with pytest.warns(ScatnetWarning, match="64 signals of 44 samples"):
        S_fr = scat(table.reshape(-1, table.shape[-1]), Wfr)
    expected = [sig.reshape(table.shape[:2] + (-1,)) for layer in S_fr for sig in layer.signal]
    got = iter(Sf[1].signal)
    for e in expected:                                 # fr order, fr path, then kept λ1
        for lam in range(e.shape[-1]):
            np.testing.assert_array_equal(next(got), e[..., lam])
    assert next(got, None) is None


def test_scat_freq_one_scat_call_per_group_length(monkeypatch):
    calls = []

    def counting_scat(x, Wop, **kwargs):
        calls.append(np.shape(x))
        return scat(x, Wop, **kwargs)

    monkeypatch.setattr(freq_module, "scat", counting_scat)
    X = reference_X()
    scat_freq(X, freq_operators(1))
    sizes = [y.sizes for y in concatenate_freq(X)[1:]]
    assert sizes == [(44,), (7, 15, 23, 31, 44)]
    # one call per distinct λ1 length over all orders; the two 44-long tables share theirs
    assert sorted(c[1] for c in calls) == [7, 15, 23, 31, 44]
    assert sorted(c[0] for c in calls) == [64, 64, 64, 64, 128]  # K·T rows per table


def test_scat_freq_empty_order_and_order_zero_meta():
    X = reference_X()
    empty = ScatLayer([], {"j": np.zeros((2, 0), np.int64), "bandwidth": np.zeros(0),
                           "resolution": np.zeros(0, np.int64)}, (2,))
    Sf = scat_freq(ScatResult([X[0], X[1], empty]), freq_operators(1))
    assert len(Sf[2].signal) == 0 and Sf[2].meta["fr_j"].shape == (1, 0)
    assert Sf[2].meta["j"].shape == (2, 0)
    m0 = Sf[0].meta
    assert m0["fr_j"].tolist() == [[-1]] and m0["fr_order"].tolist() == [0]
    assert m0["fr_resolution"].tolist() == [0] and m0["fr_bandwidth"][0] == pytest.approx(2 * np.pi)
    np.testing.assert_array_equal(Sf[0].signal[0], X[0].signal[0])


# ----------------------------------------------------------------------------------------------
# parity: spec_freq_average

@functools.cache
def spec_banks(which):
    if which == 3:
        fo = default_filter_options("audio", 256)
        fo["Q"] = [4, 1]
        fo["J"] = T_to_J(256, fo)
        return wavelet_factory_1d(4096, fo)[1]
    return wavelet_factory_1d(8192, default_filter_options("audio", 512))[1]


@pytest.mark.parametrize("name, options", [("spec", None), ("spec2", {"oversampling": 2}),
                                           ("spec3", {"oversampling": 0})])
def test_spec_freq_average_parity(name, options):
    d = load("n10_spec_freq_average")
    x = np.ascontiguousarray(d["x"].T)
    if name == "spec3":
        spec = spec_freq_average(x[0, :4096], spec_banks(3), options)
        table = np.stack(spec[1].signal)                                  # P × T
    else:
        spec = spec_freq_average(x, spec_banks(1), options)
        table = np.moveaxis(np.stack(spec[1].signal), 1, 2)               # P × T × K
    assert len(spec) == 2 and len(spec[0].signal) == 0
    assert_meta_equal(spec[1].meta, d[f"{name}_meta"], name)
    np.testing.assert_array_equal(spec[1].meta["j"][0], spec[1].meta["scale"])
    assert_rows_close(table, d[f"{name}_table"], {"j": spec[1].meta["j"]}, name)


def test_spec_freq_average_batch_equals_single_and_feeds_scat_freq():
    d = load("n10_spec_freq_average")
    x = np.ascontiguousarray(d["x"].T)
    batch = spec_freq_average(x, spec_banks(1))
    for k in range(2):
        one = spec_freq_average(x[k], spec_banks(1))
        for a, b in zip(one[1].signal, batch[1].signal):
            np.testing.assert_allclose(a, b[k], rtol=0, atol=1e-14 * np.abs(b[k]).max())
    table, meta = format_scat(batch)
    assert table.shape == (2, 44, 23) and meta["order"].tolist() == [1] * 44
    Sf = scat_freq(batch, freq_operators(1))
    assert len(Sf[0].signal) == 0 and len(Sf[1].signal) == 3 + 5 * 3


# ----------------------------------------------------------------------------------------------
# errors

def test_scat_freq_errors():
    X = reference_X()
    Wfr = freq_operators(1)
    with pytest.raises(InputTypeError, match="Wop must be the operators along λ1"):
        scat_freq(X, spec_banks(1))
    with pytest.raises(InputTypeError, match="S must be a ScatResult"):
        scat_freq(np.zeros(4), Wfr)
    no_bw = ScatResult([X[0], ScatLayer(X[1].signal, {"j": X[1].meta["j"],
                                                      "resolution": X[1].meta["resolution"]},
                                        (2,))])
    with pytest.raises(InputError, match=r"S\[1\] \(MATLAB S\{2\}\) has no meta\['bandwidth'\]"):
        scat_freq(no_bw, Wfr)
    Sf = reference_Sf_Uf()[0]
    with pytest.raises(InputError, match="already scattered along frequency"):
        scat_freq(Sf, Wfr)
    small, _ = wavelet_factory_1d(16, {"J": 3}, {"M": 1})
    with pytest.raises(InputError, match=r"P=44 coefficients but Wop pads .* N_fr >= 44"):
        scat_freq(X, small)
    mid, _ = wavelet_factory_1d(32, {"J": 4}, {"M": 1})
    with pytest.warns(ScatnetWarning, match=r"P=44 coefficients, more than the N=32"):
        scat_freq(X[:2], mid)


def test_concatenate_separate_errors():
    X = reference_X()
    with pytest.raises(OptionError, match="unknown fmt='tables'"):
        concatenate_freq(X, "tables")
    with pytest.raises(InputTypeError, match="X must be a ScatLayer"):
        concatenate_freq({"signal": []})
    ragged = ScatLayer([np.zeros(4), np.zeros(5)], {"j": np.array([[0, 1]])})
    with pytest.raises(InputError, match="differ in shape .* use fmt='cell'"):
        concatenate_freq(ragged)
    assert concatenate_freq(ragged, "cell").sizes == (2,)
    with pytest.raises(InputError, match=r"has no meta\['j'\]"):
        concatenate_freq(ScatLayer([np.zeros(4)], {"bandwidth": np.ones(1)}))
    with pytest.raises(InputTypeError, match=r"Y\[0\] must be a FreqGroupedLayer.* got ScatLayer"):
        separate_freq(X)
    with pytest.raises(InputTypeError, match="FreqGroupedLayer or a list of them"):
        separate_freq(X[1])
    Y = concatenate_freq(X[1])
    Y.meta["bandwidth"] = Y.meta["bandwidth"][:-1]
    with pytest.raises(InputError, match=r"meta\['bandwidth'\] has shape \(43,\) but the groups "
                                         r"hold 44 paths"):
        separate_freq(Y)


def test_spec_freq_average_errors():
    x = np.zeros(8192)
    banks = spec_banks(1)
    with pytest.raises(OptionError, match="unknown field 'oversampl'. Did you mean 'oversampling'"):
        spec_freq_average(x, banks, {"oversampl": 1})
    with pytest.raises(OptionError, match=r"options\['oversampling'\]=-1 must be ≥ 0"):
        spec_freq_average(x, banks, {"oversampling": -1})
    with pytest.raises(OptionTypeError, match=r"options\['oversampling'\] must be an integer"):
        spec_freq_average(x, banks, {"oversampling": 1.5})
    with pytest.raises(InputTypeError, match="filters must be the filter banks"):
        spec_freq_average(x, banks[0])
    with pytest.raises(InputError, match=r"n=700 samples .* n >= 1024"):
        spec_freq_average(np.ones(700), banks)
    _, short_banks = wavelet_factory_1d(512, default_filter_options("audio", 512))
    with pytest.raises(OptionError, match=r"4·N1 = 2048 .* size_filter=1024"):
        spec_freq_average(np.ones(512), short_banks)


@pytest.mark.parametrize("module", ["freq", "freq_tables", "spec_freq"])
def test_doctests(module):
    mod = importlib.import_module(f"scatnet.scatnet_1d.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
