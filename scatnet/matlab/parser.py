"""``opts_from_matlab``: MATLAB option scripts (``opts{1}.time.T = 2^13;``) → Python ``opts``.

MATLAB: the lines users write before ``archs = sc_setup(opts)`` (scattering.m examples,
``opts_m`` of the reference files).
"""
from __future__ import annotations

import copy
import warnings

from scatnet._errors import OptionError, ScatnetWarning
from scatnet.matlab._lexer import MatlabSyntaxError, located, read_source, tokenize
from scatnet.matlab._result import checked_result, validate_against_options
from scatnet.matlab._script import (
    ScriptReport,
    call_script_function,
    fold_edits,
    run_script,
    script_functions,
)
from scatnet.matlab._values import (
    CONSTANTS,
    FUNCTIONS,
    Cell,
    Handle,
    SignalRef,
    ValueError_,
    arith,
    assign,
    call_function,
    concatenate,
    describe,
    from_python,
    numeric,
    scalar,
)

__all__ = ["opts_from_matlab"]

#: Statements accepted and ignored (command or call syntax), except ``clear``, which clears.
NO_OP_COMMANDS = ("clc", "close", "addpath", "rmpath", "disp", "fprintf", "format")
CLEAR_COMMANDS = ("clear", "clearvars")
_TERMINATORS = (";", ",")
_SUPPORTED = ("only straight-line assignments that build opts are read: name = value, "
              "opts{m} = …, opts{m}.var = struct(…), opts{m}.var.field = value (doc/matlab.md)")
_KEYWORDS = ("if", "for", "while", "switch", "try", "function", "parfor", "else", "elseif",
             "end", "return", "break", "continue", "global", "persistent")


