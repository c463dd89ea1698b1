"""ScatNet parity: ``scat`` of every reference case against the original's S, path by path.

Each case runs from the Python form of the MATLAB lines stored with it (``code_m``); n01–n04 are
the shared reference files, n05–n08 our own (``tests/refgen/``): third order, periodic and zero
boundaries, oversampling, ``path_margin``, a short input, multires and full Fourier filters,
linear splines, several signals.
"""
import numpy as np
import pytest

from _reference import PARITY_RTOL, rel_error
from _scatnet_reference import load_scatnet_case, scatnet_signal
from scatnet import default_filter_options, scat, T_to_J, wavelet_factory_1d


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


CASES = {"n01_audio": _n01, "n03_batch": _n03, "n04_gabor_spline": _n04,
         "n05_order3_per": _n05, "n06_oversampled_short": _n06,
         "n07_zero_multires_batch": _n07, "n08_linear_spline_fourier": _n08}

_RESULTS = {}


def scat_case(name):
    """``scat`` of case ``name`` (computed once per session) and the reference dict."""
    if name not in _RESULTS:
        Wop, _ = CASES[name]()
        _RESULTS[name] = scat(scatnet_signal(name), Wop)
    return _RESULTS[name], load_scatnet_case(name)


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
def test_every_path_matches(name):
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
