"""Issue 13: script constructs that a sweep over public scattering.m scripts found misread.

Each test is a short script of our own that reproduces one construct the whole-script reader
of ``opts_from_matlab`` mishandled.
"""
import warnings

import pytest

from scatnet import OptionError, sc_setup
from scatnet.matlab import opts_from_matlab
from scatnet.matlab._lexer import tokenize


def _read(text, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return opts_from_matlab(text, script=True, return_report=True, **kwargs)


@pytest.mark.parametrize("data_line", [
    "names = names(~cellfun(@(x) x(1)=='.', names));",
    "class_names = cellfun(@(x) x(1:(end-6)), names, 'UniformOutput', false);",
    "w = exp(2i*pi*(0:3));",
    "y = f(x, $);",
])
def test_one_token_construct_keeps_the_brackets_balanced(data_line):
    # An anonymous function, a complex number or a stray character inside brackets used to
    # drop the rest of its line with the closing brackets: every later statement was then
    # read as part of the open bracket, and the script "assigned nothing to opts".
    text = f"{data_line}\nopts{{1}}.time.T = 256;\nopts{{1}}.time.size = 1024;\n" \
           "archs = sc_setup(opts);\n"
    opts, report = _read(text)
    assert opts == [{"time": {"T": 256, "size": 1024}}]
    assert [s.line for s in report.skipped] == [1]
    sc_setup(opts)


def test_anonymous_function_spanning_a_continuation_is_one_skipped_statement():
    text = ("f = arrayfun(@(x, y) repmat(x, y, 1), a, ...\n"
            "    b, 'UniformOutput', false);\n"
            "opts{1}.time.T = 256;\n")
    opts, report = _read(text)
    assert opts == [{"time": {"T": 256}}]
    assert [s.line for s in report.skipped] == [1]
    assert "anonymous functions" in report.skipped[0].reason


def test_lenient_tokens_resume_after_the_construct():
    kinds = [t.kind for t in tokenize("a = g(@(x) x, 1);", lenient=True)]
    assert kinds.count("bad") == 1
    assert kinds.count("op") >= 6  # = ( ( ) , ) ; all still there


def test_unterminated_string_inside_brackets_ends_at_the_line():
    # the rest of the line is dropped with its brackets: the next line is a new statement
    text = "s = f(['abc);\nopts{1}.time.T = 256;\n"
    opts, report = _read(text)
    assert opts == [{"time": {"T": 256}}]
    assert [s.line for s in report.skipped] == [1]


def test_setup_stored_in_a_struct_field_is_not_an_architecture_variable():
    # params.features.archs = sc_setup(opts): later blocks that set params.* fields are data,
    # not edits of an architecture; they used to be read as deciding opts.
    text = ("function params = prepare(params)\n"
            "opts{1}.time.T = params.T;\n"
            "opts{1}.time.size = 4 * params.T;\n"
            "params.features.archs = sc_setup(opts);\n"
            "if ~isfield(params.path, 'cache')\n"
            "    params.path.cache = 'cache/';\n"
            "end\n"
            "params.hash = get_hash(params.features);\n"
            "end\n")
    opts, report = _read(text, variables={"params": {"T": 512}})
    assert opts == [{"time": {"T": 512, "size": 2048}}]
    assert [line for line, _ in report.setups] == [4]
    assert 5 in [s.line for s in report.skipped]


def test_edit_through_a_struct_field_is_refused_with_the_line_kept_as_data():
    text = ("s.archs = sc_setup(opts);\n"
            "s.archs{1}.banks{1}.behavior.U.is_blurred = false;\n")
    opts, report = _read("opts{1}.time.T = 256;\n" + text)
    assert opts == [{"time": {"T": 256}}]
    assert report.edits == []


def test_option_line_with_anonymous_function_still_fails():
    with pytest.raises(OptionError, match="anonymous functions"):
        _read("opts{1}.time.handle = @(x) x;\n")


def test_case_with_a_cell_of_values_is_a_clause():
    # `case {'a', 'b'}` used to be read as indexing a variable named case: its body then
    # belonged to the previous case, and the options built under it were never reached.
    text = ("switch mode\n"
            "    case 'none'\n"
            "        opts{1}.time.T = 128;\n"
            "    case {'plain', 'joint'}\n"
            "        opts{1}.time.T = 256;\n"
            "        switch mode\n"
            "            case {'joint'}\n"
            "                opts{2}.gamma.T = 4;\n"
            "        end\n"
            "    otherwise\n"
            "        opts{1}.time.T = 512;\n"
            "end\n"
            "opts{1}.time.size = 4096;\n"
            "opts{2}.time.T = 1024;\n")
    layer = {"size": 4096}
    opts, _ = _read(text, variables={"mode": "joint"})
    assert opts == [{"time": {"T": 256, **layer}}, {"gamma": {"T": 4}, "time": {"T": 1024}}]
    sc_setup(opts)
    opts, _ = _read(text, variables={"mode": "plain"})
    assert opts == [{"time": {"T": 256, **layer}}, {"time": {"T": 1024}}]
    opts, _ = _read(text, variables={"mode": "none"})
    assert opts == [{"time": {"T": 128, **layer}}, {"time": {"T": 1024}}]
