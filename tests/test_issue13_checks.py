"""Issue 13, "arguments checked up front": every bad argument is a scatnet error before any work.

``fs`` a finite number > 0; ``memory_budget`` an integer > 0; the ``opts`` list where ``archs``
is expected ("call sc_setup(opts) first"); ragged lists as signals; big-endian floats accepted
(converted once); banks too large to design refused with the memory they need; and the
``nFilters_per_octave < max_Q`` warning with the dip of the Littlewood–Paley sum.
"""
import functools
import warnings

import numpy as np
import pytest

import scatnet.scattering_m.filterbank.checks as bank_checks
from scatnet import (
    InputError,
    InputTypeError,
    MemoryBudgetError,
    OptionError,
    ScatnetWarning,
    default_filter_options,
    save_mat,
    sc_paths,
    sc_propagate,
    sc_setup,
    sc_stream,
    scat,
    wavelet_factory_1d,
)
from scatnet._core.memory import minimum_budget
from scatnet._core.validation import check_signal
from scatnet.display import littlewood_paley
from scatnet.kymatio import Scattering1D
from scatnet.scattering_m.filterbank.checks import bank_bytes, littlewood_paley_dip

OPTS = [{"time": {"size": 1024, "T": 128, "max_Q": 2, "is_chunked": False}}, {"time": {}}]
CHUNKED = [{"time": {"size": 1024, "T": 128, "max_Q": 2}}, {"time": {}}]


@functools.cache
def archs(chunked=False):
    return sc_setup(CHUNKED if chunked else OPTS)


@functools.cache
def wop():
    return wavelet_factory_1d(1024, default_filter_options("audio", 128))[0]


X = np.cos(np.arange(1024.0) / 5)


@pytest.mark.parametrize("fs, error, match", [
    ("44100", InputTypeError, r"sc_propagate: fs='44100' must be a positive sample rate in Hz"),
    (True, InputTypeError, r"fs=True must be"),
    (np.array([1.0, 2.0]), InputTypeError, r"must be a positive sample rate"),
    (0, InputError, r"fs=0 must be a positive sample rate in Hz \(a finite number > 0"),
    (-8000, InputError, r"fs=-8000 must be"),
    (np.nan, InputError, r"fs=nan must be"),
    (np.inf, InputError, r"fs=inf must be"),
])
def test_fs_must_be_a_positive_finite_number(fs, error, match):
    with pytest.raises(error, match=match):
        sc_propagate(X, archs(), fs=fs)
    with pytest.raises(error, match=match.replace("sc_propagate", "sc_paths")):
        sc_paths(archs(), fs=fs)


def test_fs_accepts_numbers_of_any_kind():
    for fs in (8000, 8000.0, np.float32(8000), np.int64(8000), np.array([[8000.0]])):
        S = sc_propagate(X, archs(), fs=fs)
        assert S.fs == 8000.0 and isinstance(S.fs, float)
        assert float(S[1].paths["xi1_hz"][0]) == pytest.approx(8000 * S[1].paths["xi1"][0])


@pytest.mark.parametrize("budget, error, match", [
    (0, InputError, r"memory_budget=0 must be > 0 bytes"),
    (-1, InputError, r"memory_budget=-1 must be > 0 bytes"),
    (2.5, InputTypeError, r"memory_budget=2\.5 must be a whole number of bytes"),
    ("1e8", InputTypeError, r"memory_budget='1e8' must be a whole number of bytes"),
    (True, InputTypeError, r"memory_budget=True"),
])
def test_memory_budget_must_be_a_positive_integer(budget, error, match):
    with pytest.raises(error, match=match):
        sc_propagate(X, archs(), memory_budget=budget)
    with pytest.raises(error, match=match):
        scat(X, wop(), memory_budget=budget)
    with pytest.raises(error, match=match):
        next(sc_stream([X], archs(True), memory_budget=budget))
    with pytest.raises(error, match=match):
        next(sc_stream([X], wop(), memory_budget=budget))
    with pytest.raises(error, match=match):
        Scattering1D(J=4, shape=256, Q=2)(X[:256], memory_budget=budget)


def test_memory_budget_checked_before_the_signal():
    with pytest.raises(InputError, match="memory_budget=0"):
        sc_propagate(np.full(1024, np.nan), archs(), memory_budget=0)


def test_memory_budget_accepts_integral_floats():
    reference = sc_propagate(X, archs())
    S = sc_propagate(X, archs(), memory_budget=1e8)
    np.testing.assert_array_equal(S[2][0].data, reference[2][0].data)
    least = minimum_budget(archs().walk(), np.float64)  # one signal, pieces of one row
    S = sc_propagate(X, archs(), memory_budget=float(least))
    np.testing.assert_allclose(S[2][0].data, reference[2][0].data, rtol=1e-13, atol=0)


