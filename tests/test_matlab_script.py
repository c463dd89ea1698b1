"""Issue 13: whole MATLAB scripts read by ``opts_from_matlab`` (skipped statements reported,
conditions and loops resolved, ``archs`` edits translated), and ``Architecture.with_behavior``.

The scripts in ``tests/data/matlab_scripts/`` reproduce the structures of public scattering.m
research scripts (loads, plots, ``if strcmp(…)`` on settings, loops, function files, ``setup``
alias, ``archs{m}.banks{b}.behavior`` edits) with our own option lines.
"""
import pathlib
import warnings

import numpy as np
import pytest

from scatnet import OptionError, ScatnetWarning, default_auditory, sc_propagate, sc_setup
from scatnet.matlab import ArchEdit, ScriptReport, opts_from_matlab

DATA = pathlib.Path(__file__).parent / "data" / "matlab_scripts"


def _read(name, **kwargs):
    with pytest.warns(ScatnetWarning, match=r"statement\(s\) skipped") as rec:
        opts, report = opts_from_matlab(DATA / name, return_report=True, **kwargs)
    assert len([w for w in rec if "skipped" in str(w.message)]) == 1  # one warning
    assert rec[0].filename == __file__
    return opts, report


def _x(n):
    return np.random.default_rng(13).standard_normal(n)


def test_load_and_plots_are_skipped_and_reported():
    opts, report = _read("demo_load_plot.m", variables={"Fs": 8192})
    assert opts == [default_auditory(8192, 8192, 8), {"time": {}}]
    assert isinstance(report, ScriptReport)
    skipped = {s.line: s.reason for s in report.skipped}
    assert set(skipped) == {4, 7, 20, 21, 22, 23}
    assert skipped[4] == "command load, not an option"
    assert skipped[20] == "call of display_scalogram(…), not an option"
    assert report.propagate == [(17, "[S, U, Y] = sc_propagate(signal, archs);")]
    assert [line for line, _ in report.setups] == [14]
    S = sc_propagate(_x(8192), sc_setup(opts))
    assert [len(layer) for layer in S] == [1, 1, 4]


def test_a_variable_from_a_skipped_load_asks_for_variables():
    with pytest.raises(OptionError, match=r"(?s)line 10: Fs is not defined.*line 4 \(load "
                                          r"handel;\).*variables="):
        opts_from_matlab(DATA / "demo_load_plot.m")


