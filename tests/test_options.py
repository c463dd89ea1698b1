"""Tests of scatnet.scattering_m.options: resolution of ``opts`` against scattering.m's resolved values,
the spec's TC5/TC6 facts, validation messages, enforced-field warnings, hashability.

Reference values come from ``tests/data/*.mat`` (``banks[i]['spec'/'behavior']`` and
``invariants[i]``, the original's resolved structs). For c05_joint, c06_spiral and c07_chunked,
whose files are not in tests/data, the few values needed were read once from
``scattering_m/c0{5,6,7}_*.mat`` of the shared reference set and are hard-coded below.
"""
import copy
import dataclasses
import math
import os
import re
import runpy
import warnings

import numpy as np
import pytest
import scipy.io as sio

from scatnet import sc_setup
from scatnet._errors import (
    EnforcedOptionWarning,
    IgnoredOptionWarning,
    OptionError,
    OptionTypeError,
)
from scatnet.scattering_m.options import (
    FIELDS,
    Plan,
    UserWavelet,
    default_auditory,
    fields_for,
    nextpow2,
    resolve_options,
)
from scatnet.scattering_m.options.docs import options_markdown

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
EXAMPLES = os.path.join(os.path.dirname(HERE), "opts_examples")
EPS = 2.220446049250313e-16


def _da():
    return default_auditory(8192, 8192, 8)


def _c10():
    opts = [_da(), {"time": {"S_log2_oversampling": 1}}]
    opts[0]["time"]["S_log2_oversampling"] = 1
    opts[0]["time"]["gamma_bounds"] = [5, 40]
    return opts


#: Python equivalents of each case's MATLAB ``opts_m`` (also in opts_examples/<case>.py).
CASES = {
    "c01_plain": lambda: [_da(), {"time": {}}],
    "c02_order1": lambda: [{"time": {"size": 4096, "T": 512, "max_Q": 4, "is_chunked": False}}],
    "c03_morlet2": lambda: [_da(), {"time": {"sibling_mask_factor": 2, "U_log2_oversampling": 2,
                                              "wavelet_handle": "@morlet_1d", "max_Q": 2}}],
    "c04_gammatone_varQ": lambda: [
        {"time": {"size": 16384, "T": 1024, "max_Q": 8, "max_scale": 1024,
                  "wavelet_handle": "@gammatone_1d", "is_chunked": False}},
        {"time": {}}],
    "c05_joint": lambda: [_da(), {"time": {"nFilters_per_octave": 1},
                                  "gamma": {"nFilters_per_octave": 1}}],
    "c06_spiral": lambda: [_da(), {"time": {}, "gamma": {}, "j": {}}],
    "c07_chunked": lambda: [{"time": {"size": 1024, "T": 256, "max_Q": 4}}, {"time": {}}],
    "c08_multichannel": lambda: [default_auditory(4096, 16000, 12), {"time": {}}],
    "c09_order3": lambda: [_da(), {"time": {}}, {"time": {}}],
    "c10_oversampled": _c10,
    "c11_constantQ": lambda: [
        {"time": {"size": 8192, "T": 256, "max_Q": 8, "max_scale": math.inf,
                  "is_chunked": False}},
        {"time": {"wavelet_handle": "@morlet_1d"}}],
}

#: The MATLAB lines the Python literals above translate (checked against ``opts_m``).
OPTS_M = {
    "c01_plain": "opts{1} = default_auditory(8192, 8192, 8);\nopts{2}.time = struct();",
    "c02_order1": "opts{1}.time = struct('size', 4096, 'T', 512, 'max_Q', 4, 'is_chunked', "
                  "false);",
    "c03_morlet2": "opts{1} = default_auditory(8192, 8192, 8);\nopts{2}.time = struct("
                   "'sibling_mask_factor', 2, 'U_log2_oversampling', 2, 'wavelet_handle', "
                   "@morlet_1d, 'max_Q', 2);",
    "c04_gammatone_varQ": "opts{1}.time = struct('size', 16384, 'T', 1024, 'max_Q', 8, "
                          "'max_scale', 1024, 'wavelet_handle', @gammatone_1d, 'is_chunked', "
                          "false);\nopts{2}.time = struct();",
    "c08_multichannel": "opts{1} = default_auditory(4096, 16000, 12);\nopts{2}.time = struct();",
    "c09_order3": "opts{1} = default_auditory(8192, 8192, 8);\nopts{2}.time = struct();\n"
                  "opts{3}.time = struct();",
    "c10_oversampled": "opts{1} = default_auditory(8192, 8192, 8);\nopts{1}.time."
                       "S_log2_oversampling = 1;\nopts{1}.time.gamma_bounds = [5 40];\n"
                       "opts{2}.time = struct('S_log2_oversampling', 1);",
    "c11_constantQ": "opts{1}.time = struct('size', 8192, 'T', 256, 'max_Q', 8, 'max_scale', "
                     "Inf, 'is_chunked', false);\nopts{2}.time = struct('wavelet_handle', "
                     "@morlet_1d);",
}

# --- canonical form shared by the .mat side and the Plan side -------------------------------

SPEC_KEYS = ("J", "T", "cutoff_in_dB", "has_duals", "has_multiple_support", "has_real_ft",
             "has_real_ift", "is_spinned", "max_Q", "max_scale", "mother_xi",
             "nFilters_per_octave", "periodization_extent", "phi_bw_multiplier", "size",
             "trim_threshold")
