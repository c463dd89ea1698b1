"""MATLAB option scripts ↔ Python opts (scatnet.matlab): the reference ``opts_m`` lines, round
trips, the opts_examples/ pairs, the accepted syntax and one test per rejected construct."""
import math
import runpy

import numpy as np
import pytest
import scipy.io
from hypothesis import given
from hypothesis import strategies as st

from scatnet import OptionError, OptionTypeError, sc_format, sc_propagate, sc_setup
from scatnet.matlab import opts_from_matlab, opts_to_matlab
from scatnet.matlab.writer import format_value
from scatnet.scattering_m.options import resolve_options

from _reference import DATA, OPTS_EXAMPLES, case_opts

#: Every reference case; c07's file is not in tests/data, so its lines are copied here from
#: the shared reference (scattering_m/c07_chunked.mat, opts_m).
CASES = ("c01_plain", "c02_order1", "c03_morlet2", "c04_gammatone_varQ", "c05_joint",
         "c06_spiral", "c07_chunked", "c08_multichannel", "c09_order3", "c10_oversampled",
         "c11_constantQ")
C07_OPTS_M = "opts{1}.time = struct('size', 1024, 'T', 256, 'max_Q', 4);\nopts{2}.time = struct();"
#: The opts_examples/ pairs (name.py + name.m) added for the common set-ups.
EXAMPLES = ("speech_16k", "music_44k", "joint_22k", "spiral_22k", "gammatone_16k", "rlc_16k",
            "physio_order3", "constant_q")
#: Length at which the examples are run in the tests (their own N is longer).
RUN_LENGTH = 8192


def reference_opts_m(case):
    if case == "c07_chunked":
        return C07_OPTS_M
    return str(scipy.io.loadmat(DATA / f"{case}.mat", variable_names=["opts_m"])["opts_m"][0])


@pytest.mark.parametrize("case", CASES)
def test_reference_opts_m_parse_to_the_parity_opts(case):
    parsed = opts_from_matlab(reference_opts_m(case))
    assert parsed == case_opts(case), f"{case}: parsed {parsed}"
    assert resolve_options(parsed) == resolve_options(case_opts(case)), case


@pytest.mark.parametrize("case", CASES)
def test_python_matlab_python_round_trip(case):
    opts = case_opts(case)
    text = opts_to_matlab(opts)
    assert opts_from_matlab(text) == opts, text
    assert resolve_options(opts_from_matlab(text)) == resolve_options(opts)


@pytest.mark.parametrize("name", EXAMPLES)
def test_opts_example_pair_matches_and_runs(name, rng):
    module = runpy.run_path(str(OPTS_EXAMPLES / f"{name}.py"))
    m_file = OPTS_EXAMPLES / f"{name}.m"
    assert opts_from_matlab(m_file, signal_length=module["N"]) == module["opts"], name
    small = opts_from_matlab(m_file, signal_length=RUN_LENGTH)
    assert resolve_options(small) == resolve_options(module["make_opts"](RUN_LENGTH)), name
    S = sc_propagate(rng.standard_normal(RUN_LENGTH), sc_setup(small))
    F, paths = sc_format(S)
    assert F.shape[0] == len(paths) > 0 and np.isfinite(F).all(), name
    assert opts_from_matlab(opts_to_matlab(module["opts"])) == module["opts"], name


SCRIPT = r"""
%% Set-up (a cell title)
clear all; close all; clc;
addpath(genpath('scattering.m'));
%{
opts{9}.time = 'inside a block comment';
%}
N = 65536; Q = 8;   # an Octave comment
Fs = 44100;
opts = cell(1, 2);
opts{1} = default_auditory(length(signal), Fs, Q);
opts{1}.time.T = 2^13 / 2 ^ 2;             % 2048
opts{1}.time.gamma_bounds = [5 -40+80];
opts{1}.time.max_scale = Inf;
opts{end}.time = struct('wavelet_handle', @gammatone_1d, ...  a continuation comment
    'max_Q', 1, 'U_log2_oversampling', round(2.5), 'windowing', 'no''ne');
opts{end+1}.time = struct;
opts{3}.time.T = opts{1}.time.T * 2, x = [1, 2; ];
"""


