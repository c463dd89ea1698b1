"""``scatnet_from_matlab``: the lines ScatNet users write before ``wavelet_factory_1d`` → Python options.

E.g. ``filt_opt = default_filter_options('audio', 4096); scat_opt.M = 3;``.

MATLAB: ScatNet's ``filt_opt`` / ``scat_opt`` structs and the run lines
``[Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt); S = scat(x, Wop);
S = log_scat(renorm_scat(S)); [table, meta] = format_scat(S);`` (``demo/audio_demo*.m``,
``code_m`` of the reference files n01–n04).
"""
from __future__ import annotations

import copy
import re
import warnings
from typing import NamedTuple

from scatnet._errors import OptionError, OptionTypeError, ScatnetWarning
from scatnet.matlab._lexer import MatlabSyntaxError, located, read_source, tokenize
from scatnet.matlab._scatnet_values import (
    FACTORY,
    POST_FUNCTIONS,
    RUN_FUNCTIONS,
    SCATNET_FUNCTIONS,
    TRANSFORM,
    Operators,
    PostCall,
    ScatnetScript,
    ScatOutput,
    call_scatnet_function,
)
from scatnet.matlab._values import EMPTY, ValueError_, describe, from_python, scalar, to_python
from scatnet.matlab.parser import _Parser
from scatnet.scatnet_1d.options import check_filter_options, check_scat_options

__all__ = ["PostCall", "ScatnetScript", "scatnet_from_matlab"]

_FUNC = "scatnet_from_matlab"
_ROLES = ("filt_opt", "scat_opt")
_SUPPORTED = ("only straight-line statements that build filt_opt and scat_opt are read (name = value, "
              "filt_opt.field = value, filt_opt = default_filter_options(…), T_to_J(T, filt_opt), "
              "struct(…)), plus the calls " + ", ".join(RUN_FUNCTIONS) + " (doc/matlab.md §6)")


class _Factory(NamedTuple):
    line: int
    N: int
    options: dict        # role → Python dict
    names: dict          # role → name of the variable passed (None: not a plain variable)
    passed: tuple        # roles passed as arguments