BEHAVIOR_KEYS = ("S_log2_oversampling", "U_log2_oversampling", "is_U_blurred", "is_U_bypassed",
                 "is_U_scattered", "gamma_bounds", "sibling_mask_factor", "padding",
                 "gamma_padding_length")
INV_KEYS = ("J", "T", "has_duals", "has_multiple_support", "has_real_ft", "invariance",
            "invariant_handle", "phi_bw_multiplier", "size", "trim_threshold",
            "S_log2_oversampling", "is_S_invariant", "is_S_bypassed")

BANK_BASE = {"cutoff_in_dB": 3, "has_duals": 0, "periodization_extent": 1, "phi_bw_multiplier": 2,
             "trim_threshold": EPS, "S_log2_oversampling": 0, "U_log2_oversampling": 1,
             "is_U_bypassed": 0, "is_U_scattered": 1, "gamma_bounds": (1, math.inf),
             "sibling_mask_factor": 1, "padding": "periodic", "gamma_padding_length": 0,
             "spiral": None, "has_multiple_support": 0, "is_spinned": 0, "nThetas": 1}
INV_BASE = {"has_duals": 0, "has_multiple_support": 0, "invariance": "blurred",
            "phi_bw_multiplier": 2, "trim_threshold": EPS, "S_log2_oversampling": 0,
            "is_S_invariant": 1, "is_S_bypassed": 0}
_L0_AUDITORY = dict(BANK_BASE, layer=0, variable="time", wavelet="morlet_1d", has_real_ft=1,
                    has_real_ift=0, is_chunked=0, is_U_blurred=0, is_unchunked=1, J=8, max_Q=8,
                    max_scale=2048, mother_xi=0.47835269125030533, nFilters_per_octave=8,
                    size=8192, T=256, windowing="none")
_L1_GAMMATONE = dict(BANK_BASE, layer=1, variable="time", wavelet="gammatone_1d",
                     gamma_padding_length=4, gammatone_order=4, has_real_ft=0, has_real_ift=0,
                     is_ift_flipped=0, is_U_blurred=0, J=8, max_Q=1, max_scale=256,
                     mother_xi=0.3333333333333333, nFilters_per_octave=1, size=8192, T=256)
_GAMMA = dict(BANK_BASE, layer=1, variable="gamma", wavelet="morlet_1d", has_multiple_support=1,
              has_real_ft=1, has_real_ift=0, is_spinned=1, is_U_blurred=1, J=3, max_Q=1,
              max_scale=8, mother_xi=0.3333333333333333, nFilters_per_octave=1, nThetas=2,
              size=128, T=8)
_INVS_8192 = [dict(INV_BASE, has_real_ft=1, invariant_handle="gaussian_1d", J=8, size=8192,
                   T=256)] + 2 * [dict(INV_BASE, has_real_ft=0, invariant_handle="gamma_1d", J=8,
                                       size=8192, T=256)]

#: Read from the shared reference files scattering_m/c05_joint.mat, c06_spiral.mat and
#: c07_chunked.mat (banks[i].spec/behavior, invariants[i].spec/behavior), in file order.
HARDCODED = {
    "c05_joint": ([_L0_AUDITORY, _L1_GAMMATONE, _GAMMA], _INVS_8192),
    "c06_spiral": ([
        _L0_AUDITORY, _L1_GAMMATONE, dict(_GAMMA, spiral=(8, 2, 2)),
        dict(BANK_BASE, layer=1, variable="j", wavelet="finitediff_1d", has_multiple_support=1,
             has_real_ft=0, has_real_ift=1, is_ift_flipped=0, is_U_blurred=1, J=2, max_Q=1,
             max_scale=2, mother_xi=0.3333333333333333, nFilters_per_octave=1, size=16,
             spiral=(8, 2, 2), T=2),
    ], _INVS_8192),
    "c07_chunked": ([
        dict(BANK_BASE, layer=0, variable="time", wavelet="morlet_1d", has_real_ft=1,
             has_real_ift=0, is_chunked=1, is_U_blurred=0, is_unchunked=1, J=8,
             max_minibatch_size=64, max_Q=4, max_scale=256, mother_xi=0.45678638313705516,
             nFilters_per_octave=4, size=1024, T=256, windowing="tukey"),
        dict(_L1_GAMMATONE, gamma_padding_length=0, size=1024),
    ], [dict(d, size=1024) for d in _INVS_8192]),
}


def _num(x):
    x = float(x)
    return int(x) if x.is_integer() else x


def _mat_bank(b):
    s, h = b["spec"], b["behavior"]
    out = {"layer": int(b["layer"]) - 1, "variable": b["variable"], "wavelet": s["wavelet_handle"],
           "nThetas": int(s["nThetas"])}
    out.update({k: _num(s[k]) for k in SPEC_KEYS})
    out.update({k: _num(s[k]) for k in ("gammatone_order", "is_ift_flipped") if k in s})
    out.update(S_log2_oversampling=_num(h["S"]["log2_oversampling"]),
               U_log2_oversampling=_num(h["U"]["log2_oversampling"]),
               is_U_blurred=_num(h["U"]["is_blurred"]), is_U_bypassed=_num(h["U"]["is_bypassed"]),
               is_U_scattered=_num(h["U"]["is_scattered"]),
               gamma_bounds=tuple(_num(g) for g in np.atleast_1d(h["gamma_bounds"])),
               sibling_mask_factor=_num(h["sibling_mask_factor"]),
               padding=next(k[3:] for k, v in h["padding"].items() if v),
               gamma_padding_length=_num(h.get("gamma_padding_length", 0)))
    sp = h.get("spiral")
    out["spiral"] = None if sp is None else tuple(
        _num(sp[k]) for k in ("nChromas", "octave_padding_length", "subscript"))
    for k in ("is_chunked", "windowing", "is_unchunked", "max_minibatch_size"):
        if k in h:
            out[k] = h[k] if isinstance(h[k], str) else _num(h[k])
    return out