def test_script_with_comments_variables_and_continuations():
    opts = opts_from_matlab(SCRIPT, signal_length=65536, validate=False)
    assert opts == [
        {"time": {"T": 2048, "max_Q": 8, "max_scale": math.inf, "size": 65536,
                  "is_chunked": False, "gamma_bounds": [5, 40]}},
        {"time": {"wavelet_handle": "@gammatone_1d", "max_Q": 1, "U_log2_oversampling": 3,
                  "windowing": "no'ne"}},
        {"time": {"T": 4096}}]


@pytest.mark.parametrize("expression, value", [
    ("2^3^2", 64), ("-2^2", -4), ("2^-1", 0.5), ("1e3 + .5", 1000.5), ("2.*3", 6),
    ("[5 -40]", [5, -40]), ("[5 - 40]", -35), ("[5, 40]", [5, 40]), ("[1; 2]", [1, 2]),
    ("[]", []), ("[256]", 256), ("mod(-1, 3)", 2), ("nextpow2(1000)", 10), ("pow2(3)", 8),
    ("max([3 9 4])", 9), ("min(2, 7)", 2), ("round(-2.5)", -3), ("floor(log2(1000))", 9),
    ("size(x, 1) / 4", 16), ("numel([1 2 3])", 3), ("true", True), ("[false]", False),
    ("'a' \"b\"", None), ("['ab' 'cd']", "abcd"), ("@ morlet_1d", "@morlet_1d"),
    ("sqrt(16) * pi / pi", 4), ("1/0", math.inf), ("v(2)", 40), ("s.a", 3),
])
def test_expressions(expression, value):
    text = f"v = [5 40]; s = struct('a', 3);\nopts{{1}}.time.f = {expression};"
    if value is None:  # two values side by side outside brackets: an error
        with pytest.raises(OptionError, match="unexpected"):
            opts_from_matlab(text, signal_length=64, validate=False)
        return
    got = opts_from_matlab(text, signal_length=64, validate=False)[0]["time"]["f"]
    assert got == value and type(got) is type(value), (expression, got)


def test_variables_name_and_path_sources(tmp_path):
    opts = opts_from_matlab("o{1}.time.T = T0 * 2;", variables={"T0": 128}, name="o")
    assert opts == [{"time": {"T": 256}}]
    path = tmp_path / "setup.m"
    path.write_text("opts{1}.time = struct('size', 4096);\n")
    assert opts_from_matlab(path) == opts_from_matlab(str(path)) == [{"time": {"size": 4096}}]


@pytest.mark.parametrize("text, match", [
    ("opts{1}.time.T = 'abc;", r"line 1: unterminated string"),
    ("opts{1}.time.T = 256;\narchs = sc_setup(opts);", r"line 2: unknown function sc_setup"),
    ("opts{1}.time.T = foo;", r"foo is not defined.*variables="),
    ("opts{1}.time.size = length(x);", r"pass signal_length="),
    ("v = [1 2];\nopts{1}.time.T = v';", r"line 2: the transpose operator"),
    ("opts{1}.time.f = @(x) x;", r"anonymous functions"),
    ("opts{1}.time.T = [1 2; 3 4];", r"2-D matrices"),
    ("if true\n  opts{1}.time.T = 2;\nend", r"line 1: 'if': control flow"),
    ("opts.time.T = 256;", r"opts is a struct, not a cell.*opts\{1\}\.time"),
    ("opts{2}.time = struct();", r"opts\{1\} is never assigned"),
    ("T = 256;", r"nothing is assigned to opts"),
    ("[S, U] = sc_propagate(x, archs);", r"multiple assignment"),
    ("opts{1}.time.T == 3", r"line 1: expected '='"),
    ("opts{1}.time = struct('T', {256});", r"struct array"),
    ("opts{1.5}.time.T = 256;", r"cell index must be a positive integer; got 1.5"),
    ("opts{1}.time.T = 3i;", r"complex number 3i"),
    ("opts{1}.time.T = (-8)^(1/3);", r"complex result"),
    ("opts{1}.time.T = [1 2] * [3 4];", r"matrix operation"),
    ("opts{1}.time = 3;\nopts{1}.time.T = 4;", r"line 2: opts\{1\}\.time is a double"),
    ("s = struct();\nopts{1}.time.T = s.T;", r"s has no field 'T'"),
    ("opts{1}.time.T = 2^;", r"expected a value, found ';'"),
    ("opts{1}.time.T = (256;", r"expected '\)' to close the parenthesis"),
    ("opts{1}.time.T = cell(2);", r"2-D cell"),
    ("opts{1}.time.T = default_auditory(1, 2);", r"default_auditory takes 3 argument"),
    ("opts{1} = default_auditory(1000.5, 8000, 8);", r"N=1000.5 must be an integer"),
    ("%{\nopts{1}.time.T = 256;", r"never closed by %\}"),
])
def test_rejected_constructs_quote_the_line(text, match):
    with pytest.raises(OptionError, match=match):
        opts_from_matlab(text)


