"""ScatNet parity: ``scat`` of every reference case against the original's S, path by path.

Each case runs from the Python form of the MATLAB lines stored with it (``code_m``); n01–n04 are
the shared reference files, n05–n08 our own (``tests/refgen/``): third order, periodic and zero
boundaries, oversampling, ``path_margin``, a short input, multires and full Fourier filters,
linear splines, a non-power-of-two filter length, several signals.
"""
import numpy as np
import pytest

from scatnet import (
    OptionError,
    T_to_J,
    default_filter_options,
    format_scat,
    get_fft_backend,
    log_scat,
    renorm_scat,
    scat,
    wavelet_factory_1d,
)

from _reference import PARITY_RTOL, rel_error
from _scatnet_reference import load_scatnet_case, scatnet_signal


def _n01():
    return wavelet_factory_1d(65536, default_filter_options("audio", 4096))


def _n03():
    filt_opt = default_filter_options("audio", 512)
    filt_opt["Q"] = [16, 2]
    filt_opt["J"] = T_to_J(512, filt_opt)
    return wavelet_factory_1d(8192, filt_opt, {"M": 2})


def _n04():
    filt_opt = {"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1]}
    filt_opt["J"] = T_to_J(1024, filt_opt)
    return wavelet_factory_1d(8192, filt_opt)


def _n05():
    filt_opt = default_filter_options("dyadic", 256)
    filt_opt["boundary"] = "per"
    return wavelet_factory_1d(4096, filt_opt, {"M": 3})


def _n06():
    filt_opt = default_filter_options("audio", 1024)
    filt_opt["Q"] = [4, 2]
    filt_opt["J"] = T_to_J(1024, filt_opt)
    return wavelet_factory_1d(4096, filt_opt, {"oversampling": 2, "path_margin": 1})


def _n07():
    filt_opt = default_filter_options("audio", 256)
    filt_opt["Q"] = [8, 2]
    filt_opt["J"] = T_to_J(256, filt_opt)
    filt_opt["boundary"] = "zero"
    filt_opt["filter_format"] = "fourier_multires"
    return wavelet_factory_1d(2048, filt_opt)


def _n08():
    return wavelet_factory_1d(2048, {"filter_type": "spline_1d", "spline_order": 1, "J": 7,
                                     "filter_format": "fourier"})


def _n11():
    return wavelet_factory_1d(3000, {"filter_type": "spline_1d", "J": 3})


CASES = {"n11_spline_nonpow2": _n11, "n01_audio": _n01, "n03_batch": _n03, "n04_gabor_spline": _n04,
         "n05_order3_per": _n05, "n06_oversampled_short": _n06,
         "n07_zero_multires_batch": _n07, "n08_linear_spline_fourier": _n08}

_RESULTS = {}


def scat_case(name):
    """``scat`` of case ``name`` (once per session and FFT backend in use) and the reference dict."""
    key = (name, get_fft_backend())
    if key not in _RESULTS:
        Wop, _ = CASES[name]()
        _RESULTS[key] = scat(scatnet_signal(name), Wop)
    return _RESULTS[key], load_scatnet_case(name)


def _ref_paths(d):
    return [(int(p["layer"]), int(p["path_index"]), p) for p in d["S_paths"]]


@pytest.mark.parametrize("name", CASES)
def test_paths_and_meta(name):
    S, d = scat_case(name)
    refs = _ref_paths(d)
    assert sum(len(layer) for layer in S) == len(refs), "number of paths"
    for m, p, ref in refs:
        meta = S[m].meta
        j = np.atleast_1d(ref["j"]).astype(int) if m else np.zeros(0, int)
        np.testing.assert_array_equal(meta["j"][:, p - 1], j, err_msg=f"{name} S{{{m + 1}}} path {p} j")
        assert meta["resolution"][p - 1] == ref["resolution"], f"{name} S{{{m + 1}}} path {p}"
        assert abs(meta["bandwidth"][p - 1] - ref["bandwidth"]) <= 1e-12 * ref["bandwidth"]


@pytest.mark.parametrize("name", CASES)
def test_every_path_matches(name, fft_backend):
    S, d = scat_case(name)
    worst = (0.0, None)
    for m, p, ref in _ref_paths(d):
        ours = S[m].signal[p - 1]
        want = np.asarray(ref["data"], dtype=float)
        want = want.T if want.ndim == 2 else want  # T × K → (K, T)
        assert ours.shape == want.shape, f"{name} S{{{m + 1}}}.signal{{{p}}}: shape"
        err = rel_error(ours, want) if np.abs(want).max() > 0 else np.abs(ours).max()
        worst = max(worst, (err, f"S{{{m + 1}}}.signal{{{p}}}"), key=lambda e: e[0])
    assert worst[0] <= PARITY_RTOL, f"{name}: worst path {worst[1]} error {worst[0]:.2e}"


@pytest.mark.parametrize("name", ["n01_audio", "n03_batch", "n04_gabor_spline"])
def test_table_matches(name, fft_backend):
    """``format_scat(S)`` of our S against the original's ``S_table`` (layout='matlab')."""
    S, d = scat_case(name)
    table, meta = format_scat(S, layout="matlab")
    ref = np.asarray(d["S_table"], dtype=float)
    assert table.shape == ref.shape
    rows = table.reshape(table.shape[0], -1), ref.reshape(ref.shape[0], -1)
    err = max(rel_error(a, b) for a, b in zip(*rows))
    assert err <= PARITY_RTOL, f"{name}: S_table error {err:.2e}"
    np.testing.assert_array_equal(meta["resolution"], d["S_table_meta"]["resolution"])


def _row_errors(ours, ref):
    return np.max(np.abs(ours - ref), axis=1) / np.max(np.abs(ref), axis=1)


def test_renorm_and_log_of_our_S_match_n02(fft_backend):
    """n02: ``format_scat(renorm_scat(S))`` and ``format_scat(log_scat(renorm_scat(S)))``.

    renorm is checked per row at the parity tolerance. The log is checked where it is
    well-conditioned: ``d log(R + ε′) = dR/(R + ε′)`` with ``ε′ = 2**-20·2**(res/2)`` (4.3e-5
    here), so the 1e-16 FFT rounding of S that renorm turns into ~1e-11 of a row's maximum
    becomes ~4e-7 in log units on rows whose values reach down to ε′ — whatever FFT computed
    them (Octave's FFTW or our pocketfft). The log is therefore compared through ``exp``, i.e.
    as ``R + ε′``, at the parity tolerance, and directly to 1e-6 in log units.
    """
    S, _ = scat_case("n01_audio")
    d = load_scatnet_case("n02_renorm_log")
    renorm, _ = format_scat(renorm_scat(S))
    assert _row_errors(renorm, d["S_renorm_table"]).max() <= PARITY_RTOL
    logged, _ = format_scat(log_scat(renorm_scat(S)))
    ref = np.asarray(d["S_logrenorm_table"])
    assert _row_errors(np.exp(logged), np.exp(ref)).max() <= PARITY_RTOL
    assert np.abs(logged - ref).max() <= 1e-6


def test_mixed_bank_lengths_are_refused_before_any_signal():
    with pytest.raises(OptionError, match=r"different lengths size_filter=\[8192, 6000\]"):
        wavelet_factory_1d(3000, {"filter_type": ["morlet_1d", "spline_1d"], "Q": [8, 1],
                                  "J": [40, 3]})