def _mat_invariant(v):
    s, h = v["spec"], v["behavior"]
    out = {k: (s[k] if isinstance(s[k], str) else _num(s[k])) for k in INV_KEYS[:10]}
    out.update(S_log2_oversampling=_num(h["S"]["log2_oversampling"]),
               is_S_invariant=_num(h["S"]["is_invariant"]),
               is_S_bypassed=_num(h["S"]["is_bypassed"]))
    return out


def _reference(case):
    if case in HARDCODED:
        return None, HARDCODED[case][0], HARDCODED[case][1]
    d = sio.loadmat(os.path.join(DATA, case + ".mat"), simplify_cells=True,
                    variable_names=["opts_m", "banks", "invariants"])
    banks = d["banks"] if isinstance(d["banks"], list) else [d["banks"]]
    return d["opts_m"], [_mat_bank(b) for b in banks], [_mat_invariant(v)
                                                         for v in d["invariants"]]


def _py_bank(m, bank, plan):
    f, h = bank.filters, bank.behavior
    out = {"layer": m, "variable": bank.variable, "wavelet": f.wavelet_name,
           "nThetas": f.n_thetas, "gammatone_order": f.gammatone_order,
           "is_ift_flipped": f.is_ift_flipped}
    out.update({k: getattr(f, k) for k in SPEC_KEYS})
    out.update({k: getattr(h, k) for k in BEHAVIOR_KEYS})
    out["spiral"] = None if h.spiral is None else (
        h.spiral.nChromas, h.spiral.octave_padding_length, h.spiral.subscript)
    if m == 0:
        out.update({k: getattr(plan.input, k) for k in ("is_chunked", "windowing",
                                                        "is_unchunked", "max_minibatch_size")})
    return out


@pytest.mark.parametrize("case", sorted(CASES))
def test_resolution_matches_reference(case):
    opts_m, banks, invariants = _reference(case)
    if opts_m is not None:
        assert opts_m == OPTS_M[case], "the Python literal no longer matches the MATLAB opts"
    plan = resolve_options(CASES[case]())
    got_banks = [_py_bank(m, b, plan) for m, layer in enumerate(plan.layers) for b in layer.banks]
    assert len(got_banks) == len(banks)
    for expected, got in zip(banks, got_banks):
        where = f"{case} layer {expected['layer']} {expected['variable']}"
        assert {k: got[k] for k in expected} == expected, where
    got_invs = [{k: getattr(inv, k) for k in INV_KEYS}
                for inv in [layer.invariant for layer in plan.layers] + [plan.final_invariant]]
    assert got_invs == invariants, case


@pytest.mark.parametrize("case", sorted(CASES))
def test_opts_examples_match_literals(case):
    opts = runpy.run_path(os.path.join(EXAMPLES, case + ".py"))["opts"]
    assert resolve_options(opts) == resolve_options(CASES[case]())


# --- spec §6 facts ----------------------------------------------------------------------------

def test_tc1_tc2_tc3_facts():
    plan = resolve_options(CASES["c06_spiral"]())
    time1, = plan.layers[0].banks
    assert time1.filters.mother_xi == pytest.approx(0.478352691250305, abs=1e-15)
    assert time1.filters.J * time1.filters.nFilters_per_octave == 64
    time2, gamma, j = plan.layers[1].banks
    assert (time2.filters.wavelet, time2.filters.J, time2.filters.mother_xi) == \
        ("gammatone_1d", 8, 1 / 3)
    assert (gamma.filters.T, gamma.filters.J, gamma.filters.size, gamma.filters.n_thetas) == \
        (8, 3, 128, 2)
    assert time2.behavior.gamma_padding_length == 4
    assert (j.filters.T, j.filters.J, j.filters.size, j.filters.wavelet) == \
        (2, 2, 16, "finitediff_1d")
    assert gamma.behavior.spiral == j.behavior.spiral
    assert (j.behavior.spiral.nChromas, j.behavior.spiral.octave_padding_length) == (8, 2)
    assert plan.final_invariant.invariant_handle == "gamma_1d"


def test_tc5_gammatone_first_order():
    plan = resolve_options([{"time": {"size": 16384, "T": 1024, "max_Q": 8, "max_scale": 1024,
                                      "wavelet_handle": "gammatone_1d", "is_chunked": False}}])
    f = plan.layers[0].banks[0].filters
    assert f.J * f.nFilters_per_octave == 80
    assert f.mother_xi == pytest.approx(0.478352691250305, abs=1e-15)
    assert (f.has_real_ft, f.gammatone_order) == (False, 4)
    inv = plan.layers[0].invariant
    assert (inv.invariant_handle, inv.T) == ("gamma_1d", 1024)