def test_a_budget_too_small_for_one_signal_is_refused_before_computing():
    least = minimum_budget(archs().walk(), np.float64)
    with pytest.raises(MemoryBudgetError, match=rf"needs at least {least} bytes"):
        sc_propagate(X, archs(), memory_budget=least - 1)
    with pytest.raises(MemoryBudgetError, match="return_U/return_Y"):
        sc_propagate(X, archs(), return_U=True, memory_budget=least)


OPTS_HINT = r"archs is the opts list \(2 dict\(s\) of options\), not an architecture: call " \
            r"archs = sc_setup\(opts\) first"


def test_the_opts_list_where_archs_are_expected():
    with pytest.raises(InputTypeError, match=r"sc_propagate: " + OPTS_HINT):
        sc_propagate(X, OPTS)
    with pytest.raises(InputTypeError, match=r"sc_paths: " + OPTS_HINT):
        sc_paths(OPTS)
    with pytest.raises(InputTypeError, match=r"sc_stream: " + OPTS_HINT):
        sc_stream([X], OPTS)
    with pytest.raises(InputTypeError, match=r"one layer of options \(a dict\)"):
        sc_propagate(X, OPTS[0])
    with pytest.raises(InputTypeError, match=r"ScatNet's WaveletOperators .*scat\(x, Wop\)"):
        sc_propagate(X, wop())
    with pytest.raises(InputTypeError, match=r"must be the Architecture returned by sc_setup"):
        sc_propagate(X, "archs")


def test_save_mat_of_options(tmp_path):
    with pytest.raises(InputTypeError, match=r"save_mat: S must be the S returned by "
                                             r"sc_propagate.*got list: this looks like the opts "
                                             r"list; scatter first, archs = sc_setup\(opts\)"):
        save_mat(tmp_path / "a.mat", OPTS)
    with pytest.raises(InputTypeError, match=r"got Architecture: scatter first, "
                                             r"S = sc_propagate\(x, archs\)"):
        save_mat(tmp_path / "a.mat", archs())
    with pytest.raises(InputTypeError, match=r"save_mat: opts is an Architecture; pass the opts "
                                             r"list given to sc_setup"):
        save_mat(tmp_path / "a.mat", sc_propagate(X, archs()), opts=archs())


@pytest.mark.parametrize("call", [
    lambda x: sc_propagate(x, archs()),
    lambda x: scat(x, wop()),
    lambda x: next(sc_stream([x], archs(True))),
    lambda x: Scattering1D(J=4, shape=1024, Q=2)(x),
])
def test_ragged_lists_are_refused(call):
    with pytest.raises(InputError, match=r"the signal is a ragged list: its 2 rows have lengths "
                                         r"1024, 1000 samples.*Pad or cut them"):
        call([list(X), list(X[:1000])])


def test_lists_of_equal_rows_are_accepted():
    rows = [list(X), list(X[::-1])]
    S = sc_propagate(rows, archs())
    np.testing.assert_array_equal(S[1][0].data[1], sc_propagate(X[::-1].copy(), archs())[1][0].data)


@pytest.mark.parametrize("dtype", [">f8", ">f4"])
def test_big_endian_floats_are_accepted(dtype, rng):
    x = rng.standard_normal((2, 1024))
    native = x.astype(np.dtype(dtype).newbyteorder("="))
    swapped = x.astype(dtype)
    assert not swapped.dtype.isnative
    np.testing.assert_array_equal(sc_propagate(swapped, archs())[2][0].data,
                                  sc_propagate(native, archs())[2][0].data)
    np.testing.assert_array_equal(scat(swapped, wop())[2].signal[0], scat(native, wop())[2].signal[0])
    k = Scattering1D(J=4, shape=1024, Q=2)
    np.testing.assert_array_equal(k(swapped), k(native))


def test_big_endian_is_converted_once():
    x = np.arange(64.0).astype(">f8").reshape(4, 16)[:, ::2]  # non-contiguous and big-endian
    out, _ = check_signal(x)
    assert out.dtype == np.float64 and out.dtype.isnative and out.flags.c_contiguous
    np.testing.assert_array_equal(out, x)
    native = np.arange(32.0).reshape(2, 16)
    assert check_signal(native)[0] is native  # no copy of a native C-contiguous array


