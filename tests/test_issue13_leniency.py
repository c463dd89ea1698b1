"""Issue 13, "accept what the original accepts": option values scattering.m takes without error.

* ``U_log2_oversampling = Inf`` (the original's ``min(lr + Inf, cap)``: never subsample) and
  ``S_log2_oversampling = Inf`` (S at full rate);
* ``subscripts`` equal to the value ``setup_plans.m`` computes (1 for time, 2 for gamma, 3 for j);
* ``phi``, which the original never reads: ignored with an ``IgnoredOptionWarning``;
* ``gamma_bounds(1) = 0`` (or less): clamped to 1, as the original's ``max(gamma_bounds(1), 1)``;
* a first-layer ``size`` that is not a power of two: padded to the next one (one warning), the
  results for the real length.
"""
import math
import warnings

import numpy as np
import pytest

from scatnet import (
    EnforcedOptionWarning,
    IgnoredOptionWarning,
    ScatnetWarning,
    default_auditory,
    sc_format,
    sc_propagate,
    sc_setup,
)
from scatnet.matlab import opts_from_matlab

N = 4096
BASE = {"size": N, "T": 256, "max_Q": 4, "is_chunked": False}


def _x(n=N):
    return np.random.default_rng(13).standard_normal(n)


def _setup(opts):
    """sc_setup with no warning at all."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return sc_setup(opts)


def _assert_same(a, b):
    assert len(a) == len(b)
    for la, lb in zip(a, b):
        assert len(la) == len(lb)
        for ta, tb in zip(la, lb):
            np.testing.assert_array_equal(ta.data, tb.data, err_msg=ta.matlab_ref)


def test_u_oversampling_inf_never_subsamples():
    inf = _setup([{"time": {**BASE, "U_log2_oversampling": math.inf}},
                  {"time": {"U_log2_oversampling": np.inf}}])
    big = _setup([{"time": {**BASE, "U_log2_oversampling": 30}},
                  {"time": {"U_log2_oversampling": 30}}])
    S1, U1 = sc_propagate(_x(), inf, return_U=True)
    S2, U2 = sc_propagate(_x(), big, return_U=True)
    _assert_same(U1, U2)
    _assert_same(S1, S2)
    assert {t.data.shape[-1] for layer in U1 for t in layer} == {N}  # full rate everywhere
    assert {t.ranges["time"][1] for layer in U1 for t in layer} == {1.0}


def test_u_oversampling_inf_with_a_mask_factor_upsamples_as_the_original():
    # secondborn_scatter: min(lr + Inf, ceil(log2 sibling_mask_factor)) = 1 for a factor of 2
    archs = _setup([{"time": BASE},
                    {"time": {"U_log2_oversampling": np.inf, "sibling_mask_factor": 2}}])
    _, U = sc_propagate(_x(), archs, return_U=True)
    assert {t.data.shape[-1] for t in U[2]} == {2 * N}


def test_s_oversampling_inf_gives_s_at_full_rate():
    archs = _setup([{"time": {**BASE, "S_log2_oversampling": np.inf}},
                    {"time": {"S_log2_oversampling": math.inf}}])
    S = sc_propagate(_x(), archs)
    assert [t.data.shape[-1] for layer in S for t in layer[:1]] == [N, N, N]
    finite = _setup([{"time": {**BASE, "S_log2_oversampling": 7}},  # log2(T) − 1
                     {"time": {"S_log2_oversampling": 7}}])
    _assert_same(S, sc_propagate(_x(), finite))
    F, paths = sc_format(S)
    assert F.shape[-1] == N and set(paths["hop"]) == {1.0}


def test_oversampling_inf_from_matlab_text():
    opts = opts_from_matlab("opts{1}.time = struct('size', 4096, 'T', 256, 'max_Q', 4, "
                            "'is_chunked', false);\nopts{1}.time.U_log2_oversampling = Inf;\n"
                            "opts{2}.time.S_log2_oversampling = Inf;")
    S = sc_propagate(_x(), _setup(opts))
    assert S[2][0].data.shape[-1] == N


@pytest.mark.parametrize("value", [-1, -np.inf])
def test_oversampling_below_zero_is_still_an_error(value):
    with pytest.raises(ValueError, match=r"U_log2_oversampling=-(1|inf) is out of range; .*or inf"):
        sc_setup([{"time": {**BASE, "U_log2_oversampling": value}}])


def test_subscripts_equal_to_the_computed_value_are_accepted():
    plain = _setup([{"time": BASE}, {"time": {}}])
    with_subscripts = _setup([{"time": {**BASE, "subscripts": 1}},
                              {"time": {"subscripts": [1]}}])
    _assert_same(sc_propagate(_x(), plain), sc_propagate(_x(), with_subscripts))
    joint = [{"time": {"size": 2048, "T": 256, "max_Q": 8, "is_chunked": False,
                       "subscripts": np.array([1.0])}},
             {"time": {"subscripts": 1}, "gamma": {"subscripts": 2}, "j": {"subscripts": 3}}]
    ref = [{"time": {"size": 2048, "T": 256, "max_Q": 8, "is_chunked": False}},
           {"time": {}, "gamma": {}, "j": {}}]
    x = _x(2048)
    _assert_same(sc_propagate(x, _setup(joint)), sc_propagate(x, _setup(ref)))


def test_phi_is_ignored_with_a_warning():
    with pytest.warns(IgnoredOptionWarning, match=r"opts\[1\]\['time'\]\['phi'\] \(MATLAB "
                                                  r"opts\{2\}\.time\.phi\): phi='gaussian_1d' is "
                                                  r"ignored: the original never reads it") as rec:
        archs = sc_setup([{"time": BASE}, {"time": {"phi": "gaussian_1d"}}])
    assert rec[0].filename == __file__
    assert issubclass(IgnoredOptionWarning, ScatnetWarning)
    _assert_same(sc_propagate(_x(), archs), sc_propagate(_x(), _setup([{"time": BASE},
                                                                       {"time": {}}])))


@pytest.mark.parametrize("first", [0, -3, -np.inf])
def test_gamma_bounds_below_one_are_clamped_to_one(first):
    with pytest.warns(EnforcedOptionWarning, match=r"gamma_bounds=\[.*, 20\] starts below 1; "
                                                   r".*clamped to 1, as the original does") as rec:
        archs = sc_setup([{"time": {**BASE, "gamma_bounds": [first, 20]}}, {"time": {}}])
    assert rec[0].filename == __file__
    assert archs.plan.layers[0].banks[0].behavior.gamma_bounds == (1.0, 20.0)
    ref = _setup([{"time": {**BASE, "gamma_bounds": [1, 20]}}, {"time": {}}])
    _assert_same(sc_propagate(_x(), archs), sc_propagate(_x(), ref))


def test_gamma_bounds_zero_alone_selects_nothing():
    with pytest.raises(ValueError, match=r"gamma_bounds=0 selects no wavelet"):
        sc_setup([{"time": {**BASE, "gamma_bounds": 0}}])


def test_a_size_that_is_not_a_power_of_two_is_padded_once():
    with pytest.warns(ScatnetWarning, match=r"opts\[0\]\['time'\]\['size'\] .*size=3000 is not a "
                                            r"power of two; it is padded to the next power of "
                                            r"two, size=4096") as rec:
        archs = sc_setup([{"time": {**BASE, "size": 3000}}, {"time": {"size": 3000}}])
    assert len(rec) == 1 and rec[0].filename == __file__  # once, at the user's line
    assert archs.size == 4096
    x = _x(3000)
    S = sc_propagate(x, archs)
    assert S[1][0].data.shape[-1] == round(3000 * 32 / 4096)  # frames of the real length
    _assert_same(S, sc_propagate(x, _setup([{"time": BASE}, {"time": {}}])))


def test_a_chunked_size_that_is_not_a_power_of_two():
    with pytest.warns(ScatnetWarning, match=r"signals are cut into chunks of 4096 samples"):
        archs = sc_setup([{"time": {"size": 3000}}])
    assert (archs.size, archs.plan.input.T) == (4096, 1024)  # T = size/4 of the padded size


def test_default_auditory_of_a_length_that_is_not_a_power_of_two():
    with pytest.warns(ScatnetWarning, match=r"size=44100 is not a power of two"):
        archs = sc_setup([default_auditory(44100, 44100, 8)])
    S = sc_propagate(_x(44100), archs)
    assert archs.size == 65536
    assert S[1][0].data.shape[-1] == round(44100 * (65536 // 512) / 65536)


@pytest.mark.filterwarnings("ignore:.*size=3000 is not a power of two")
def test_upper_layer_sizes_other_than_the_first_still_warn():
    with pytest.warns(EnforcedOptionWarning, match=r"opts\[1\]\['time'\]\['size'\].*size=5000 "
                                                   r"is ignored; the value used is 4096"):
        sc_setup([{"time": {**BASE, "size": 3000}}, {"time": {"size": 5000}}])