def test_tc6_only_size():
    plan = resolve_options([{"time": {"size": 4096}}])
    f = plan.layers[0].banks[0].filters
    assert (f.T, f.J, f.max_Q, f.nFilters_per_octave, f.max_scale) == (1024, 10, 1, 1, 1024)
    assert plan.input.is_chunked and plan.input.windowing == "tukey"
    assert resolve_options([{"time": {"T": 128, "max_Q": 4}}]).input.size == 512
    assert resolve_options([{"time": {"T": 128, "max_Q": 4, "max_scale": math.inf}}]) \
        .input.size == 1024


@pytest.mark.parametrize("nfo, xi", [(1, 1 / 3), (2, 0.41421), (4, 0.456786), (8, 0.478353),
                                     (12, 0.485563), (16, 0.489171)])
def test_mother_xi(nfo, xi):
    f = resolve_options([{"time": {"T": 256, "nFilters_per_octave": nfo}}]).layers[0].banks[0]
    assert f.filters.mother_xi == pytest.approx(xi, abs=5e-6)


@pytest.mark.parametrize("fs, T, max_scale", [(8192, 256, 2048), (16000, 512, 4096),
                                              (22050, 512, 8192), (44100, 1024, 16384),
                                              (48000, 1024, 16384)])
def test_default_auditory(fs, T, max_scale):
    assert default_auditory(4096, fs, 8) == {"time": {"T": T, "max_Q": 8, "max_scale": max_scale,
                                                      "size": 4096, "is_chunked": False}}


def test_default_auditory_errors():
    with pytest.raises(OptionTypeError, match=r"default_auditory: fs='8k'"):
        default_auditory(4096, "8k", 8)
    with pytest.raises(OptionError, match=r"N=4096.5 must be an integer"):
        default_auditory(4096.5, 8000, 8)
    with pytest.raises(OptionError, match=r"Q=0 must be a finite number > 0"):
        default_auditory(4096, 8000, 0)


def test_nextpow2_is_matlabs():
    assert [nextpow2(x) for x in (0, 1, 2, 3, 8, 9, 12, 163.84, 1637.4, 0.3, -5)] == \
        [0, 0, 1, 2, 3, 4, 4, 8, 11, -1, 3]
    assert nextpow2(math.inf) == math.inf


# --- derivation rules -------------------------------------------------------------------------

def _bank(opts, layer=0, index=0):
    return resolve_options(opts).layers[layer].banks[index]


@pytest.mark.parametrize("given, expected", [({}, (1, 1)), ({"max_Q": 4}, (4, 4)),
                                             ({"nFilters_per_octave": 12}, (12, 12)),
                                             ({"max_Q": 2, "nFilters_per_octave": 8}, (2, 8))])
def test_max_q_and_nfo_default_each_other(given, expected):
    f = _bank([{"time": dict(T=256, **given)}]).filters
    assert (f.max_Q, f.nFilters_per_octave) == expected


@pytest.mark.parametrize("nfo1, T_gamma, size", [(8, 8, 128), (12, 16, 128), (16, 16, 256),
                                                 (2, 2, 32)])
def test_gamma_bank_defaults(nfo1, T_gamma, size):
    opts = [{"time": {"T": 256, "nFilters_per_octave": nfo1}}, {"time": {}, "gamma": {}}]
    time2, gamma = resolve_options(opts).layers[1].banks
    assert (gamma.filters.T, gamma.filters.size) == (T_gamma, size)
    assert 2 ** nextpow2(8 * nfo1 + T_gamma) == size
    assert gamma.filters.is_spinned and gamma.filters.has_multiple_support
    assert gamma.behavior.is_U_blurred and not time2.behavior.is_U_blurred
    assert time2.behavior.gamma_padding_length == T_gamma // 2


def test_j_bank_variants():
    base = [_da(), {"time": {}, "gamma": {}}]
    morlet = copy.deepcopy(base)
    morlet[1]["j"] = {"wavelet_handle": "morlet"}
    j = _bank(morlet, 1, 2)
    assert (j.filters.T, j.filters.J, j.filters.is_spinned, j.filters.size) == (4, 2, True, 16)
    assert j.behavior.spiral.octave_padding_length == 4
    gt = copy.deepcopy(base)
    gt[1]["j"] = {"wavelet_handle": "gammatone_1d"}
    j = _bank(gt, 1, 2)
    assert j.filters.is_ift_flipped and j.filters.is_spinned
    bounded = copy.deepcopy(base)
    bounded[0]["time"]["gamma_bounds"] = [5, 40]  # 36 filters / 8 per octave -> 5 octaves
    bounded[1]["j"] = {}
    assert _bank(bounded, 1, 2).filters.size == 2 ** nextpow2(5 + 2)


@pytest.mark.parametrize("wavelet, real, lowpass", [
    ("morlet_1d", (True, False), "gaussian_1d"), ("gammatone", (False, False), "gamma_1d"),
    ("@RLC_1d", (False, False), "gamma_1d"), ("rlc", (False, False), "gamma_1d"),
    ("finitediff_1d", (False, True), "rectangular_1d")])
def test_wavelet_names_realness_and_lowpass(wavelet, real, lowpass):
    layer = resolve_options([{"time": {"T": 256, "wavelet_handle": wavelet}}]).layers[0]
    f = layer.banks[0].filters
    assert (f.has_real_ft, f.has_real_ift) == real
    assert layer.invariant.invariant_handle == lowpass
    assert layer.invariant.has_real_ft == f.has_real_ft


