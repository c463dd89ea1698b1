"""Custom banks and invariants (spec §1.2.9): parity with scattering.m and the refusals.

References c12–c14 (``tests/refgen/gen_scm_custom.m``) are research set-ups scaled down to 8192
samples: tsp19/jasmp20 (time-summed invariants), physiol19 (three layers blurred by invariants
with their own T) and icassp/ismir ``setup_scattering`` (max-pooled in time, explicit last
layer summed over γ1).
"""
import numpy as np
import pytest
import scipy.io

from scatnet import sc_propagate, sc_setup
from scatnet._errors import IgnoredOptionWarning, OptionError

from _reference import DATA, assert_parity

T_PSI, T_PHI = 2048, 256
OPTS = {
    "c12_custom_summed": [
        {"banks": {"time": {"nFilters_per_octave": 8, "size": 8192, "T": 8192,
                            "is_chunked": False, "gamma_bounds": [8, 55],
                            "wavelet_handle": "morlet_1d"}},
         "invariants": {"time": {"invariance": "summed"}}},
        {"banks": {"time": {"nFilters_per_octave": 1, "wavelet_handle": "morlet_1d"}},
         "invariants": {"time": {"invariance": "summed"}}},
    ],
    "c13_custom_blurred3": [
        {"banks": {"time": {"T": T_PSI, "max_Q": 1, "max_scale": np.inf, "size": 4 * T_PSI,
                            "is_chunked": False}},
         "invariants": {"time": {"invariance": "blurred", "size": 4 * T_PSI, "T": T_PHI}}},
    ] + [
        {"banks": {"time": {"max_Q": 1, "size": 4 * T_PSI, "T": T_PSI}},
         "invariants": {"time": {"invariance": "blurred", "T": T_PHI, "size": 4 * T_PSI}}}
        for _ in range(2)
    ],
    "c14_custom_maxpooled": [
        {"time": {"T": 256, "size": 8192, "max_Q": 8, "gamma_bounds": [1, 48],
                  "wavelet_handle": "gammatone_1d", "is_chunked": False}},
        {"banks": {"time": {"wavelet_handle": "gammatone_1d", "sibling_mask_factor": 2,
                            "U_log2_oversampling": 2}},
         "invariants": {"time": {"invariance": "maxpooled"}}},
        {"invariants": {"time": {"invariance": "maxpooled", "subscripts": 1},
                        "gamma": {"invariance": "summed", "subscripts": 2}}},
    ],
}
CASES = tuple(OPTS)


def _load(case):
    d = scipy.io.loadmat(DATA / f"{case}.mat", simplify_cells=True)
    return d


_RESULTS = {}


def _run(case):
    if case not in _RESULTS:
        d = _load(case)
        _RESULTS[case] = sc_propagate(np.asarray(d["x"], float), sc_setup(OPTS[case]))
    return _RESULTS[case]


def _ours(S, p):
    """The scatnet values of reference entry ``p`` in MATLAB's layout (time × γ1)."""
    m = int(p["layer"])
    cells = np.atleast_1d(np.asarray(p["cell_values"], dtype=float)).astype(int)
    if m == 0:
        return S[0][0].data
    if m == 1:
        t = S[1][0]
        if cells.size:  # one cell per γ1
            rows = [i for i, q in enumerate(t.paths) if q[0] == cells[0]]
            return t.data[rows].T
        return t.data.T
    names = [f"gamma{m - i}" for i in range(cells.size)]  # outermost first: γm … γ2
    return S[m].tensor(**dict(zip(names, cells.tolist()))).data.T


def _params():
    for case in CASES:
        for i, p in enumerate(_load(case)["S_paths"]):
            yield pytest.param(case, i, id=f"{case}-{p['matlab_ref']}")


@pytest.mark.parametrize("case,i", list(_params()))
def test_custom_path_parity(case, i):
    p = _load(case)["S_paths"][i]
    ref = np.asarray(p["data"], float)
    ours = np.asarray(_ours(_run(case), p))
    assert ours.size == ref.size, f"{case} {p['matlab_ref']}: {ours.shape} vs {ref.shape}"
    assert_parity(ours.reshape(ref.shape), ref, f"{case} {p['matlab_ref']}")


@pytest.mark.parametrize("case", CASES)
def test_custom_path_counts(case):
    """Every S tensor of the original has its values in scatnet, and no path is left over."""
    S = _run(case)
    d = _load(case)
    n_ref = sum(np.asarray(p["data"]).size for p in d["S_paths"])
    n_ours = sum(t.data.size for layer in S for t in layer)
    assert n_ours == n_ref