class _ScatnetParser(_Parser):
    """scattering.m's statement evaluator, plus ScatNet's functions and run lines."""

    functions = SCATNET_FUNCTIONS
    supported = _SUPPORTED

    def __init__(self, env, signal_length):
        super().__init__(None, env, signal_length, None)
        self.field_lines = {}  # (variable,) or (variable, field) → line of the last assignment
        self.factory = None
        self.result = None  # the ScatOutput of the last run line

    def call(self, name, args):
        return call_scatnet_function(name, args, self.signal_length)

    # -- statements ------------------------------------------------------------------------
    def statement(self):
        outputs = self.run_outputs()
        if outputs is None:
            target = self.target()
            super().statement()
            if target is not None:
                self.note(*target)
            return
        value = self.run_call()
        for name in outputs:
            if name != "~":
                self.env[name] = value
        if isinstance(value, ScatOutput):
            self.result = value

    def is_run_call(self, k=0):
        tok = self.peek(k)
        return (tok.kind == "id" and tok.text in RUN_FUNCTIONS and tok.text not in self.env
                and self.is_op("(", k + 1))

    def run_outputs(self):
        """The output names of a run line (consuming ``… =``), or None for another statement."""
        tok = self.peek()
        if self.is_run_call():
            return []
        if tok.kind == "id" and self.is_op("=", 1) and self.is_run_call(2):
            self.i += 2
            return [tok.text]
        if not self.is_op("["):
            return None
        names, k = [], 1
        while self.peek(k).kind == "id" or self.is_op("~", k) or self.is_op(",", k):
            if not self.is_op(",", k):
                names.append(self.peek(k).text)
            k += 1
        if not (names and self.is_op("]", k) and self.is_op("=", k + 1) and self.is_run_call(k + 2)):
            return None
        self.i += k + 2
        return names

    def target(self):
        """``(variable, field)`` of an assignment ``variable.field… = …`` (field None: whole)."""
        tok = self.peek()
        if tok.kind != "id":
            return None
        if self.is_op(".", 1) and self.peek(2).kind == "id":
            return tok.text, self.peek(2).text
        return (tok.text, None) if self.is_op("=", 1) else None

    def note(self, name, field):
        if field is not None:
            self.field_lines.setdefault((name,), self.line)
            self.field_lines[(name, field)] = self.line
            return
        for key in [k for k in self.field_lines if k[0] == name]:
            del self.field_lines[key]
        self.field_lines[(name,)] = self.line
        value = self.env.get(name)
        for key in value if isinstance(value, dict) else ():
            self.field_lines[(name, key)] = self.line

    # -- run lines -------------------------------------------------------------------------
    def run_call(self):
        name = self.next().text
        self.next()  # (
        if name == FACTORY:
            return self.factory_call()
        if name == TRANSFORM:
            return self.scat_call()
        return self.post_call(name)

    def factory_call(self):
        if self.factory is not None:
            raise ValueError_(f"{FACTORY} is called a second time (first at line "
                              f"{self.factory.line}); {_FUNC} reads one set-up: split the script")
        args, names = [], []
        while not self.is_op(")"):
            tok, after = self.peek(), self.peek(1)
            plain = tok.kind == "id" and after.kind == "op" and after.text in (",", ")")
            names.append(tok.text if plain else None)
            args.append(copy.deepcopy(self.expr()))
            if not self.is_op(")"):
                self.expect(",", f"between the arguments of {FACTORY}")
        self.next()
        if not 1 <= len(args) <= 3:
            raise ValueError_(f"{FACTORY} takes (N, filt_opt, scat_opt), the last two optional; "
                              f"got {len(args)} arguments")
        N = scalar(args[0], f"N, the first argument of {FACTORY}")
        if N != int(N) or N < 1:
            raise ValueError_(f"N, the first argument of {FACTORY}, is the signal length and must "
                              f"be a positive integer; got N={N:g}")
        options, roles = {}, {}
        for k, role in enumerate(_ROLES, start=1):
            value = args[k] if k < len(args) else {}
            if value == EMPTY:
                value = {}
            if not isinstance(value, dict):
                raise ValueError_(f"argument {k + 1} of {FACTORY} ({role}) must be a "
                                  f"struct; got a {describe(value)}")
            options[role] = to_python(value)
            roles[role] = names[k] if k < len(args) else None
        self.factory = _Factory(self.line, int(N), options, roles, _ROLES[:len(args) - 1])
        return Operators(self.line)

    def scat_call(self):
        args, current, depth = [], [], 0
        while True:
            tok = self.next()
            if tok.kind in ("newline", "eof"):
                raise MatlabSyntaxError(f"'{TRANSFORM}(' is never closed by ')'", tok.line)
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                if depth == 0:
                    args.append(current)
                    break
                depth -= 1
            elif tok.kind == "op" and tok.text == "," and depth == 0:
                args.append(current)
                current = []
                continue
            current.append(tok)
        if len(args) != 2:
            raise ValueError_(f"{TRANSFORM} takes (x, Wop) here; got {len(args)} arguments")
        wop = args[1]
        if len(wop) != 1 or wop[0].kind != "id":
            raise ValueError_(f"the second argument of {TRANSFORM} must be the variable that holds "
                              f"the operators: Wop = {FACTORY}(N, filt_opt, scat_opt); "
                              f"S = scat(x, Wop)")
        value = self.env.get(wop[0].text)
        if not isinstance(value, Operators):
            what = "is not defined" if value is None else f"is a {describe(value)}"
            raise ValueError_(f"{wop[0].text} {what}: build the operators first with "
                              f"[{wop[0].text}, filters] = {FACTORY}(N, filt_opt, scat_opt)")
        return ScatOutput()

    def post_call(self, name):
        if self.is_run_call():
            inner = self.peek().text
            if inner == FACTORY:
                raise ValueError_(f"{name}({FACTORY}(…)): the first argument of {name} must be a "
                                  "scattering S = scat(x, Wop)")
            source = self.run_call()
        elif self.peek().kind == "id" and (self.is_op(",", 1) or self.is_op(")", 1)):
            var = self.next().text
            source = self.env.get(var, ScatOutput())
            if not isinstance(source, ScatOutput):
                raise ValueError_(f"the first argument of {name} must be a scattering "
                                  f"(S = scat(x, Wop)); {var} is a {describe(source)}")
        else:
            raise ValueError_(f"the first argument of {name} must be the scattering: a variable "
                              f"(S) or a call such as renorm_scat(S)")
        if source.is_table:
            raise ValueError_(f"{name} cannot follow format_scat, which returns a table: call "
                              f"format_scat last")
        args = []
        while self.is_op(","):
            self.next()
            args.append(to_python(copy.deepcopy(self.expr())))
        self.expect(")", f"to close the arguments of {name}")
        lo, hi = POST_FUNCTIONS[name]
        if not lo <= len(args) + 1 <= hi:
            raise ValueError_(f"{name} takes {lo} to {hi} arguments (S first); got "
                              f"{len(args) + 1}")
        return source.then(PostCall(name, tuple(args)))