def test_callable_wavelet_and_legacy_handle():
    def my_wavelet(N, meta, spec):
        return np.zeros(N)

    layer = resolve_options([{"time": {"T": 256, "handle": my_wavelet}}]).layers[0]
    assert layer.banks[0].filters.wavelet == UserWavelet(my_wavelet, "my_wavelet")
    assert layer.banks[0].filters.wavelet_name == "my_wavelet"
    assert layer.invariant.invariant_handle == "gaussian_1d"
    assert _bank([{"time": {"T": 256, "handle": "@gammatone_1d"}}]).filters.wavelet == \
        "gammatone_1d"


def test_invariant_inherits_bank_fields():
    opts = [{"time": {"T": 256, "phi_bw_multiplier": 3, "trim_threshold": 1e-10,
                      "S_log2_oversampling": 2, "invariant_handle": "@gamma_1d"}}]
    inv = resolve_options(opts).layers[0].invariant
    assert (inv.phi_bw_multiplier, inv.trim_threshold, inv.S_log2_oversampling) == (3, 1e-10, 2)
    assert (inv.invariant_handle, inv.has_real_ft) == ("gamma_1d", True)  # has_real_ft: bank's


def test_upper_layers_chain_T_and_size():
    plan = resolve_options([{"time": {"T": 256, "size": 2048}}, {"time": {"T": 128}},
                            {"time": {}}])
    assert [layer.banks[0].filters.T for layer in plan.layers] == [256, 128, 128]
    assert {layer.banks[0].filters.size for layer in plan.layers} == {2048}


def test_chunking_options():
    assert resolve_options([{"time": {"T": 256, "windowing": "hann"}}]).input.windowing == "hann"
    inp = resolve_options([{"time": {"T": 256, "max_minibatch_size": 8,
                                     "is_unchunked": False}}]).input
    assert (inp.is_chunked, inp.windowing, inp.max_minibatch_size, inp.is_unchunked) == \
        (True, "tukey", 8, False)
    assert _bank([{"time": {"T": 256, "is_U_blurred": True}}]).behavior.is_U_blurred


def test_nonlinearity_and_etc():
    nl = resolve_options([{"time": {"T": 256}}]).layers[0].nonlinearity
    assert nl.name == "modulus"
    nl = resolve_options([{"time": {"T": 256}, "nonlinearity": {"denominator": 2}}]) \
        .layers[0].nonlinearity
    assert (nl.name, nl.denominator) == ("uniform_log", 2.0)
    plan = resolve_options([{"time": {"T": 256}, "nonlinearity": {"handle": np.sqrt},
                             "etc": {"is_waitbar_shown": True}}])
    assert (plan.layers[0].nonlinearity.name, plan.layers[0].nonlinearity.handle) == \
        ("custom", np.sqrt)
    assert plan.is_waitbar_shown and not plan.is_waitbar_docked
    hash(plan)


def test_empty_values_count_as_missing():
    plain = resolve_options([{"time": {"T": 256}}, {"time": {}}])
    empty = resolve_options([{"time": {"T": 256, "size": [], "max_Q": None, "wavelet_handle": "",
                                       "gamma_bounds": np.array([]), "windowing": ()},
                              "nonlinearity": None, "etc": {}},
                             {"time": {"T": [], "sibling_mask_factor": None}}])
    assert empty == plain


def test_numpy_scalars_and_integral_floats():
    plain = resolve_options([{"time": {"T": 256, "size": 8192, "max_Q": 8}}])
    numpy = resolve_options([{"time": {"T": np.int64(256), "size": np.array([8192.0]),
                                       "max_Q": np.float32(8.0)}}])
    floats = resolve_options([{"time": {"T": 256.0, "size": 8192.0, "max_Q": 8.0,
                                        "is_chunked": 1}}])
    assert numpy == plain == floats
    assert isinstance(floats.layers[0].banks[0].filters.T, int)
    bounds = _bank([{"time": {"T": 256, "gamma_bounds": 5}}]).behavior.gamma_bounds
    assert bounds == (5.0, 5.0)


def test_plan_is_hashable_frozen_and_a_cache_key():
    a = resolve_options(CASES["c06_spiral"]())
    b = resolve_options(CASES["c06_spiral"]())
    assert isinstance(a, Plan) and a == b and hash(a) == hash(b)
    assert {a: 1}[b] == 1
    assert resolve_options(CASES["c05_joint"]()) != a
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.layers = ()
    hash(resolve_options([{"time": {"T": 256, "wavelet_handle": lambda *args: None}}]))


def test_user_opts_are_not_modified():
    opts = CASES["c10_oversampled"]()
    before = copy.deepcopy(opts)
    resolve_options(opts)
    assert opts == before


# --- validation errors ------------------------------------------------------------------------