@pytest.mark.parametrize("opts, match", [
    ([{"time": {"T": 2 ** 40}}],
     (r"opts\[0\]\['time'\] \(MATLAB opts\{1\}\.time\): this filter bank would need 1\.\d PiB "
      r"of memory to be designed \(40 wavelets \(J=40 octaves × nFilters_per_octave=1\) × "
      r"size=4398046511104 frequency bins × 8 bytes.*more than the limit of 8\.0 GiB\. Lower "
      r"nFilters_per_octave.*SCATNET_MAX_BANK_BYTES")),
    ([{"time": {"T": 1024, "size": 2 ** 16, "nFilters_per_octave": 2000}}],
     r"would need 9\.8 GiB .*20000 wavelets \(J=10 octaves × nFilters_per_octave=2000\)"),
    ([{"time": {"T": 1024, "size": 2 ** 16}}, {"time": {"nFilters_per_octave": 2000}}],
     r"opts\[1\]\['time'\] .*would need 19\.5 GiB .*× 16 bytes"),
])
def test_banks_too_large_to_design_are_refused_before_any_allocation(opts, match):
    with pytest.raises(OptionError, match=match):
        sc_setup(opts)


def test_bank_memory_estimate_and_limit(monkeypatch):
    spec = archs()[0].bank_plans[0].filters
    need, n_rows, itemsize = bank_bytes(spec)
    assert (n_rows, itemsize) == (len(archs()[0].bank().metas), 8)
    assert need == n_rows * 1024 * 8
    assert archs()[0].bank().psis[0].coefs.nbytes < need  # trimmed storage is smaller
    monkeypatch.setenv("SCATNET_MAX_BANK_BYTES", str(need // 2))
    with pytest.raises(OptionError, match=r"more than the limit of"):
        sc_setup(OPTS)
    monkeypatch.setenv("SCATNET_MAX_BANK_BYTES", "lots")
    with pytest.raises(OptionError, match=r"SCATNET_MAX_BANK_BYTES='lots' must be a number of "
                                          r"bytes > 0"):
        sc_setup(OPTS)
    monkeypatch.delenv("SCATNET_MAX_BANK_BYTES")
    monkeypatch.setattr(bank_checks, "MAX_BANK_BYTES", need // 2)
    with pytest.raises(OptionError, match=r"more than the limit"):
        sc_setup(OPTS)


def _lp_dip_twin(bank):
    """The dip from the untrimmed responses (display.littlewood_paley, without φ)."""
    psis, phi, lp = littlewood_paley(bank)
    energy = lp - np.abs(phi) ** 2
    N = bank.spec.size
    wide = np.flatnonzero(bank.metas.quality_factor > bank.spec.nFilters_per_octave)
    peaks = np.argmax(np.abs(psis[: N // 2 + 1, wide]), axis=0)
    return energy[peaks.min():peaks.max() + 1].min()


def test_fewer_filters_per_octave_than_max_q_warns_with_the_dip():
    opts = [{"time": {"size": 2 ** 14, "T": 2 ** 10, "nFilters_per_octave": 4, "max_Q": 8,
                      "is_chunked": False}}]
    with pytest.warns(ScatnetWarning, match=r"opts\[0\]\['time'\] .*nFilters_per_octave=4 < "
                                            r"max_Q=8: .*Littlewood–Paley sum .* has holes: it "
                                            r"dips to 0\.13 .*nFilters_per_octave=8") as record:
        built = sc_setup(opts)
    assert record[0].filename == __file__  # points at the user's line
    dip, freq = littlewood_paley_dip(built[0].bank())
    assert dip == pytest.approx(_lp_dip_twin(built[0].bank()), rel=1e-12)
    assert 0 < freq < 0.5


@pytest.mark.parametrize("time", [
    {"nFilters_per_octave": 2, "max_Q": 3},
    {"nFilters_per_octave": 4, "max_Q": 8, "wavelet_handle": "gammatone_1d"},
    {"nFilters_per_octave": 4, "max_Q": 8, "wavelet_handle": "RLC_1d"},
])
def test_the_dip_matches_the_untrimmed_sum(time):
    opts = [{"time": {"size": 2 ** 13, "T": 2 ** 9, "is_chunked": False, **time}}]
    with pytest.warns(ScatnetWarning, match=r"has holes"):
        bank = sc_setup(opts)[0].bank()
    dip, _ = littlewood_paley_dip(bank)
    assert dip == pytest.approx(_lp_dip_twin(bank), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("time", [{"max_Q": 8}, {"nFilters_per_octave": 8, "max_Q": 4},
                                  {"nFilters_per_octave": 12, "max_Q": 12}])
def test_no_warning_when_the_filters_cover_the_band(time):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sc_setup([{"time": {"size": 4096, "T": 256, "is_chunked": False, **time}}])
