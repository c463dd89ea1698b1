"""Parity with scattering.m for joint time–frequency (c05) and spiral (c06) scattering."""
import numpy as np
import pytest

from scatnet import get_fft_backend, sc_format, sc_propagate, sc_setup

from _reference import JOINT_CASES, assert_parity, case_opts, case_signal, formatted_from_paths, load_case

_RESULTS = {}


def _run(case):
    """Archs and S of ``case`` (once per session and FFT backend in use)."""
    key = (case, get_fft_backend())
    if key not in _RESULTS:
        archs = sc_setup(case_opts(case))
        _RESULTS[key] = (archs, sc_propagate(case_signal(case), archs))
    return _RESULTS[key]


def _matlab(data):
    """scatnet (reversed non-time axes, time last) → MATLAB (time first, axes in order)."""
    data = np.asarray(data)
    return np.transpose(data, (data.ndim - 1,) + tuple(range(data.ndim - 2, -1, -1)))


def _params(field):
    for case in JOINT_CASES:
        for i, p in enumerate(load_case(case)[field]):
            name = p["matlab_ref"] if field == "S_paths" else f"{p['variable']}-bank"
            yield pytest.param(case, i, id=f"{case}-{name}")


@pytest.mark.parametrize("case, index", list(_params("S_paths")))
def test_S(case, index, fft_backend):
    ref = load_case(case)["S_paths"][index]
    _, S = _run(case)
    tensors = {t.matlab_ref: t for layer in S for t in layer}
    assert ref["matlab_ref"] in tensors, f"{case}: {ref['matlab_ref']} missing"
    t = tensors[ref["matlab_ref"]]
    assert_parity(_matlab(t.data), np.asarray(ref["data"], float),
                  f"{case} {ref['matlab_ref']} (cell {t.cell}, route {t.route})")
    if int(ref["layer"]) == 2:
        counts = [int((last - first + 1) // step) for first, step, last in
                  np.asarray(ref["ranges"], float).reshape(3, -1, order="F").T][1:]
        assert list(t.valid)[::-1] == counts, f"{case} {ref['matlab_ref']}: valid lengths"


@pytest.mark.parametrize("case, index", list(_params("banks")))
def test_bank(case, index):
    d = load_case(case)
    ref = d["banks"][index]
    archs, _ = _run(case)
    bank = archs[int(ref["layer"]) - 1].bank(ref["variable"])
    for field in ("resolution", "bandwidth", "quality_factor", "scale", "log2_resolution"):
        assert_parity(getattr(bank.metas, field), np.atleast_1d(ref[field]), f"{case} metas.{field}")
    psi = ref["psi_ft"]
    psi = psi.toarray() if hasattr(psi, "toarray") else np.asarray(psi)
    assert_parity(bank.psi_ft().reshape(bank.spec.size, -1, order="F"),
                  psi.reshape(bank.spec.size, -1, order="F"), f"{case} {ref['variable']} psi_ft")
    assert_parity(bank.phi_ft(), np.asarray(ref["phi_ft"]), f"{case} {ref['variable']} phi_ft")
    n_filters = [len(p) // bank.n_thetas for p in bank.psis]
    assert n_filters == list(np.atleast_1d(ref["support_nFilters"]).astype(int))


@pytest.mark.parametrize("case", JOINT_CASES)
def test_format(case, fft_backend):
    d = load_case(case)
    _, S = _run(case)
    F, paths = sc_format(S)
    expected = formatted_from_paths(d)
    assert expected.shape == tuple(np.asarray(d["F_shape"]).astype(int))
    assert abs(expected.sum() - float(d["F_sum"])) <= 1e-9 * abs(float(d["F_sum"]))
    assert_parity(F, expected, f"{case} sc_format")
    assert len(paths) == F.shape[0]