ERRORS = [
    # (opts, exception, regex)
    ({"time": {"T": 256}}, OptionTypeError, r"opts is a dict.*Wrap a single layer as \[opts\]"),
    ("time", OptionTypeError, r"opts has type str; expected a list"),
    ([], OptionError, r"opts is empty"),
    ([5], OptionTypeError, r"opts\[0\] \(MATLAB opts\{1\}\): layer options have type int"),
    ([{"time": {"T": 256}}, {}], OptionError, r"opts\[1\] .*no 'time' options"),
    ([{"tme": {"T": 256}}], OptionError, r"unknown key 'tme'\. Did you mean 'time'\?"),
    ([{"time": None}], OptionTypeError, r"opts\[0\]\['time'\] .*expected a dict"),
    ([{"time": {}}], OptionError, r"neither 'T' nor 'size' is given"),
    ([{"time": {"T": 256}}, {"time": {"nFilter_per_octave": 2}}], OptionError,
     (r"opts\[1\]\['time'\] \(MATLAB opts\{2\}\.time\): unknown field 'nFilter_per_octave'\. "
      r"Did you mean 'nFilters_per_octave'\?")),
    ([{"time": {"T": 256, "subscripts": 2}}], OptionError,
     r"subscripts=2 differs from the value the toolbox computes, 1 .*remove the field"),
    ([{"time": {"T": 256, "dimension": 2}}], OptionError, r"dimension.*cannot be set"),
    ([{"time": {"T": "256"}}], OptionTypeError, (r"\['T'\] \(MATLAB opts\{1\}\.time\.T\): "
                                                 r"T='256' has type str; expected a number")),
    ([{"time": {"T": True}}], OptionTypeError, r"T=True has type bool"),
    ([{"time": {"T": np.array([256, 512])}}], OptionTypeError, r"has shape \(2,\)"),
    ([{"time": {"T": 300}}], OptionError, r"T=300 is not a power of two.*256 or 512"),
    ([{"time": {"T": 1}}], OptionError, r"T=1 is out of range; it must be a power of two ≥ 2"),
    ([{"time": {"T": 256.5}}], OptionError, r"T=256.5 is not an integer"),
    ([{"time": {"size": 1}}], OptionError, r"size=1 is out of range; it must be an integer ≥ 2"),
    ([{"time": {"T": 256, "max_Q": 8}}, {"time": {}, "gamma": {}, "j": {"subscripts": 2}}],
     OptionError, r"\['j'\]\['subscripts'\].*subscripts=2 differs .* computes, 3 \(the octave"),
    ([{"time": {"size": 4}}], OptionError, r"size=4 is too small.*give size ≥ 8"),
    ([{"time": {"T": 256, "size": 128}}], OptionError, r"T=256 exceeds size=128"),
    ([{"time": {"T": 256, "max_scale": 1000}}], OptionError,
     r"size defaults to 4·max\(T, max_scale\) = 4000, which is not a power of two"),
    ([{"time": {"T": 256, "max_scale": 0}}], OptionError, r"max_scale=0 is out of range"),
    ([{"time": {"T": 256, "max_scale": math.nan}}], OptionError, r"max_scale=nan is NaN"),
    ([{"time": {"T": 256, "nFilters_per_octave": 1.5}}], OptionError,
     r"nFilters_per_octave=1.5 is not an integer"),
    ([{"time": {"T": 256, "nFilters_per_octave": 0}}], OptionError,
     r"nFilters_per_octave=0 is out of range; it must be an integer ≥ 1"),
    ([{"time": {"T": 256, "max_Q": 0.5}}], OptionError, r"max_Q=0.5 is out of range; .*≥ 1"),
    ([{"time": {"T": 256, "max_Q": 1.5}}], OptionError,
     r"nFilters_per_octave defaults to max_Q=1.5, which is not an integer"),
    ([{"time": {"T": 256, "cutoff_in_dB": 0}}], OptionError, r"cutoff_in_dB=0 .*must be > 0"),
    ([{"time": {"T": 256, "mother_xi": 0.6}}], OptionError, r"mother_xi=0.6 .*between 0 and 0.5"),
    ([{"time": {"T": 256, "gammatone_order": 1}}], OptionError, r"gammatone_order=1"),
    ([{"time": {"T": 256, "gamma_bounds": [40, 5]}}], OptionError,
     r"gamma_bounds=\[40, 5\] is decreasing"),
    ([{"time": {"T": 256, "gamma_bounds": [0, 0]}}], OptionError,
     r"gamma_bounds=\[0, 0\] selects no wavelet"),
    ([{"time": {"T": 256, "gamma_bounds": [math.inf, math.inf]}}], OptionError,
     r"gamma_bounds=inf is out of range"),
    ([{"time": {"T": 256, "gamma_bounds": [1, 2, 3]}}], OptionError, r"has 3 entries"),
    ([{"time": {"T": 256, "gamma_bounds": [9, 12]}}], OptionError,
     r"selects no wavelet: the bank has 8 wavelets"),
    ([{"time": {"T": 256, "sibling_mask_factor": 1.5}}], OptionError,
     r"sibling_mask_factor=1.5 is not a power of two; the original toolbox crashes"),
    ([{"time": {"T": 256, "sibling_mask_factor": 0.5}}], OptionError,
     r"sibling_mask_factor=0.5 is out of range; it must be a power of two ≥ 1"),
    ([{"time": {"T": 256, "U_log2_oversampling": -1}}], OptionError,
     r"U_log2_oversampling=-1 is out of range; it must be an integer ≥ 0"),
    ([{"time": {"T": 256, "S_log2_oversampling": 0.5}}], OptionError, r"is not an integer"),
    ([{"time": {"T": 256, "windowing": "tukee"}}], OptionError,
     r"windowing='tukee' is not allowed\. Did you mean 'tukey'\?"),
    ([{"time": {"T": 256, "padding": "periodc"}}], OptionError, r"Did you mean 'periodic'\?"),
    ([{"time": {"T": 256, "wavelet_handle": "morlett"}}], OptionError,
     r"wavelet_handle='morlett' is not a known wavelet\. Did you mean 'morlet_1d'\?"),
    ([{"time": {"T": 256, "wavelet_handle": 5}}], OptionTypeError, r"expected a wavelet name"),
    ([{"time": {"T": 256, "handle": "morlet", "wavelet_handle": "gammatone"}}], OptionError,
     r"both 'handle'=.* and 'wavelet_handle'=.* are given"),
    ([{"time": {"T": 256, "invariant_handle": np.hanning}}], OptionTypeError,
     r"custom low-pass callables are not supported yet"),
    ([{"time": {"T": 256, "invariant_handle": "gauss"}}], OptionError,
     r"not a known low-pass\. Did you mean 'gaussian_1d'\?"),
    ([{"time": {"T": 256, "is_chunked": "yes"}}], OptionTypeError, r"expected True or False"),
    ([{"time": {"T": 256, "is_chunked": 2}}], OptionError, r"is_chunked=2 is not a boolean"),
    ([{"time": {"T": 256, "duality": "hermitian", "has_duals": False}}], OptionError,
     r"duality='hermitian' is given but has_duals=False"),
    ([{"time": {"T": 256, "duality": "dual"}}], OptionError, r"Allowed values: 'hermitian'"),
    ([{"time": {"T": 256}, "banks": {"time": {}}}], OptionError,
     r"'time' \(the default path\) is given next to 'banks'/'invariants'.*ignores"),
    ([{"time": {"T": 256}}, {"time": {}, "invariants": {"time": {}}}], OptionError,
     r"opts\[1\]\['time'\].*the original then ignores opts\{2\}\.time"),
    ([{"time": {"T": 256}}, {"time": {}, "theta": {}}], OptionError, r"'theta' variable"),
    ([{"space": {"T": 256}}], OptionError, r"2-D"),
    ([{"time": {"T": 256}}, {"time": {}, "j": {}}], OptionError,
     r"opts\[1\]\['j'\].*needs opts\[1\]\['gamma'\] as well"),
    ([{"time": {"T": 256}, "gamma": {}}], OptionError, r"only supported in the second layer"),
    ([{"time": {"T": 256}}, {"time": {}}, {"time": {}, "gamma": {}}], OptionError,
     r"opts\[2\]\['gamma'\].*Move it to opts\[1\]"),
    ([{"time": {"T": 256}}, {"time": {}, "gamma": {}}], OptionError,
     r"T defaults to 2\^nextpow2\(nFilters_per_octave of layer 0\) = 1"),
    ([{"time": {"T": 256}}, {"time": {"T": 16384}}], OptionError, r"T=16384 exceeds size=1024"),
    ([{"time": {"T": 256}}, {"time": {}, "etc": {}}], OptionError, r"'etc' is only read in opts"),
    ([{"time": {"T": 256}, "etc": {"is_waitbar_show": True}}], OptionError,
     r"Did you mean 'is_waitbar_shown'\?"),
    ([{"time": {"T": 256}, "nonlinearity": {"name": "adapted_log"}}], OptionError,
     r"name='adapted_log' is not supported: the original accepts it at setup but errors"),
    ([{"time": {"T": 256}, "nonlinearity": {"name": "modulos"}}], OptionError,
     r"Did you mean 'modulus'\?"),
    ([{"time": {"T": 256}, "nonlinearity": {"nme": "modulus"}}], OptionError,
     r"unknown field 'nme'\. Did you mean 'name'\?"),
    ([{"time": {"T": 256}, "nonlinearity": {"handle": 3}}], OptionTypeError, r"is not callable"),
    ([{"time": {"T": 256}, "nonlinearity": {"name": "modulus", "denominator": 2}}],
     OptionError, r"only applies to 'uniform_log'"),
]