class _Parser:
    """Evaluates the statements one by one (variables defined earlier are visible later)."""

    #: Functions the text may call, name → (min, max) number of arguments, and the text that
    #: says what is read; a reader of another toolbox's scripts overrides them with ``call``.
    functions = FUNCTIONS
    supported = _SUPPORTED

    def __init__(self, tokens, env, signal_length, name):
        self.toks, self.i, self.env = tokens, 0, env
        self.signal_length, self.name = signal_length, name
        self.set_at = {}  # (layer, var, field) prefixes of opts → line of the last assignment
        self.end_stack = []
        self.line = 1

    # -- token helpers ---------------------------------------------------------------------
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def is_op(self, text, k=0):
        tok = self.peek(k)
        return tok.kind == "op" and tok.text == text

    def expect(self, text, what):
        tok = self.next()
        if not (tok.kind == "op" and tok.text == text):
            found = "the end of the line" if tok.kind in ("newline", "eof") else f"'{tok.text}'"
            raise MatlabSyntaxError(f"expected '{text}' {what}, found {found}", tok.line)

    def at_end(self):
        tok = self.peek()
        return tok.kind in ("newline", "eof") or (tok.kind == "op" and tok.text in _TERMINATORS)

    # -- statements ------------------------------------------------------------------------
    def run(self):
        while self.peek().kind != "eof":
            if self.at_end():
                self.next()
                continue
            self.line = self.peek().line
            try:
                self.statement()
            except ValueError_ as e:
                raise MatlabSyntaxError(str(e), self.line) from None
            if not self.at_end():
                tok = self.peek()
                raise MatlabSyntaxError(f"unexpected '{tok.text}' after the value; end the "
                                        "statement with ';' or a new line", tok.line)

    def statement(self):
        tok = self.peek()
        if tok.kind == "id" and tok.text in NO_OP_COMMANDS + CLEAR_COMMANDS \
                and tok.text not in self.env and not self.is_op("=", 1):
            return self.command()
        if tok.kind == "op" and tok.text == "[":
            raise MatlabSyntaxError(f"multiple assignment [a, b] = … is not supported; {self.supported}",
                                    tok.line)
        if tok.kind != "id":
            raise MatlabSyntaxError(f"a statement cannot start with '{tok.text}'; {self.supported}",
                                    tok.line)
        if tok.text in _KEYWORDS and tok.text not in self.env:
            raise MatlabSyntaxError(f"'{tok.text}': control flow and functions are not supported; "
                                    f"{self.supported}", tok.line)
        name = self.next().text
        chain, current = [], self.env.get(name)
        while True:
            if self.is_op("{"):
                self.next()
                self.end_stack.append(len(current) if isinstance(current, Cell) else 0)
                index = self.index(self.expr(), "a cell index")
                self.end_stack.pop()
                self.expect("}", "to close the cell index")
                chain.append(("cell", index))
                current = current[index - 1] if isinstance(current, Cell) \
                    and index <= len(current) else None
            elif self.is_op(".") and self.peek(1).kind == "id":
                self.next()
                field = self.next().text
                chain.append(("field", field))
                current = current.get(field) if isinstance(current, dict) else None
            else:
                break
        if self.is_op("("):
            what = "indexed assignment name(…) = …" if name in self.env else f"the call {name}(…)"
            raise MatlabSyntaxError(f"{what} is not supported; {self.supported}", tok.line)
        if not self.is_op("="):
            raise MatlabSyntaxError(f"expected '=' after {name}; {self.supported}", self.peek().line)
        self.next()
        value = copy.deepcopy(self.expr())
        self.env[name] = assign(self.env.get(name), chain, value, name)
        if name == self.name:
            self.record(chain, value)

    def command(self):
        tok = self.next()
        args, depth = [], 0
        while depth > 0 or not self.at_end():
            t = self.next()
            if t.kind == "eof":
                break
            depth += (t.kind == "op" and t.text in "([{") - (t.kind == "op" and t.text in ")]}")
            if t.kind in ("id", "str"):
                args.append(t.text)
        if tok.text in CLEAR_COMMANDS:
            names = [a for a in args if not a.startswith("-") and a not in ("all", "variables")]
            for key in (names or list(self.env)):
                self.env.pop(key, None)

    def record(self, chain, value):
        keys = tuple(k for _, k in chain)
        if not keys or chain[0][0] != "cell":
            self.set_at = {(): self.line}
            return
        keys = (keys[0] - 1,) + keys[1:]
        for k in range(1, len(keys)):
            self.set_at.setdefault(keys[:k], self.line)
        self.set_at[keys] = self.line
        if isinstance(value, dict):
            for var, sub in value.items():
                self.set_at[keys + (var,)] = self.line
                if isinstance(sub, dict) and len(keys) == 1:
                    for field in sub:
                        self.set_at[keys + (var, field)] = self.line

    # -- expressions -----------------------------------------------------------------------
    def call(self, name, args):
        """Value of ``name(args)`` for a name in :attr:`functions`."""
        return call_function(name, args, self.signal_length)

    def index(self, value, what):
        x = scalar(value, what)
        if x != int(x) or x < 1:
            raise ValueError_(f"{what} must be a positive integer; got {x:g}")
        return int(x)

    def expr(self, in_matrix=False):
        value = self.term(in_matrix)
        while self.peek().kind == "op" and self.peek().text in ("+", "-"):
            tok = self.peek()
            if in_matrix and tok.space_before and not self.peek(1).space_before:
                break  # [5 -40]: a new element
            self.next()
            value = arith(tok.text, value, self.term(in_matrix))
        return value

    def term(self, in_matrix):
        value = self.unary(in_matrix)
        while self.peek().kind == "op" and self.peek().text in ("*", "/", ".*", "./", "\\", ".\\"):
            op = self.next().text
            value = arith(op, value, self.unary(in_matrix))
        return value

    def unary(self, in_matrix):
        if self.peek().kind == "op" and self.peek().text in ("+", "-"):
            op = self.next().text
            value = self.unary(in_matrix)
            return arith("*", -1.0, value) if op == "-" else arith("*", 1.0, value)
        return self.power(in_matrix)

    def power(self, in_matrix):
        value = self.postfix()
        while self.peek().kind == "op" and self.peek().text in ("^", ".^"):
            op = self.next().text
            sign = 1.0
            while self.peek().kind == "op" and self.peek().text in ("+", "-"):
                sign *= -1.0 if self.next().text == "-" else 1.0
            value = arith(op, value, arith("*", sign, self.postfix()))
        return value

    def postfix(self):
        value = self.primary()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("'", ".'"):
            raise MatlabSyntaxError("the transpose operator is not supported; write row vectors "
                                    "[a b]", tok.line)
        if tok.kind == "op" and tok.text in ("==", "~=", "<", ">", "<=", ">=", "&", "|", "&&",
                                             "||", "~", "!", ":"):
            raise MatlabSyntaxError(f"the operator '{tok.text}' is not supported ({self.supported})",
                                    tok.line)
        return value

    def primary(self):
        tok = self.next()
        if tok.kind == "num":
            return float(tok.text.replace("d", "e").replace("D", "e"))
        if tok.kind == "str":
            return tok.text
        if tok.kind == "handle":
            return Handle(tok.text)
        if tok.kind == "op" and tok.text == "(":
            value = self.expr()
            self.expect(")", "to close the parenthesis")
            return value
        if tok.kind == "op" and tok.text in ("[", "{"):
            return self.brackets(tok.text)
        if tok.kind == "id":
            return self.identifier(tok)
        found = "the end of the statement" if tok.kind in ("newline", "eof") else f"'{tok.text}'"
        raise MatlabSyntaxError(f"expected a value, found {found}", tok.line)

    def identifier(self, tok):
        name = tok.text
        if name == "end" and self.end_stack:
            return float(self.end_stack[-1])
        if name in self.env:
            return self.accessors(self.env[name], name)
        if name in self.functions:
            if not self.is_op("("):
                if name == "struct":
                    return {}
                raise MatlabSyntaxError(f"{name} needs its arguments in parentheses", tok.line)
            self.next()
            args = []
            while not self.is_op(")"):
                nxt, after = self.peek(), self.peek(1)
                if (nxt.kind == "id" and nxt.text not in self.env and nxt.text not in CONSTANTS
                        and nxt.text not in self.functions and after.kind == "op"
                        and after.text in (",", ")")):
                    self.next()
                    args.append(SignalRef(nxt.text))
                else:
                    args.append(self.expr())
                if not self.is_op(")"):
                    self.expect(",", f"between the arguments of {name}")
            self.next()
            return self.call(name, args)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if self.is_op("("):
            raise MatlabSyntaxError(f"unknown function {name}(…) ({self.supported}; functions: "
                                    f"{', '.join(sorted(self.functions))})", tok.line)
        raise MatlabSyntaxError(f"{name} is not defined: assign it earlier in the text, or pass "
                                f"variables={{'{name}': …}}", tok.line)

    def accessors(self, value, text):
        while True:
            if self.is_op(".") and self.peek(1).kind == "id":
                self.next()
                field = self.next().text
                if not isinstance(value, dict) or field not in value:
                    have = f"; it has {list(value)}" if isinstance(value, dict) else ""
                    raise ValueError_(f"{text} has no field '{field}' ({describe(value)}{have})")
                value, text = value[field], f"{text}.{field}"
            elif self.is_op("{") or self.is_op("("):
                brace = self.next().text == "{"
                if isinstance(value, (Cell, str)):
                    self.end_stack.append(len(value))
                else:
                    self.end_stack.append(1 if isinstance(value, dict)
                                          else numeric(value, text).size)
                i = self.index(self.expr(), f"the index of {text}")
                self.end_stack.pop()
                self.expect("}" if brace else ")", f"to close the index of {text}")
                if brace and not isinstance(value, Cell):
                    raise ValueError_(f"{text}{{…}}: {text} is a {describe(value)}, not a cell")
                items = value if isinstance(value, Cell) else numeric(value, text)
                if i > len(items):
                    raise ValueError_(f"index {i} exceeds the {len(items)} elements of {text}")
                value = items[i - 1] if brace or isinstance(value, Cell) \
                    else float(items[i - 1])
                text = f"{text}{{{i}}}" if brace else f"{text}({i})"
            else:
                return value

    def brackets(self, opener):
        closer = "]" if opener == "[" else "}"
        rows, row = [], []
        while True:
            tok = self.peek()
            if tok.kind == "eof":
                raise MatlabSyntaxError(f"'{opener}' is never closed by '{closer}'", tok.line)
            if tok.kind == "op" and tok.text == closer:
                self.next()
                break
            if tok.kind == "newline" or (tok.kind == "op" and tok.text == ";"):
                self.next()
                rows.append(row)
                row = []
            elif tok.kind == "op" and tok.text == ",":
                self.next()
            else:
                row.append(self.expr(in_matrix=True))
        rows = [r for r in rows + [row] if r]
        if opener == "{":
            if len(rows) > 1 and any(len(r) > 1 for r in rows):
                raise ValueError_("2-D cells are not supported; use a 1-D cell {a, b, c}")
            return Cell(v for r in rows for v in r)
        return concatenate(rows)