def test_summed_S0_is_sum_of_signal():
    S = _run("c12_custom_summed")
    x = np.asarray(_load("c12_custom_summed")["x"], float)
    assert S[0][0].data.shape == (1,)
    assert np.isclose(S[0][0].data[0], x.sum(), rtol=1e-12)


def test_blurred_S0_uses_bank_lowpass():
    """Custom first layer, blurred: S0 has the bank's hop (T_psi/2), S1 the invariant's."""
    S = _run("c13_custom_blurred3")
    assert S[0][0].data.shape == (8192 // (T_PSI // 2),)
    assert S[1][0].data.shape[-1] == 8192 // (T_PHI // 2)


def test_gamma_summed_paths_have_gamma1_zero():
    S = _run("c14_custom_maxpooled")
    assert all(t.data.shape == (1, 1) for t in S[2])
    assert set(S[2].paths["gamma1"]) == {0}


def test_default_path_unchanged_by_custom_code():
    """The same first-order options through both paths: blurred S agree where they should."""
    t = {"size": 4096, "T": 256, "max_Q": 4, "is_chunked": False}
    x = np.cos(np.arange(4096) / 5.0)
    S_default = sc_propagate(x, sc_setup([{"time": dict(t)}, {"time": {}}]))
    S_custom = sc_propagate(x, sc_setup([
        {"banks": {"time": dict(t)},
         "invariants": {"time": {"invariance": "blurred", "T": 256, "size": 4096}}},
        {"banks": {"time": {}}, "invariants": {"time": {}}}]))
    for m in range(3):
        for a, b in zip(S_default[m], S_custom[m]):
            np.testing.assert_allclose(b.data, a.data, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("opts,match", [
    ([{"banks": {"time": {"size": 1024}}}], "no 'invariants'"),
    ([{"banks": {"time": {"size": 1024, "is_chunked": False}, "is_chunked": False},
       "invariants": {"time": {"invariance": "summed"}}}], "banks'\\]\\['time"),
    ([{"banks": {"time": {"size": 1024, "is_chunked": False}},
       "invariants": {"time": {"invariance": "sumed"}}}], "summed"),
    ([{"banks": {"time": {"size": 1024, "is_chunked": False}},
       "invariants": {"time": {"invariance": "blurred"}}}], "its own T"),
    ([{"banks": {"time": {"size": 1024, "is_chunked": False}},
       "invariants": {"time": {"invariance": "bypassed"}}}], "return_U=True"),
    ([{"banks": {"time": {"size": 1024}},
       "invariants": {"time": {"invariance": "summed"}}}], "is_chunked"),
    ([{"banks": {"time": {"size": 1024, "is_chunked": False}},
       "invariants": {"time": {"invariance": "summed"}}},
      {"banks": {"time": {}, "gamma": {}}, "invariants": {"time": {"invariance": "summed"}}}],
     "joint or spiral"),
    ([{"time": {"size": 1024, "is_chunked": False}},
      {"invariants": {"time": {"invariance": "summed"}, "gamma": {}}}], "blurring S along"),
    ([{"time": {"size": 1024, "is_chunked": False}},
      {"time": {}, "banks": {"time": {}}, "invariants": {"time": {}}}], "ignores"),
    ([{"time": {"size": 1024, "is_chunked": False}},
      {"invariants": {"time": {"invariance": "summed"}}}, {"time": {}}], "only the last"),
    ([{"banks": {"time": {"size": 1024}}, "invariants": {"time": {"invariantce": "summed"}}}],
     "invariance"),
])
def test_custom_path_refusals(opts, match):
    with pytest.raises(OptionError, match=match):
        sc_setup(opts)


def test_unused_subscripts_warn():
    with pytest.warns(IgnoredOptionWarning, match="not used"):
        sc_setup([{"time": {"size": 1024, "is_chunked": False}},
                  {"invariants": {"time": {"invariance": "summed", "subscripts": 3}}}])


@pytest.mark.parametrize("case", CASES)
def test_batch_workers_rebuild_the_same_architecture(case):
    """Batch workers rebuild architectures from the resolved options alone (``archs_for``)."""
    from scatnet.batch import work
    archs = sc_setup(OPTS[case])
    rebuilt = work.archs_for(archs.plan)
    assert [a.invariant_spec for a in rebuilt] == [a.invariant_spec for a in archs]
    x = np.asarray(_load(case)["x"], float)
    for a, b in zip(sc_propagate(x, rebuilt), sc_propagate(x, archs)):
        for ta, tb in zip(a, b):
            np.testing.assert_array_equal(ta.data, tb.data)