def _read(source):
    try:
        return read_source(source)
    except (OptionError, OptionTypeError) as e:
        raise type(e)(str(e).replace("opts_from_matlab", _FUNC, 1)) from None


def _environment(variables):
    env = {}
    for key, value in (variables or {}).items():
        try:
            env[key] = from_python(key, value)
        except OptionTypeError as e:
            raise OptionTypeError(str(e).replace("opts_from_matlab", _FUNC, 1)) from None
    return env


def _options(parser, origin, text):
    """``(filt_opt, scat_opt, N, where)``; ``where[role] = (variable, fallback line)``."""
    f = parser.factory
    if f is not None:
        for role in _ROLES:
            value = parser.env.get(role)
            if role not in f.passed and isinstance(value, dict) and value:
                line = parser.field_lines.get((role,))
                at = f" (line {line}: {text.splitlines()[line - 1].strip()})" if line else ""
                warnings.warn(
                    f"{_FUNC}: {role} is set{at} but {FACTORY} at line {f.line} is not given "
                    f"it, so MATLAB ignores it and so does {_FUNC}: pass it, e.g. "
                    f"{FACTORY}(N, filt_opt, scat_opt)", ScatnetWarning, stacklevel=3)
        where = {role: (f.names[role], f.line) for role in _ROLES}
        return f.options["filt_opt"], f.options["scat_opt"], f.N, where
    values = {role: parser.env.get(role) for role in _ROLES}
    if all(v is None for v in values.values()):
        raise OptionError(f"{origin}: the text neither assigns filt_opt or scat_opt nor calls "
                          f"{FACTORY}(N, filt_opt, scat_opt); write e.g. "
                          "filt_opt = default_filter_options('audio', 4096);")
    for role, value in values.items():
        if value is not None and value != EMPTY and not isinstance(value, dict):
            raise OptionError(f"{origin}: {role} is a {describe(value)}, not a struct; build it "
                              f"with {role}.field = value; or {role} = struct(…);")
    out = [to_python(v) if isinstance(v, dict) else {} for v in values.values()]
    return out[0], out[1], None, {role: (role, None) for role in _ROLES}


_FIELD = re.compile(r"(filt_opt|scat_opt)(?:\['(\w+)'\]| has an unknown field '(\w+)')")


def _set_at(message, where, parser, origin, text):
    """``(set at …, line k: …)`` for the field an option error names, or None."""
    m = _FIELD.search(message)
    if m is None:
        return None
    variable, line = where[m.group(1)]
    field = m.group(2) or m.group(3)
    if variable is not None:
        line = parser.field_lines.get((variable, field), parser.field_lines.get((variable,), line))
    if line is None:
        return None
    return f"(set at {origin}, line {line}: {text.splitlines()[line - 1].strip()})"


