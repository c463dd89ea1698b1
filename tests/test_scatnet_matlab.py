"""MATLAB interop for ScatNet: ``scatnet_from_matlab`` on the reference cases' ``code_m`` and on
ScatNet's demo lines, the accepted syntax, one test per rejected construct; ``save_mat`` of a
``ScatResult`` in ScatNet's cell layout, read back by scipy and (when installed) GNU Octave."""
import os
import shutil
import subprocess
import warnings

import numpy as np
import pytest
import scipy.io

import scatnet
from scatnet import (
    EnforcedOptionWarning,
    InputError,
    InputTypeError,
    OptionError,
    OptionTypeError,
    ScatnetWarning,
)
from scatnet.io import load_signal, save_mat
from scatnet.matlab import PostCall, ScatnetScript, scatnet_from_matlab
from scatnet.scatnet_1d import (
    ScatLayer,
    ScatResult,
    T_to_J,
    default_filter_options,
    format_scat,
    log_scat,
    renorm_scat,
    scat,
    wavelet_factory_1d,
)
from scatnet.scatnet_1d.options import check_filter_options, check_scat_options

from _reference import PARITY_RTOL, rel_error
from _scatnet_reference import load_scatnet_case, scatnet_signal

OCTAVE = shutil.which("octave-cli") or shutil.which("octave")
#: Optional: a checkout of the original ScatNet (its scatutils/ run on our files in Octave).
UPSTREAM = os.environ.get("SCATNET_UPSTREAM")


def _lists(opt):
    """Options as plain Python values (ndarrays → lists, integral floats → int)."""
    def value(v):
        if isinstance(v, np.ndarray):
            return [value(x) for x in v.tolist()]
        if isinstance(v, (list, tuple)):
            return [value(x) for x in v]
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return int(v)
        return v.item() if isinstance(v, np.generic) else v
    return {k: value(v) for k, v in opt.items()}


# ----------------------------------------------------------------------------------------------
# (1) scatnet_from_matlab on the reference cases

def _n03():
    filt_opt = default_filter_options("audio", 512)
    filt_opt["Q"] = [16, 2]
    filt_opt["J"] = T_to_J(512, filt_opt)
    return filt_opt, {"M": 2}


def _n06():
    filt_opt = default_filter_options("audio", 1024)
    filt_opt["Q"] = [4, 2]
    filt_opt["J"] = T_to_J(1024, filt_opt)
    return filt_opt, {"oversampling": 2, "path_margin": 1}


def _n07():
    filt_opt = default_filter_options("audio", 256)
    filt_opt["Q"] = [8, 2]
    filt_opt["J"] = T_to_J(256, filt_opt)
    filt_opt.update(boundary="zero", filter_format="fourier_multires")
    return filt_opt, {}