def test_archs_edits_become_options_and_match_with_behavior():
    opts, report = _read("figure_edits.m", signal_length=8192)
    assert [(e.layer, e.variable, e.field, e.value) for e in report.edits] == [
        (0, "time", "is_U_blurred", False), (1, "time", "S_log2_oversampling", 2),
        (1, "time", "S_log2_oversampling", 2), (1, "time", "S_log2_oversampling", 2),
        (0, "time", "gamma_bounds", [0, 40])]
    assert all(isinstance(e, ArchEdit) for e in report.edits)
    assert opts[1]["time"] == {"T": 1024, "S_log2_oversampling": 2}
    assert opts[0]["time"]["size"] == 8192  # length(signal): signal_length
    with pytest.warns(ScatnetWarning, match="7 statement"):  # the one summary warning
        _plain, _ = opts_from_matlab(DATA / "figure_edits.m", signal_length=8192,
                                    return_report=True, validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = sc_setup(report.setups[-1][1])
        by_method = base.with_behavior(0, is_U_blurred=False, gamma_bounds=[0, 40])
        by_method = by_method.with_behavior(1, S_log2_oversampling=2)
        S1 = sc_propagate(_x(8192), sc_setup(opts))
    S2 = sc_propagate(_x(8192), by_method)
    assert S1[1][0].data.shape == (40, 64)  # γ1 = 1…40 (gamma_bounds clamped), hop 256/2
    assert S1[2][0].data.shape[-1] == 64  # S2: hop 1024/2**(1+2)
    for a, b in zip(S1, S2):
        for ta, tb in zip(a, b):
            np.testing.assert_array_equal(ta.data, tb.data)


def test_conditions_switch_loops_and_setup_alias():
    opts, report = _read("settings_branches.m")
    assert opts[1]["gamma"] == {"T": 16, "U_log2_oversampling": float("inf")}
    assert opts[1]["j"] == {"invariance": "bypassed"}
    assert opts[1]["time"]["sibling_mask_factor"] == 2 and opts[1]["time"]["max_Q"] == 1
    assert len(opts) == 2  # the else branch (opts{3}) is not taken
    reasons = {s.line: s.reason for s in report.skipped}
    assert reasons[42] == "for block that does not build opts"
    assert reasons[51] == "function definition"
    assert "anonymous functions" in reasons[48] and "complex number" in reasons[49]
    assert [line for line, _ in report.setups] == [40]


def test_a_function_file_reads_its_body_with_variables():
    opts, report = _read("setup_function.m", variables={"N": 4096, "Q1": 4, "T": 512})
    assert report.function == "function archs = setup_function(N, Q1, T)"
    assert opts[0]["time"]["gamma_bounds"] == [1, 12]
    assert opts[1]["gamma"] == {"nFilters_per_octave": 1, "subscripts": 2}
    with pytest.raises(OptionError, match=r"line 3: T is not defined.*variables="):
        opts_from_matlab(DATA / "setup_function.m")


def test_loops_that_build_opts_are_unrolled():
    opts, report = _read("layer_loop.m")
    assert opts == [{"time": {"T": 512, "max_Q": 2, "size": 2048}},
                    {"time": {"max_Q": 1, "T": 512, "max_scale": float("inf")}},
                    {"time": {"max_Q": 1, "T": 512, "max_scale": float("inf")}}]
    assert [s.line for s in report.skipped] == [3, 19]


def test_text_stays_strict_unless_script_is_asked():
    text = "opts{1}.time.T = 256;\nplot(1:3);\narchs = sc_setup(opts);"
    with pytest.raises(OptionError, match="line 2"):
        opts_from_matlab(text)
    with pytest.warns(ScatnetWarning, match=r"line 2: plot\(1:3\);"):
        assert opts_from_matlab(text, script=True) == [{"time": {"T": 256}}]


def test_option_only_script_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opts, report = opts_from_matlab("N = 4096;\nopts{1}.time.size = N;", script=True,
                                        return_report=True)
    assert opts == [{"time": {"size": 4096}}] and report.skipped == []


@pytest.mark.parametrize("lines, match", [
    ("archs{2}.banks{1}.behavior.U.is_blurred = true;", (r"line 4: .*is_U_blurred=True cannot be "
                                                        r"executed.*uses False")),
    ("archs{1}.banks{1}.spec.T = 512;", r"line 4: .*only these behaviour fields.*before sc_setup"),
    ("archs{3}.invariants{1}.behavior.S.log2_oversampling = 1;", (r"final invariant archs\{3\} "
                                                                 r"is derived from archs\{2\}")),
    ("archs{2}.banks{2}.behavior.gamma_bounds = [1 2];", r"archs\{2\} has 1 bank\(s\) \(time\)"),
])
def test_edits_that_cannot_run_are_errors(lines, match):
    text = ("opts{1}.time = struct('size', 4096, 'T', 256, 'is_chunked', false);\n"
            f"opts{{2}}.time = struct();\narchs = sc_setup(opts);\n{lines}")
    with pytest.raises(OptionError, match=match):
        opts_from_matlab(text, script=True)


def test_a_condition_that_decides_opts_must_be_resolved():
    text = "opts{1}.time.T = 256;\nif method_index > 1\n  opts{2}.time = struct();\nend"
    with pytest.raises(OptionError, match=r"line 2: the condition decides opts .*method_index is "
                                          r"not defined.*variables="):
        opts_from_matlab(text, script=True)
    assert len(opts_from_matlab(text, script=True, variables={"method_index": 2})) == 2
    assert len(opts_from_matlab(text, script=True, variables={"method_index": 1})) == 1


def test_with_behavior_refuses_what_it_cannot_do():
    archs = sc_setup([{"time": {"size": 4096, "T": 256, "is_chunked": False}}, {"time": {}}])
    with pytest.raises(OptionError, match=r"archs\[2\] \(MATLAB archs\{3\}\) is the final "
                                          r"invariant.*edit layer=1"):
        archs.with_behavior(2, S_log2_oversampling=1)
    with pytest.raises(OptionError, match=r"'T' cannot be edited.*behaviour fields are"):
        archs.with_behavior(0, T=512)
    with pytest.raises(OptionError, match=r"no 'gamma' bank"):
        archs.with_behavior(1, "gamma", gamma_bounds=[1, 2])
    assert archs.with_behavior(1) is archs
    unchunked = archs.with_behavior(0, is_unchunked=False)
    assert unchunked.plan.input.is_unchunked is False and archs.plan.input.is_unchunked is True