class _ScriptParser(_Parser):
    """The parser of whole scripts: also ``strcmp``, ``isempty``, ``isfield`` and comparisons."""

    functions = script_functions()
    compare = False

    def call(self, name, args):
        return call_script_function(name, args, self.signal_length)

    def postfix(self):
        if not self.compare:
            return super().postfix()
        value = self.primary()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("'", ".'"):
            raise MatlabSyntaxError("the transpose operator is not supported", tok.line)
        return value


def _read_script(text, origin, env, signal_length, name, user_variables):
    parser = _ScriptParser(None, env, signal_length, name)
    report, cell = run_script(parser, tokenize(text, lenient=True), text, origin, user_variables)
    if cell is not None:
        parser.env[name] = cell
    return parser, report


def opts_from_matlab(source, *, signal_length=None, variables=None, name="opts", validate=True,
                     script=None, return_report=False):
    """Read the MATLAB lines that build scattering.m's ``opts`` into scatnet's ``opts``.

    MATLAB: the ``opts{m}.var.field = …`` lines written before ``sc_setup(opts)``.

    The accepted subset: assignments to ``opts{m}``, ``opts{m}.var``, ``opts{m}.var.field``
    (and to scalar or struct variables used later, e.g. ``N = 65536; Q = 8;``); values made of
    numbers (``2^13``, ``1e3``), ``Inf``, ``NaN``, ``pi``, ``true``/``false``, strings, function
    handles (``@morlet_1d``), vectors (``[5 40]``), ``struct(…)``, ``struct()``,
    ``default_auditory(N, Fs, Q)``, arithmetic ``+ - * / ^`` and the functions ``length``,
    ``numel``, ``size(x, 1)``, ``log2``, ``nextpow2``, ``pow2``, ``round``, ``floor``, ``ceil``,
    ``min``, ``max``, ``mod``, … ; ``%`` comments, ``%%`` cells, ``%{ … %}`` blocks, ``...``
    continuations. ``clear``/``clearvars`` clear variables; ``clc``, ``close``, ``addpath``,
    ``rmpath``, ``disp``, ``fprintf``, ``format`` are ignored. Anything else raises an error
    that quotes the line and its number.

    Parameters
    ----------
    source : str or os.PathLike
        The MATLAB text, or the path of a ``.m`` file (a ``pathlib.Path``, or a one-line
        string ending in ``.m``).
    signal_length : int, optional
        Number of samples of the signal, used where the text calls ``length(x)``,
        ``numel(x)`` or ``size(x, 1)`` on a variable it never defines.
    variables : dict, optional
        Values of variables the text uses without defining them (e.g. ``{'Fs': 44100}``).
    name : str
        Name of the cell variable that holds the options (default ``'opts'``).
    validate : bool
        Also check the result with :func:`scatnet.scattering_m.options.resolve_options`; its errors then
        quote the line that set the offending field.
    script : bool, optional
        Read a whole script: statements that do not build ``opts`` (loads, plots, loops,
        function definitions, calls) are skipped and reported instead of refused, conditions
        and loops that build ``opts`` are resolved, ``archs = sc_setup(opts)`` (or
        ``setup(opts)``) marks the options used and the ``archs{m}.banks{b}.behavior.…`` edits
        after it become options (doc/matlab.md §1.5). Default: True for a path, False for text.
    return_report : bool, default False
        Also return the :class:`ScriptReport` (kept and skipped statements with reasons, edits,
        set-ups, ``sc_propagate`` lines).

    Returns
    -------
    opts : list of dict
        ``opts[m]`` is MATLAB's ``opts{m+1}``. Integral numbers become ``int``, vectors
        ``list``, function handles ``'@name'`` strings, logicals ``bool``. For a script, the
        options given to its last ``sc_setup`` with the edits that follow it.
    report : ScriptReport
        Only with ``return_report=True``.

    Raises
    ------
    OptionError
        A construct outside the subset, a syntax error, an undefined variable, a missing
        ``opts{m}``, or (``validate``) an invalid option. The message gives the line number
        and text.
    OptionTypeError
        ``source`` is neither a string nor a path; or (``validate``) an option has a wrong type.

    Warns
    -----
    ScatnetWarning
        Once, when a script has statements that were skipped: their lines and reasons.

    Examples
    --------
    >>> opts_from_matlab('''
    ... N = 2^13;  % samples
    ... opts{1} = default_auditory(N, 8192, 8);
    ... opts{1}.time.gamma_bounds = [5 40];
    ... opts{2}.time = struct('wavelet_handle', @morlet_1d, 'max_Q', 2);
    ... ''')  # doctest: +NORMALIZE_WHITESPACE
    [{'time': {'T': 256, 'max_Q': 8, 'max_scale': 2048, 'size': 8192, 'is_chunked': False,
               'gamma_bounds': [5, 40]}},
     {'time': {'wavelet_handle': '@morlet_1d', 'max_Q': 2}}]
    """
    text, origin = read_source(source)
    if script is None:
        script = origin != "MATLAB text"
    env = {}
    for key, value in (variables or {}).items():
        env[key] = from_python(key, value)
    report = ScriptReport(origin)
    try:
        if script:
            parser, report = _read_script(text, origin, env, signal_length, name,
                                          variables or {})
        else:
            parser = _Parser(tokenize(text), env, signal_length, name)
            parser.run()
    except MatlabSyntaxError as e:
        raise OptionError(located(origin, text, e.line, e.message)) from None
    opts = checked_result(parser, origin)
    if report.edits:
        opts = fold_edits(opts, report.edits, origin, validate)
    if validate:
        validate_against_options(opts, parser, origin, text)
    if report.skipped:
        warnings.warn(f"opts_from_matlab({origin}): {len(report.skipped)} statement(s) skipped, "
                      f"they do not build {name}:\n{report.summary()}\n(return_report=True "
                      "gives the whole report)", ScatnetWarning, stacklevel=2)
    return (opts, report) if return_report else opts