@pytest.mark.parametrize("opts, exc, pattern", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_validation_errors(opts, exc, pattern):
    with pytest.raises(exc, match=pattern):
        resolve_options(opts)


def test_error_classes_subclass_builtins():
    with pytest.raises(ValueError):
        resolve_options([{"time": {"T": 300}}])
    with pytest.raises(TypeError):
        resolve_options([{"time": {"T": "x"}}])


def test_error_message_names_valid_fields_and_matlab_place():
    with pytest.raises(OptionError) as info:
        resolve_options([{"time": {"T": 256, "max_q": 4}}])
    message = str(info.value)
    assert "opts[0]['time'] (MATLAB opts{1}.time)" in message
    assert "Did you mean 'max_Q'?" in message and "nFilters_per_octave" in message


# --- enforced-field warnings ------------------------------------------------------------------

WARNINGS = [
    ([{"time": {"T": 256, "J": 5}}], "opts[0]['time']['J']", "J=5", "8"),
    ([{"time": {"T": 256}}, {"time": {"size": 4096}}], "opts[1]['time']['size']", "size=4096",
     "1024"),
    ([{"time": {"T": 256}}, {"time": {"is_U_blurred": True}}], "opts[1]['time']['is_U_blurred']",
     "is_U_blurred=True", "False"),
    ([_da(), {"time": {}, "gamma": {"size": 64}}], "opts[1]['gamma']['size']", "size=64", "128"),
    ([_da(), {"time": {}, "gamma": {"is_spinned": False}}], "opts[1]['gamma']['is_spinned']",
     "is_spinned=False", "True"),
    ([_da(), {"time": {}, "gamma": {"has_multiple_support": False}}],
     "['has_multiple_support']", "has_multiple_support=False", "True"),
    ([_da(), {"time": {}, "gamma": {}, "j": {"T": 4}}], "opts[1]['j']['T']", "T=4", "2"),
    ([_da(), {"time": {}, "gamma": {}, "j": {"max_Q": 2}}], "opts[1]['j']['max_Q']", "max_Q=2",
     "1"),
    ([_da(), {"time": {}, "gamma": {}, "j": {"nOctaves": 3}}], "opts[1]['j']['nOctaves']",
     "nOctaves=3", "8"),
    ([_da(), {"time": {}, "gamma": {}, "j": {"wavelet_handle": "gammatone",
                                             "is_spinned": False}}],
     "opts[1]['j']['is_spinned']", "is_spinned=False", "True"),
    ([{"time": {"T": 256, "is_chunked": False, "windowing": "hann"}}],
     "opts[0]['time']['windowing']", "windowing='hann'", "'none'"),
    ([{"time": {"T": 256, "has_real_ft": False}}], "opts[0]['time']['has_real_ft']",
     "has_real_ft=False", "True"),
    ([{"time": {"T": 256, "is_double_precision": False}}], "['is_double_precision']",
     "is_double_precision=False", "True"),
    ([{"time": {"T": 256, "gammatone_order": 6}}], "opts[0]['time']['gammatone_order']",
     "gammatone_order=6", "4"),
    ([{"time": {"T": 256, "is_ift_flipped": True}}], "opts[0]['time']['is_ift_flipped']",
     "is_ift_flipped=True", "False"),
]


@pytest.mark.parametrize("opts, where, given, used", WARNINGS,
                         ids=[w[1] for w in WARNINGS])
def test_enforced_field_warns_at_callers_line(opts, where, given, used):
    with pytest.warns(EnforcedOptionWarning, match=re.escape(where)) as record:
        resolve_options(opts)
    message = str(record[0].message)
    assert given in message and f"the value used is {used}" in message
    assert record[0].filename == __file__  # stacklevel points at the user's line


def test_warning_skips_frames_inside_scatnet():
    """A scatnet wrapper (like sc_setup) between the user and resolve_options is skipped."""
    import scatnet.scattering_m.options

    fake = os.path.join(os.path.dirname(scatnet.scattering_m.options.__file__), "_wrapper_for_test.py")
    namespace = {}
    # a constant snippet compiled under a file name inside the package: the frame to skip
    exec(compile("def wrapper(opts):\n    return resolve(opts)\n", fake, "exec"),  # noqa: S102
         {"resolve": resolve_options}, namespace)
    with pytest.warns(EnforcedOptionWarning) as record:
        namespace["wrapper"]([{"time": {"T": 256, "J": 3}}])
    assert record[0].filename == __file__


def test_enforced_field_with_the_derived_value_is_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        resolve_options([{"time": {"T": 256, "J": 8.0}},
                         {"time": {"size": 1024, "is_U_blurred": False}}])
        resolve_options([_da(), {"time": {}, "gamma": {"is_spinned": True, "size": 128},
                                 "j": {"T": 2, "J": 2, "nOctaves": 8}}])
        f = _bank([{"time": {"T": 256, "wavelet_handle": "gammatone", "gammatone_order": 6,
                             "is_ift_flipped": True}}]).filters
        assert (f.gammatone_order, f.is_ift_flipped) == (6, True)


# --- the option table and its documentation ---------------------------------------------------

def test_option_table_is_consistent():
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    for f in FIELDS:
        assert f.contexts, f.name
        assert set(f.enforced) <= set(f.defaults), f.name
    assert "is_chunked" in fields_for("time1") and "is_chunked" not in fields_for("time")
    assert "nOctaves" in fields_for("j") and "nOctaves" not in fields_for("gamma")
    assert "invariant_handle" not in fields_for("gamma")


def test_doc_options_md_is_up_to_date():
    path = os.path.join(os.path.dirname(HERE), "doc", "options.md")
    with open(path, encoding="utf-8") as fh:
        assert fh.read() == options_markdown(), \
            "doc/options.md is stale: run `python -m scatnet.scattering_m.options.docs`"


@pytest.mark.parametrize("opts, pattern", [
    ([{"time": {"T": 256, "nFilters_per_octave": 8}},
      {"time": {}, "gamma": {"invariant_handle": "gamma_1d"}}],
     (r"'invariant_handle' is not read here \(the original ignores it\); it is only read in "
      r"opts\[0\]\['time'\]")),
    ([{"time": {"T": 256}}, {"time": {"is_chunked": True}}],
     r"opts\[1\]\['time'\]\['is_chunked'\].*only read in opts\[0\]\['time'\]"),
    ([{"time": {"T": 256, "nOctaves": 4}}], r"'nOctaves' is not read here"),
    ([{"time": {"T": 256, "U": {"log2_oversampling": 2}}}], r"nested U struct"),
    ([{"time": {"T": 256, "is_phi_gaussian": True}}], r"older versions"),
    ([{"time": {"T": 256, "is_windowed": True}}], r"older versions"),
])
def test_fields_the_original_never_reads_are_ignored_with_a_warning(opts, pattern):
    """Real research scripts set fields where the original does not read them; it ignores them."""
    with pytest.warns(IgnoredOptionWarning, match=pattern):
        archs = sc_setup(opts)
    plain = sc_setup([{"time": {k: v for k, v in opts[0]["time"].items()
                                if k in ("T", "nFilters_per_octave")}}]
                     + [{"time": {}, **({"gamma": {}} if "gamma" in o else {})} for o in opts[1:]])
    assert archs.plan == plain.plan  # nothing changed