#: The hand-written Python form of each case's MATLAB lines, with N (from x_m) and the values
#: of J spelled out from the reference README §6.2 where it gives them.
CASES = {
    "n01_audio": (lambda: (default_filter_options("audio", 4096), {}), 65536,
                  {"Q": [8, 1], "J": [57, 12]}),
    "n02_renorm_log": (lambda: (default_filter_options("audio", 4096), {}), 65536,
                       {"Q": [8, 1], "J": [57, 12]}),
    "n03_batch": (_n03, 8192, {"Q": [16, 2], "J": [49, 13]}),
    "n04_gabor_spline": (lambda: ({"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1],
                                   "J": T_to_J(1024, {"Q": [8, 1]})}, {}), 8192,
                         {"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1], "J": [41, 10]}),
    "n05_order3_per": (lambda: (dict(default_filter_options("dyadic", 256), boundary="per"),
                                {"M": 3}), 4096, None),
    "n06_oversampled_short": (_n06, 4096, None),
    "n07_zero_multires_batch": (_n07, 2048, None),
    "n08_linear_spline_fourier": (lambda: ({"filter_type": "spline_1d", "spline_order": 1,
                                            "J": 7, "filter_format": "fourier"}, {}), 2048, None),
}


def case_script(name, extra=""):
    """``code_m`` preceded by the plain ``name = number`` statements of ``x_m`` (N, K, L)."""
    d = load_scatnet_case(name)
    first = d["x_m"].splitlines()[0]
    numbers = [s.strip() for s in first.split(";") if s.strip()
               and s.split("=")[-1].strip().replace(".", "").isdigit()]
    return "; ".join(numbers) + ";\n" + d["code_m"] + ("\n" + extra if extra else "")


@pytest.mark.parametrize("name", CASES)
def test_reference_code_m_reads_to_the_python_options(name):
    build, N, spelled = CASES[name]
    filt_opt, scat_opt = build()
    script = scatnet_from_matlab(case_script(name))
    assert isinstance(script, ScatnetScript)
    assert script.filt_opt == _lists(filt_opt), name
    assert script.scat_opt == scat_opt, name
    assert script.N == N and script.post == (), name
    if spelled is not None:
        assert script.filt_opt == spelled, name
    # the scat lines of the reference: M + 1 operators
    d = load_scatnet_case(name)
    if "bank_of_operator" in d["meta"]:
        n_ops = np.size(d["meta"]["bank_of_operator"])
        assert check_scat_options(script.scat_opt)["M"] + 1 == n_ops, name


@pytest.mark.parametrize("name", ["n01_audio", "n03_batch", "n04_gabor_spline"])
def test_reference_banks_have_the_read_J_and_Q(name):
    """The J and Q MATLAB used (each bank's meta after defaults) are the ones read."""
    script = scatnet_from_matlab(case_script(name))
    opt = check_filter_options(script.filt_opt)
    for k, bank in enumerate(load_scatnet_case(name)["banks"]):
        for field in ("J", "Q", "filter_type"):
            if field in bank["meta"] and field in opt:
                ours = np.atleast_1d(np.asarray(opt[field], dtype=object))
                got = ours[min(k, ours.size - 1)]
                assert got == bank["meta"][field], f"{name} bank {k + 1} {field}"


def test_T_to_J_sees_filt_opt_as_it_is_at_its_line():
    """README §6.2, n03: without the T_to_J line, J stays at the default's [33, 9]."""
    text = case_script("n03_batch")
    without = "\n".join(line for line in text.splitlines() if "T_to_J" not in line)
    assert scatnet_from_matlab(without).filt_opt == {"Q": [16, 2], "J": [33, 9]}
    assert scatnet_from_matlab(text).filt_opt["J"] == [49, 13]
    before = "filt_opt.Q = [16 2];\nfilt_opt.J = T_to_J(512, filt_opt);\nfilt_opt.Q = [8 1];"
    assert scatnet_from_matlab(before).filt_opt == {"Q": [8, 1], "J": [49, 13]}


@pytest.mark.parametrize("name, extra, key", [
    ("n04_gabor_spline", "table = format_scat(S);", "S_table"),
    ("n03_batch", "[table, meta] = format_scat(S);", "S_table"),
])
def test_run_rebuilds_the_reference_pipeline(name, extra, key):
    script = scatnet_from_matlab(case_script(name, extra))
    assert script.post == (PostCall("format_scat"),)
    table, meta = script.run(scatnet_signal(name))
    ref = load_scatnet_case(name)[key]
    table = np.moveaxis(table, 0, -1) if table.ndim == 3 else table  # (K, P, T) → P × T × K
    assert rel_error(table, ref) <= PARITY_RTOL, name
    np.testing.assert_array_equal(meta["order"].ravel(), load_scatnet_case(name)["S_table_meta"]
                                  ["order"].ravel())


def test_run_applies_post_in_order():
    text = case_script("n04_gabor_spline", "R = renorm_scat(S, 2^-10);\nL = log_scat(R);")
    script = scatnet_from_matlab(text)
    assert script.post == (PostCall("renorm_scat", (2 ** -10,)), PostCall("log_scat"))
    x = scatnet_signal("n04_gabor_spline")
    ours, U = script.run(x, return_U=True)
    Wop, _ = wavelet_factory_1d(8192, script.filt_opt)
    S, U_direct = scat(x, Wop, return_U=True)
    expected = log_scat(renorm_scat(S, 2 ** -10))
    for a, b in zip(ours, expected):
        for s, t in zip(a.signal, b.signal):
            np.testing.assert_array_equal(s, t)
    assert len(U) == len(U_direct)


def test_run_rejects_function_handles():
    script = scatnet_from_matlab("filt_opt.Q = 8;\nWop = wavelet_factory_1d(1024, filt_opt);\n"
                                 "S = average_scat(scat(x, Wop), 64, 32, @hanning);")
    assert script.post == (PostCall("average_scat", (64, 32, "@hanning")),)
    with pytest.raises(OptionError, match=r"average_scat\(S, …, @hanning\) takes a MATLAB"):
        script.run(np.zeros(1024))


# ----------------------------------------------------------------------------------------------
# (1) the demos, variables, syntax

AUDIO_DEMO1 = """
% Load a familiar tune & truncate to the first N samples.
N = 65536;

% Set up default filter bank with averaging scale of 4096 samples.
T = 4096;
filt_opt = default_filter_options('audio', T);

% Only compute zeroth-, first- and second-order scattering.
scat_opt.M = 2;

% Prepare wavelet transforms to use in scattering.
[Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt);

%%
% Compute the scattering coefficients of y.
S = scat(y, Wop);
logrenorm_S = log_scat(renorm_scat(S));
"""

AUDIO_DEMO2 = """
N = 5*2^17;
T = 8192;
filt_opt.Q = [8 1];
filt_opt.J = T_to_J(T, filt_opt);
scat_opt.M = 2;
Wop = wavelet_factory_1d(N, filt_opt, scat_opt);
"""

DEMO_LOG_SCAT = """
N = 65536;
T = 4096;
filt_opt = default_filter_options('audio', T);
scat_opt.M = 2;
[Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt);
S = scat(y, Wop);

epsilon = 2^(-20); % default value
log_S = log_scat(S,epsilon);
X = format_scat(log_S); % gathers all scattering coefficients into a matrix
"""


@pytest.mark.parametrize("text, filt_opt, scat_opt, N, post", [
    (AUDIO_DEMO1, _lists(default_filter_options("audio", 4096)), {"M": 2}, 65536,
     (PostCall("renorm_scat"), PostCall("log_scat"))),
    (AUDIO_DEMO2, {"Q": [8, 1], "J": _lists({"J": T_to_J(8192, {"Q": [8, 1]})})["J"]}, {"M": 2},
     5 * 2 ** 17, ()),
    (DEMO_LOG_SCAT, _lists(default_filter_options("audio", 4096)), {"M": 2}, 65536,
     (PostCall("log_scat", (2.0 ** -20,)), PostCall("format_scat"))),
])
def test_scatnet_demo_lines(text, filt_opt, scat_opt, N, post):
    assert tuple(scatnet_from_matlab(text)) == (filt_opt, scat_opt, N, post)


def test_variables_comments_and_syntax(tmp_path):
    text = """%% ScatNet set-up
    %{
    block comment: filt_opt.Q = 99;
    %}
    T = 2^12; n = length(x);    # n from signal_length
    filt_opt = struct();
    filt_opt.filter_type = {'gabor_1d', ...
                            "spline_1d"};   % continuation, both quotes
    filt_opt.Q = [Q1 1];
    filt_opt.J = T_to_J(T, filt_opt);
    filt_opt.boundary = 'per';
    filt_opt.B = [];
    scat_opt = struct('M', 2, 'oversampling', 1);
    scat_opt.path_margin = -0.5
    tmp = 3; clear tmp
    [Wop, ~] = wavelet_factory_1d(size(x, 1), filt_opt, scat_opt);
    """
    script = scatnet_from_matlab(text, signal_length=8192, variables={"Q1": 8})
    assert script.filt_opt == {"filter_type": ["gabor_1d", "spline_1d"], "Q": [8, 1],
                               "J": [T_to_J(4096, {"Q": 8}), T_to_J(4096, {"Q": 1})],
                               "boundary": "per", "B": []}
    assert script.scat_opt == {"M": 2, "oversampling": 1, "path_margin": -0.5}
    assert script.N == 8192
    path = tmp_path / "setup.m"
    path.write_text(text)
    assert scatnet_from_matlab(path, signal_length=8192, variables={"Q1": 8}) == script
    assert scatnet_from_matlab(str(path), signal_length=8192, variables={"Q1": 8}) == script


def test_options_are_those_passed_to_the_factory():
    """MATLAB passes copies: changes after wavelet_factory_1d do not count; any names work."""
    text = """fo.Q = 8; fo.J = 40;
    so.M = 1;
    Wop = wavelet_factory_1d(4096, fo, so);
    fo.Q = 1;
    filt_opt.Q = 2;
    S = scat(x, Wop);
    """
    assert tuple(scatnet_from_matlab(text)) == ({"Q": 8, "J": 40}, {"M": 1}, 4096, ())
    inline = "Wop = wavelet_factory_1d(4096, default_filter_options('dyadic', 128));"
    assert scatnet_from_matlab(inline).filt_opt == _lists(default_filter_options("dyadic", 128))
    assert tuple(scatnet_from_matlab("Wop = wavelet_factory_1d(1024);")) == ({}, {}, 1024, ())


def test_without_factory_the_variables_are_read():
    script = scatnet_from_matlab("filt_opt = default_filter_options('dyadic', 64);")
    assert tuple(script) == ({"Q": 1, "J": T_to_J(64, {"Q": 1})}, {}, None, ())
    assert tuple(scatnet_from_matlab("scat_opt.M = 3;")) == ({}, {"M": 3}, None, ())


def test_post_follows_the_data_flow():
    base = "filt_opt.Q = 8;\nWop = wavelet_factory_1d(1024, filt_opt);\n"
    cases = {
        "[S, U] = scat(x, Wop);\nR = renorm_scat(S);\nL = log_scat(R, 1e-6);":
            (PostCall("renorm_scat"), PostCall("log_scat", (1e-6,))),
        "S = scat(x, Wop);\nA = log_scat(S);\nX = format_scat(S, 'order_table');":
            (PostCall("format_scat", ("order_table",)),),
        "X = format_scat(log_scat(renorm_scat(scat(x, Wop), 2^-20, 2)));":
            (PostCall("renorm_scat", (2.0 ** -20, 2)), PostCall("log_scat"),
             PostCall("format_scat")),
        "S = scat(x, Wop);\nF = flatten_scat(resample_scat(average_scat(S, 64), 3, 0));":
            (PostCall("average_scat", (64,)), PostCall("resample_scat", (3, 0)),
             PostCall("flatten_scat")),
        "S = scat(x, Wop);\nS2 = S;\nS2 = log_scat(S2);": (PostCall("log_scat"),),
        "S = scat(x, Wop);": (),
    }
    for text, post in cases.items():
        assert scatnet_from_matlab(base + text).post == post, text
    # post-processing of an S computed elsewhere (the text never calls scat)
    assert scatnet_from_matlab("filt_opt.Q = 8;\nS = log_scat(S);").post == (PostCall("log_scat"),)


def test_validate_false_keeps_invalid_options():
    script = scatnet_from_matlab("filt_opt.Qq = -1;", validate=False)
    assert script.filt_opt == {"Qq": -1}


def test_scat_opt_not_passed_warns():
    text = "filt_opt.Q = 8;\nscat_opt.M = 3;\nWop = wavelet_factory_1d(1024, filt_opt);"
    with pytest.warns(ScatnetWarning, match=r"scat_opt is set \(line 2: scat_opt.M = 3;\) but "
                                            r"wavelet_factory_1d at line 3 is not given it"):
        script = scatnet_from_matlab(text)
    assert script.scat_opt == {}


def test_ignored_scat_options_warn_with_their_line():
    with pytest.warns(EnforcedOptionWarning, match=r"x_resolution.*\n  \(set at MATLAB text, "
                                                   r"line 2: scat_opt.x_resolution = 1;\)"):
        scatnet_from_matlab("scat_opt.M = 2;\nscat_opt.x_resolution = 1;")


@pytest.mark.parametrize("text, kwargs, error, match", [
    ("filt_opt.Q = 8;\nload handel;", {}, OptionError,
     r"line 2: expected '=' after load.*\n    2 \| load handel;"),
    ("filt_opt.Q = 8;\nfigure;\n", {}, OptionError, r"line 2: expected '=' after figure"),
    ("filt_opt.Q = 8;\nimg = scattergram_layer(S{2}, []);", {}, OptionError,
     r"line 2: unknown function scattergram_layer\(…\).*functions: T_to_J, .*default_filter_opt"),
    ("filt_opt.Q = 8;\nfor m = 1:2\nend", {}, OptionError,
     r"line 2: 'for': control flow and functions are not supported"),
    ("feature_fun = @(x)(format_scat(x));", {}, OptionError, r"line 1: anonymous functions"),
    ("filt_opt.J = T_to_J(T, filt_opt);", {}, OptionError,
     r"line 1: T is not defined .*variables=\{'T': …\}"),
    ("filt_opt.Q = 8;\nWop = wavelet_factory_1d(N, filt_opt);", {}, OptionError,
     r"line 2: N is not defined"),
    ("filt_opt.Q = 8;\nWop = wavelet_factory_1d(length(x), filt_opt);", {}, OptionError,
     r"line 2: x is not defined in the text: pass signal_length="),
    ("filt_opt.Q = [8 -1];\nWop = wavelet_factory_1d(1024, filt_opt);", {}, OptionError,
     r"filt_opt\['Q'\]\[1\].*> 0.*\n  \(set at MATLAB text, line 1: filt_opt.Q = \[8 -1\];\)"),
    ("fo.Qq = 8;\nWop = wavelet_factory_1d(1024, fo);", {}, OptionError,
     r"unknown field 'Qq'. Did you mean 'Q'\?.*\n  \(set at MATLAB text, line 1: fo.Qq = 8;\)"),
    ("scat_opt = struct('M', 2, 'oversamplin', 1);", {}, OptionError,
     r"Did you mean 'oversampling'\?.*\n  \(set at MATLAB text, line 1: scat_opt = struct"),
    ("scat_opt.M = 1.5;", {}, OptionError,
     r"scat_opt\['M'\].*integer >= 0.*\n  \(set at MATLAB text, line 1"),
    ("filt_opt.filter_type = {'gabor_1d', 'splin_1d'};", {}, OptionError,
     r"Did you mean 'spline_1d'\?.*\n  \(set at MATLAB text, line 1"),
    ("filt_opt.boundary = 3;\nWop = wavelet_factory_1d(64, filt_opt);", {}, OptionTypeError,
     r"boundary=3 has type int.*\n  \(set at MATLAB text, line 1: filt_opt.boundary = 3;\)"),
    ("filt_opt = default_filter_options('image', 64);", {}, OptionError,
     r"line 1: default_filter_options: filter_type='image' is ScatNet's 2-D"),
    ("filt_opt = default_filter_options(4, 64);", {}, OptionError,
     r"line 1: the first argument of default_filter_options is the kind of signal"),
    ("filt_opt.J = T_to_J(-4, struct('Q', 8));", {}, OptionError, r"line 1: T_to_J: T=.*> 0"),
    ("filt_opt.J = T_to_J(64, 8);", {}, OptionError,
     r"line 1: the second argument of T_to_J must be a struct"),
    ("filt_opt.Q = 8;\nS = scat(x, Wop);", {}, OptionError,
     r"line 2: Wop is not defined: build the operators first"),
    ("filt_opt.Q = 8;\nWop = 3;\nS = scat(x, Wop);", {}, OptionError, r"line 3: Wop is a double"),
    ("Wop = wavelet_factory_1d(64);\nW2 = wavelet_factory_1d(64);", {}, OptionError,
     r"line 2: wavelet_factory_1d is called a second time \(first at line 1\)"),
    ("Wop = wavelet_factory_1d(64);\nS = scat(x, Wop);\nX = format_scat(S);\nY = log_scat(X);", {},
     OptionError, r"line 4: log_scat cannot follow format_scat"),
    ("Wop = wavelet_factory_1d(64.5);", {}, OptionError,
     r"line 1: N, the first argument of wavelet_factory_1d, .* positive integer; got N=64.5"),
    ("Wop = wavelet_factory_1d(64, 8);", {}, OptionError,
     r"argument 2 of wavelet_factory_1d \(filt_opt\) must be a struct; got a double"),
    ("Wop = wavelet_factory_1d(64, struct(), struct(), 1);", {}, OptionError,
     r"wavelet_factory_1d takes \(N, filt_opt, scat_opt\)"),
    ("Wop = wavelet_factory_1d(64);\nS = log_scat(scat(x, Wop), 1, 2);", {}, OptionError,
     r"line 2: log_scat takes 1 to 2 arguments \(S first\); got 3"),
    ("Wop = wavelet_factory_1d(64);\nS = scat(x, Wop, 3);", {}, OptionError,
     r"line 2: scat takes \(x, Wop\) here; got 3"),
    ("Wop = wavelet_factory_1d(64);\nS = log_scat(Wop);", {}, OptionError,
     r"line 2: the first argument of log_scat must be a scattering"),
    ("x = 3;", {}, OptionError, r"neither assigns filt_opt or scat_opt nor calls"),
    ("filt_opt = 3;", {}, OptionError, r"filt_opt is a double, not a struct"),
    ("filt_opt.Q = 8", {"variables": {"v": object()}}, OptionTypeError,
     r"scatnet_from_matlab: variables\['v'\]"),
    (3.0, {}, OptionTypeError, r"scatnet_from_matlab: source has type float"),
    ("missing_setup.m", {}, OptionError, r"scatnet_from_matlab: file 'missing_setup.m' does not"),
])
def test_errors_quote_the_line(text, kwargs, error, match):
    with pytest.raises(error, match=match):
        scatnet_from_matlab(text, **kwargs)


# ----------------------------------------------------------------------------------------------
# (2) save_mat of a ScatResult

def hand_built(K=None, dtype=np.float64):
    """S0 (1 path), S1 (3 paths), S2 (2 paths), S3 (no path: all pruned); 8 frames."""
    rng = np.random.default_rng(7)
    b = () if K is None else (K,)

    def layer(m, js, bw, res, n=8):
        signal = [rng.standard_normal(b + (n,)).astype(dtype) for _ in range(len(bw))]
        j = np.array(js, dtype=np.int64).reshape(m, len(bw))
        return ScatLayer(signal, {"j": j, "bandwidth": np.array(bw, dtype=float),
                                  "resolution": np.array(res, dtype=np.int64)}, b)
    return ScatResult([layer(0, [], [0.1], [3]),
                       layer(1, [0, 1, 2], [0.4, 0.2, 0.1], [3, 3, 3]),
                       layer(2, [[0, 0], [1, 2]], [0.1, 0.1], [3, 3]),
                       layer(3, [], [], [])], kind="S")


def cell(a, *indices):
    """MATLAB ``a{i}`` (1-based) on loadmat's 1 × n object arrays."""
    for i in indices:
        a = a[0, i - 1]
    return a


@pytest.mark.parametrize("K", [None, 3])
def test_nested_layout_fields_and_shapes(tmp_path, K):
    S = hand_built(K)
    mat = scipy.io.loadmat(save_mat(tmp_path / "s", S))
    assert {k for k in mat if not k.startswith("__")} == {"S", "scatnet"}
    assert mat["S"].shape == (1, 4) and mat["S"].dtype == object
    for m, layer in enumerate(S):
        struct = cell(mat["S"], m + 1)
        assert struct.dtype.names == ("signal", "meta"), m
        signal, meta = struct["signal"][0, 0], struct["meta"][0, 0]
        assert signal.shape == (1, len(layer.signal)), m
        for p, s in enumerate(layer.signal):
            got = signal[0, p]
            expected = s.reshape(-1, 1) if K is None else s.T[:, None, :]
            assert got.shape == ((8, 1) if K is None else (8, 1, K)), (m, p)
            np.testing.assert_array_equal(got, expected)
        assert meta.dtype.names == ("j", "bandwidth", "resolution")
        j = meta["j"][0, 0]
        assert j.shape == (m, len(layer.signal)) and j.dtype == np.float64, m
        np.testing.assert_array_equal(j, layer.meta["j"])
        for field in ("bandwidth", "resolution"):
            got = meta[field][0, 0]
            assert got.shape == (1, len(layer.signal)) and got.dtype == np.float64, (m, field)
            np.testing.assert_array_equal(got[0], layer.meta[field])
    assert cell(mat["S"], 1)["meta"][0, 0]["j"][0, 0].shape == (0, 1)  # order 0: 0 × 1
    info = mat["scatnet"][0, 0]
    assert str(info["toolbox"][0]) == "ScatNet" and str(info["layout"][0]) == "nested"
    assert float(info["n_signals"][0, 0]) == (1 if K is None else K)
    assert str(info["version"][0]) == scatnet.__version__


def test_float32_stays_single(tmp_path):
    mat = scipy.io.loadmat(save_mat(tmp_path / "s", hand_built(2, np.float32)))
    assert cell(mat["S"], 2)["signal"][0, 0][0, 1].dtype == np.float32


@pytest.fixture(scope="module")
def computed():
    """A real two-order ScatNet result of 3 signals, with U, and its options."""
    script = scatnet_from_matlab("filt_opt = default_filter_options('audio', 128);\n"
                                 "filt_opt.filter_type = {'gabor_1d', 'spline_1d'};\n"
                                 "scat_opt.M = 2;\n"
                                 "[Wop, filters] = wavelet_factory_1d(1024, filt_opt, scat_opt);")
    x = np.random.default_rng(3).standard_normal((3, 1024))
    S, U = script.run(x, return_U=True)
    return script, x, S, U


def test_both_layouts_with_U_x_and_options(tmp_path, computed):
    script, x, S, U = computed
    path = save_mat(tmp_path / "both", S, U, layout="both", x=x, opts=script)
    mat = scipy.io.loadmat(path)
    assert {k for k in mat if not k.startswith("__")} == {
        "S", "U", "S_table", "S_table_meta", "x", "filt_opt", "scat_opt", "N", "scatnet"}
    assert mat["x"].shape == (1024, 1, 3)
    np.testing.assert_array_equal(mat["x"][:, 0, :], x.T)
    np.testing.assert_array_equal(load_signal(path, variable="x"), x)
    assert mat["U"].shape == (1, 3)
    u1 = cell(mat["U"], 1)["signal"][0, 0][0, 0]
    np.testing.assert_array_equal(u1, x.T[:, None, :])  # U{1}.signal{1} = x
    for m in range(3):
        assert cell(mat["U"], m + 1)["signal"][0, 0].shape == (1, len(U[m].signal))
        np.testing.assert_array_equal(cell(mat["S"], m + 1)["signal"][0, 0][0, -1],
                                      S[m].signal[-1].T[:, None, :])
    table, meta = format_scat(S, layout="matlab")
    assert mat["S_table"].shape == table.shape == (sum(len(layer) for layer in S), 16, 3)
    np.testing.assert_array_equal(mat["S_table"], table)
    tmeta = mat["S_table_meta"][0, 0]
    for field in ("order", "bandwidth", "resolution"):
        np.testing.assert_array_equal(tmeta[field], np.asarray(meta[field], float)[None, :])
    np.testing.assert_array_equal(tmeta["j"], meta["j"])
    filt_opt = mat["filt_opt"][0, 0]
    assert [str(v[0]) for v in filt_opt["filter_type"][0]] == ["gabor_1d", "spline_1d"]
    np.testing.assert_array_equal(filt_opt["Q"], [[8.0, 1.0]])
    np.testing.assert_array_equal(filt_opt["J"], [script.filt_opt["J"]])
    assert float(mat["scat_opt"][0, 0]["M"][0, 0]) == 2 and float(mat["N"][0, 0]) == 1024
    flat = scipy.io.loadmat(save_mat(tmp_path / "flat", S, layout="flat",
                                     opts=(script.filt_opt, None)))
    assert "S" not in flat and flat["S_table"].shape == table.shape
    assert flat["scat_opt"].shape == (1, 1) and "N" not in flat


def test_scattering_m_results_still_take_their_path(tmp_path):
    from scatnet import sc_propagate, sc_setup
    archs = sc_setup([{"time": {"size": 1024, "T": 128, "is_chunked": False}}, {"time": {}}])
    S = sc_propagate(np.cos(np.arange(1024.0)), archs)
    mat = scipy.io.loadmat(save_mat(tmp_path / "m", S, layout="both"))
    assert {"S", "F", "paths", "S0"} <= set(mat) and "toolbox" not in mat["scatnet"].dtype.names


@pytest.mark.parametrize("call, error, match", [
    (lambda S, U, p: save_mat(p, S, layout="table"), InputError, r"layout='table' is not one of"),
    (lambda S, U, p: save_mat(p, S, U=S), InputTypeError,
     r"U must be the U returned by scat \(a ScatResult of kind 'U'\); got ScatResult of kind 'S'"),
    (lambda S, U, p: save_mat(p, ScatResult(list(U), kind="U")), InputTypeError,
     r"save_mat: S must be the S returned by scat"),
    (lambda S, U, p: save_mat(p, S, U=[1]), InputTypeError, r"U must be the U .*got list"),
    (lambda S, U, p: save_mat(p, S, x=np.zeros(1024)), InputError,
     r"x has shape \(1024,\) but S holds 3 signal\(s\)"),
    (lambda S, U, p: save_mat(p, S, x=np.zeros((2, 1024))), InputError, r"x has shape \(2, 1024\)"),
    (lambda S, U, p: save_mat(p, S, x=np.zeros((3, 1, 1024))), InputError,
     r"x must have shape \(N,\) or \(K, N\)"),
    (lambda S, U, p: save_mat(p, S, opts=[{"time": {}}]), InputTypeError,
     r"opts must be the ScatnetScript of scatnet_from_matlab or a pair"),
    (lambda S, U, p: save_mat(p, ScatResult([S[0], S[1].copy(signal=[s[0] for s in S[1].signal])])),
     InputError, r"S\[1\].signal\[0\] \(MATLAB S\{2\}.signal\{1\}\) has shape \(16,\)"),
    (lambda S, U, p: save_mat(p, S, U=ScatResult([ScatLayer([u[0] for u in layer.signal],
                                                             layer.meta) for layer in U], "U")),
     InputError, r"U holds signals of batch shape \(\) but S \(3,\)"),
    (lambda S, U, p: save_mat(p, ScatResult([S[0], "not a layer"])), InputTypeError,
     r"S\[1\] \(MATLAB S\{2\}\) is a str, not a ScatLayer"),
])
def test_save_errors(tmp_path, computed, call, error, match):
    _, _, S, U = computed
    with pytest.raises(error, match=match):
        call(S, U, tmp_path / "bad")


def test_flat_layout_needs_one_resolution(tmp_path):
    S = hand_built()
    S[1] = S[1].copy(signal=[s[:4] for s in S[1].signal])
    with pytest.raises(InputError, match=r"format_scat: fmt='table' needs every order"):
        save_mat(tmp_path / "f", S, layout="flat")


#: Octave: sizes, values and a rebuild of format_scat's table from the nested cells, as
#: ScatNet's format_scat does (out(p, :) = S{m}.signal{p}(:)).
OCTAVE_SCRIPT = r"""
load(file);
printf('n %d %s\n', numel(S), class(S));
printf('sig %s\n', sprintf('%d,', size(S{2}.signal{3})));
printf('j0 %s\n', sprintf('%d,', size(S{1}.meta.j)));
printf('j2 %s\n', sprintf('%d,', size(S{3}.meta.j)));
printf('j2val %s\n', sprintf('%d,', S{3}.meta.j(:, 2)));
printf('bw %s\n', sprintf('%d,', size(S{2}.meta.bandwidth)));
printf('res %s\n', sprintf('%d,', S{2}.meta.resolution));
printf('class %s %s\n', class(S{2}.signal{3}), class(S{2}.meta.j));
printf('sum %.17g\n', sum(S{3}.signal{2}(:)));
printf('x %s\n', sprintf('%d,', size(x)));
printf('u %s\n', sprintf('%d,', size(U{2}.signal{1})));
printf('ft %s %d\n', filt_opt.filter_type{2}, scat_opt.M);
printf('tb %s\n', scatnet.toolbox);
rows = {};
for m = 1:numel(S)
  for p = 1:numel(S{m}.signal)
    rows{end+1} = reshape(S{m}.signal{p}, 1, []);
  end
end
F = cat(1, rows{:});
printf('table %s %.3g\n', sprintf('%d,', size(S_table)), max(abs(F(:) - S_table(:))));
if exist('upstream', 'var')
  addpath(fullfile(upstream, 'scatutils'));
  [T2, meta2] = format_scat(S);
  L = format_scat(log_scat(renorm_scat(S)));
  save('-v7', out, 'T2', 'L');
  printf('upstream %s\n', sprintf('%d,', size(T2)));
end
"""


def _octave(tmp_path, body):
    script = tmp_path / "check.m"
    script.write_text(body)
    run = subprocess.run([OCTAVE, "--no-gui", "--quiet", "--norc", str(script)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return dict(line.split(" ", 1) for line in run.stdout.splitlines() if " " in line)


@pytest.mark.skipif(OCTAVE is None, reason="octave is not installed (optional tool: "
                    "apt-get install --no-install-recommends octave)")
def test_octave_reads_the_scatnet_layout(tmp_path, computed):
    script, x, S, U = computed
    path = save_mat(tmp_path / "res", S, U, layout="both", x=x, opts=script)
    head = f"file = '{path}';\nout = '{tmp_path / 'octave_out.mat'}';\n"
    if UPSTREAM:
        head += f"upstream = '{UPSTREAM}';\n"
    got = _octave(tmp_path, head + OCTAVE_SCRIPT)
    n1 = S[1].signal[2].shape[-1]
    assert got["n"] == "3 cell" and got["sig"] == f"{n1},1,3,"
    assert got["j0"] == "0,1," and got["j2"] == f"2,{len(S[2])},"
    assert got["j2val"] == "".join(f"{v}," for v in S[2].meta["j"][:, 1])
    assert got["bw"] == f"1,{len(S[1])}," and got["class"] == "double double"
    assert got["res"] == "".join(f"{v}," for v in S[1].meta["resolution"])
    assert np.isclose(float(got["sum"]), S[2].signal[1].sum(), rtol=1e-13)
    assert got["x"] == "1024,1,3," and got["u"] == f"{U[1].signal[0].shape[-1]},1,3,"
    assert got["ft"] == "spline_1d 2" and got["tb"] == "ScatNet"
    shape, err = got["table"].split()
    assert shape == "".join(f"{n}," for n in format_scat(S, layout="matlab")[0].shape)
    assert float(err) == 0.0
    if UPSTREAM:  # ScatNet's own scatutils on the loaded cells: P × T × 1 × K tables
        ours = scipy.io.loadmat(tmp_path / "octave_out.mat")
        table = format_scat(S, layout="matlab")[0]
        np.testing.assert_array_equal(ours["T2"].reshape(table.shape), table)
        logrenorm = format_scat(log_scat(renorm_scat(S)), layout="matlab")[0]
        assert rel_error(ours["L"].reshape(table.shape), logrenorm) < 1e-12


@pytest.mark.skipif(OCTAVE is None, reason="octave is not installed")
def test_octave_reads_the_hand_built_empty_order(tmp_path):
    path = save_mat(tmp_path / "hand", hand_built())
    got = _octave(tmp_path, f"load('{path}');\n"
                            "printf('s3 %s\\n', sprintf('%d,', size(S{4}.signal)));\n"
                            "printf('j3 %s\\n', sprintf('%d,', size(S{4}.meta.j)));\n"
                            "printf('s1 %s\\n', sprintf('%d,', size(S{1}.signal{1})));\n")
    assert got == {"s3": "1,0,", "j3": "3,0,", "s1": "8,1,"}


def test_no_warning_from_a_clean_script():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scatnet_from_matlab(case_script("n03_batch"))