def test_invalid_option_quotes_the_line_that_set_it():
    text = "opts{1}.time.T = 256;\nopts{1}.time.nFilter_per_octave = 4;"
    with pytest.raises(OptionError, match=r"(?s)nFilters_per_octave.*line 2: opts\{1\}\.time"):
        opts_from_matlab(text)
    with pytest.raises(OptionError, match=r"(?s)power of two.*set at MATLAB text, line 1"):
        opts_from_matlab("opts{1}.time = struct('T', 300);")
    assert opts_from_matlab("opts{1}.time = struct('T', 300);", validate=False)


def test_bad_sources():
    with pytest.raises(OptionTypeError, match="source has type int"):
        opts_from_matlab(42)
    with pytest.raises(OptionError, match="does not exist"):
        opts_from_matlab("missing_setup.m")
    with pytest.raises(OptionTypeError, match=r"variables\['v'\]"):
        opts_from_matlab("opts{1}.time.T = 2;", variables={"v": object()})


def test_writer_rejects_what_matlab_cannot_express():
    with pytest.raises(OptionTypeError, match=r"opts\[0\]\['time'\]\['wavelet_handle'\].*callable"):
        opts_to_matlab([{"time": {"size": 1024, "wavelet_handle": lambda *a: None}}])
    with pytest.raises(OptionTypeError, match="flat list of numbers"):
        format_value([[1, 2]], ("gamma_bounds",))
    with pytest.raises(OptionTypeError, match="line break"):
        format_value("a\nb", ("windowing",))
    with pytest.raises(OptionError, match="unknown field"):
        opts_to_matlab([{"time": {"T": 256, "nFilter_per_octave": 4}}])
    with pytest.raises(OptionTypeError, match="not a MATLAB identifier"):
        opts_to_matlab(case_opts("c02_order1"), name="my opts")


def test_writer_canonical_handles_and_values():
    text = opts_to_matlab([{"time": {"T": 256.0, "wavelet_handle": "morlet", "max_scale":
                                     np.float64(np.inf), "gamma_bounds": (2, 30),
                                     "is_chunked": np.bool_(False), "mother_xi": 0.1}},
                           {"time": {"invariant_handle": "gaussian"}, "nonlinearity":
                            {"name": "uniform_log", "denominator": 2.5}}], header=False)
    assert "@morlet_1d" in text and "@gaussian_1d" in text and "[2 30]" in text
    assert opts_from_matlab(text)[1]["nonlinearity"] == {"name": "uniform_log",
                                                         "denominator": 2.5}
    assert opts_from_matlab(text)[0]["time"]["mother_xi"] == 0.1


finite = st.floats(allow_nan=False, allow_infinity=True, width=64)
values = st.one_of(st.integers(-2 ** 52, 2 ** 52), finite, st.booleans(),
                   st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
                   st.lists(st.one_of(st.integers(-1000, 1000), finite), min_size=2, max_size=5))


def _canonical(v):
    if isinstance(v, float) and math.isfinite(v) and v == round(v) and abs(v) < 2 ** 53:
        return int(v)
    return [_canonical(x) for x in v] if isinstance(v, list) else v


@given(values)
def test_value_codec_round_trip(value):
    text = f"opts{{1}}.time.x = {format_value(value, ('x',))};"
    assert opts_from_matlab(text, validate=False)[0]["time"]["x"] == _canonical(value)
