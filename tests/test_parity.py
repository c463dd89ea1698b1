"""Parity with scattering.m: filters, metas, S, U1 and sc_format, number for number.

Each case × tensor is its own test; a failure names the case, the MATLAB path and the error.
The propagated tensors are checked with every installed FFT backend (``fft_backend`` fixture).
"""
import numpy as np
import pytest

from scatnet import sc_format, sc_propagate, sc_setup

from _reference import PLAIN_CASES, assert_parity, case_opts, case_signal, load_case, to_matlab_layout

META_FIELDS = ("resolution", "bandwidth", "quality_factor", "scale", "log2_resolution")


def _archs(case):
    return sc_setup(case_opts(case))


_RESULTS = {}


def _run(case, fft_backend):
    """Archs, S and U of ``case`` with the FFT backend in use (once per session and backend)."""
    if (case, fft_backend) not in _RESULTS:
        archs = _archs(case)
        S, U = sc_propagate(case_signal(case), archs, return_U=True)
        _RESULTS[case, fft_backend] = (archs, S, U)
    return _RESULTS[case, fft_backend]


def _bank_params():
    for case in PLAIN_CASES:
        for i, b in enumerate(load_case(case)["banks"]):
            yield pytest.param(case, i, id=f"{case}-bank{i + 1}-layer{int(b['layer'])}-{b['variable']}")


def _invariant_params():
    for case in PLAIN_CASES:
        for i, inv in enumerate(load_case(case)["invariants"]):
            yield pytest.param(case, i, id=f"{case}-invariant{i + 1}-{inv['handle']}")


def _tensor_params(field):
    for case in PLAIN_CASES:
        for i, p in enumerate(load_case(case)[field]):
            yield pytest.param(case, i, id=f"{case}-{p['matlab_ref']}")


def _bank(archs, ref):
    layer = archs[int(ref["layer"]) - 1]
    return layer.bank(ref["variable"])


@pytest.mark.parametrize("case, index", list(_bank_params()))
def test_bank_metas(case, index):
    ref = load_case(case)["banks"][index]
    bank = _bank(_archs(case), ref)
    for field in META_FIELDS:
        assert_parity(getattr(bank.metas, field), np.atleast_1d(ref[field]),
                      f"{case} bank {index + 1} metas.{field}")


@pytest.mark.parametrize("case, index", list(_bank_params()))
def test_bank_psi_ft(case, index):
    d = load_case(case)
    ref = d["banks"][index]
    bank = _bank(_archs(case), ref)
    gammas = np.atleast_1d(d["banks_psi_gammas"][index]).astype(int) - 1
    psi = ref["psi_ft"]
    psi = psi.toarray() if hasattr(psi, "toarray") else np.asarray(psi)
    ours = bank.psi_ft()[:, gammas, :].reshape(bank.spec.size, -1, order="F")
    assert_parity(ours, psi.reshape(bank.spec.size, -1, order="F"),
                  f"{case} bank {index + 1} psi_ft (γ {gammas + 1})")


@pytest.mark.parametrize("case, index", list(_bank_params()))
def test_bank_trimming(case, index):
    ref = load_case(case)["banks"][index]
    bank = _bank(_archs(case), ref)
    psis = bank.psis[0]
    n_pos = np.atleast_1d(ref["psi_ft_npos"]).reshape(-1, order="F").astype(int)
    n_neg = np.atleast_1d(ref["psi_ft_nneg"]).reshape(-1, order="F").astype(int)
    np.testing.assert_array_equal(psis.pos_len, n_pos, err_msg=f"{case} bank {index + 1} pos lengths")
    np.testing.assert_array_equal(psis.neg_len, n_neg, err_msg=f"{case} bank {index + 1} neg lengths")
    first = np.atleast_1d(ref["psi_ft_posfirst"]).reshape(-1, order="F")
    last = np.atleast_1d(ref["psi_ft_neglast"]).reshape(-1, order="F")
    np.testing.assert_array_equal(psis.pos_first[n_pos > 0], first[n_pos > 0])
    np.testing.assert_array_equal(psis.neg_last[n_neg > 0], last[n_neg > 0])


@pytest.mark.parametrize("case, index", list(_bank_params()))
def test_bank_phi_ft(case, index):
    ref = load_case(case)["banks"][index]
    bank = _bank(_archs(case), ref)
    assert_parity(bank.phi_ft(), np.asarray(ref["phi_ft"]), f"{case} bank {index + 1} phi_ft")


@pytest.mark.parametrize("case, index", list(_invariant_params()))
def test_invariant_phi_ft(case, index):
    ref = load_case(case)["invariants"][index]
    inv = _archs(case)[int(ref["layer"]) - 1].invariant
    assert inv.spec.invariant_handle == ref["handle"]
    assert_parity(inv.phi_ft(), np.asarray(ref["phi_ft"]), f"{case} invariant {index + 1} phi_ft")


def _tensors(layered):
    return {t.matlab_ref: t for layer in layered for t in layer}


@pytest.mark.parametrize("case, index", list(_tensor_params("S_paths")))
def test_S(case, index, fft_backend):
    ref = load_case(case)["S_paths"][index]
    _, S, _ = _run(case, fft_backend)
    tensors = _tensors(S)
    assert ref["matlab_ref"] in tensors, f"{case}: {ref['matlab_ref']} missing; have {sorted(tensors)}"
    t = tensors[ref["matlab_ref"]]
    batched = len(S.batch_shape) > 0
    assert_parity(to_matlab_layout(t.data, batched), np.asarray(ref["data"], float),
                  f"{case} {ref['matlab_ref']} (cell {t.cell})")
    first, step, last = np.asarray(ref["ranges"], float).reshape(3, -1, order="F")[:, 0]
    assert t.ranges["time"] == (first, step, last), f"{case} {ref['matlab_ref']} time range"


@pytest.mark.parametrize("case, index", list(_tensor_params("U1_paths")))
def test_U1(case, index, fft_backend):
    ref = load_case(case)["U1_paths"][index]
    _, _, U = _run(case, fft_backend)
    t = _tensors(U)[ref["matlab_ref"]]
    assert t.cell["gamma1"] == int(ref["cell_values"])
    assert_parity(to_matlab_layout(t.data, len(U.batch_shape) > 0), np.asarray(ref["data"], float),
                  f"{case} {ref['matlab_ref']} (γ1 = {t.cell['gamma1']})")


@pytest.mark.parametrize("case", PLAIN_CASES)
def test_format(case, fft_backend):
    d = load_case(case)
    assert d["F_ok"] == 1
    _, S, _ = _run(case, fft_backend)
    F, paths = sc_format(S, layout="matlab")
    assert_parity(F, d["F"], f"{case} sc_format")
    n_signals = int(np.prod(S.batch_shape)) if S.batch_shape else 1
    assert F.shape[0] == len(paths) * n_signals