def _validate(filt_opt, scat_opt, where, parser, origin, text):
    for check, value in ((check_filter_options, filt_opt), (check_scat_options, scat_opt)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                check(value)
            except (OptionError, OptionTypeError) as e:
                at = _set_at(str(e), where, parser, origin, text)
                if at is None:
                    raise
                raise type(e)(f"{e}\n  {at}") from e
        for w in caught:
            at = _set_at(str(w.message), where, parser, origin, text)
            warnings.warn(f"{w.message}" + (f"\n  {at}" if at else ""), w.category, stacklevel=3)


def scatnet_from_matlab(source, *, signal_length=None, variables=None, validate=True):
    """Read the MATLAB lines of a ScatNet set-up into ``filt_opt``, ``scat_opt``, ``N``, post.

    MATLAB: ``filt_opt = default_filter_options('audio', T); scat_opt.M = 2;
    [Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt); S = scat(x, Wop);`` and
    the post-processing ``renorm_scat``, ``log_scat``, ``format_scat``, … (ScatNet).

    The script is evaluated line by line, as MATLAB does: ``filt_opt.J = T_to_J(512,
    filt_opt)`` uses ``filt_opt`` as it is at that line (after ``filt_opt.Q = [16 2]``, say).
    Accepted: what :func:`opts_from_matlab` accepts (variables, arithmetic, ``struct(…)``,
    vectors, cells ``{'gabor_1d', 'spline_1d'}``, ``length(x)``, comments, …), plus
    ``default_filter_options(kind, T)`` and ``T_to_J(T, filt_opt)`` (scatnet's ports), and the
    run lines ``[Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt)``, ``S = scat(x,
    Wop)``, ``[S, U] = scat(x, Wop)`` and ``S = f(S, …)`` for f in ``renorm_scat``,
    ``log_scat``, ``format_scat``, ``flatten_scat``, ``average_scat``, ``resample_scat``
    (also nested: ``log_scat(renorm_scat(S))``), which are recorded, not run. Anything else
    raises an error that quotes the line and its number.

    Parameters
    ----------
    source : str or os.PathLike
        The MATLAB text, or the path of a ``.m`` file.
    signal_length : int, optional
        Samples of the signal, for ``length(x)``, ``numel(x)`` or ``size(x, 1)`` of a variable
        the text never defines.
    variables : dict, optional
        Values of variables used but not defined by the text (e.g. ``{'N': 65536}``).
    validate : bool
        Check the options with :func:`scatnet.scatnet_1d.options.check_filter_options` and
        ``check_scat_options``; their errors then quote the line that set the field.

    Returns
    -------
    ScatnetScript
        A named tuple ``(filt_opt, scat_opt, N, post)``. The options are those passed to
        ``wavelet_factory_1d`` (MATLAB passes copies: later changes do not count), or the
        variables ``filt_opt`` and ``scat_opt`` when the text does not call it.

    Raises
    ------
    OptionError
        A construct outside the subset, an undefined variable, a second
        ``wavelet_factory_1d``, ``scat`` without operators, post-processing after
        ``format_scat``, a text that sets neither option nor calls the factory, or
        (``validate``) an invalid option; the message gives the line number and text.
    OptionTypeError
        ``source`` is neither text nor a path, a ``variables`` value has no MATLAB form, or
        (``validate``) an option has the wrong type.

    Warns
    -----
    ScatnetWarning
        ``filt_opt`` or ``scat_opt`` is set but not passed to ``wavelet_factory_1d``.
    EnforcedOptionWarning
        (``validate``) ``scat_opt.x_resolution`` / ``psi_mask``, which ``scat`` ignores.

    Examples
    --------
    >>> script = scatnet_from_matlab('''
    ... filt_opt = default_filter_options('audio', 512);
    ... filt_opt.Q = [16 2];
    ... filt_opt.J = T_to_J(512, filt_opt);   % with Q = [16 2]
    ... scat_opt.M = 2;
    ... [Wop, filters] = wavelet_factory_1d(N, filt_opt, scat_opt);
    ... S = log_scat(renorm_scat(scat(x, Wop)));
    ... ''', variables={'N': 8192})
    >>> script.filt_opt, script.scat_opt, script.N
    ({'Q': [16, 2], 'J': [49, 13]}, {'M': 2}, 8192)
    >>> [call.name for call in script.post]
    ['renorm_scat', 'log_scat']
    """
    text, origin = _read(source)
    parser = _ScatnetParser(_environment(variables), signal_length)
    try:
        parser.toks = tokenize(text)
        parser.run()
    except MatlabSyntaxError as e:
        raise OptionError(located(origin, text, e.line, e.message)) from None
    filt_opt, scat_opt, N, where = _options(parser, origin, text)
    if validate:
        _validate(filt_opt, scat_opt, where, parser, origin, text)
    post = parser.result.calls if parser.result is not None else ()
    return ScatnetScript(filt_opt, scat_opt, N, post)
