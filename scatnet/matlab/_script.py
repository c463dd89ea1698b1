"""Whole MATLAB scripts for :func:`scatnet.matlab.opts_from_matlab` (``script=True``).

A research script loads audio, plots, loops over files and defines functions around the few
lines that build ``opts``. The reader splits the text into statements and blocks
(``if``/``for``/``while``/``switch``/``try``/``function`` … ``end``), evaluates what it can,
keeps the statements that build ``opts`` and the variables they use, skips the rest with a
reason (:class:`ScriptReport`), resolves ``if``/``switch`` conditions and ``for`` loops that
build ``opts``, and translates ``archs = sc_setup(opts)`` and the ``archs{m}.banks{b}.behavior.…``
edits that follow it into options.

MATLAB: the scripts of scattering.m's ``examples/`` and ``research/`` folders.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from scatnet._errors import OptionError
from scatnet.matlab._lexer import MatlabSyntaxError, Token
from scatnet.matlab._values import (
    EMPTY,
    FUNCTIONS,
    Cell,
    SignalRef,
    ValueError_,
    Vector,
    call_function,
    describe,
    numeric,
    to_python,
)
from scatnet.scattering_m.edits import MATLAB_BEHAVIOR_PATHS

__all__ = ["ArchEdit", "ScriptReport", "Skipped", "call_script_function", "fold_edits", "run_script",
           "script_functions"]

_OPENERS = ("if", "for", "parfor", "while", "switch", "try", "function")
_CLAUSES = ("else", "elseif", "case", "otherwise", "catch")
_CLOSERS = ("end", "endif", "endfor", "endwhile", "endswitch", "endfunction", "end_try_catch")
_SETUP = ("sc_setup", "setup")
_PROPAGATE = ("sc_propagate", "propagate")
_BANK_VARIABLES = ("time", "gamma", "j")
_COMPARE = ("==", "~=", "<", ">", "<=", ">=")


@dataclass(frozen=True)
class Skipped:
    """A statement (or block) the reader did not run: its first line, text and the reason."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ArchEdit:
    """``archs{m}.banks{b}.behavior.<path> = value`` read as an option of ``opts``.

    ``layer`` is 0-based (``opts[layer]``), ``variable`` the bank, ``field`` the option name,
    so that ``archs.with_behavior(layer, variable, **{field: value})`` is the same edit.
    """

    line: int
    text: str
    layer: int
    variable: str
    field: str
    value: object


@dataclass
class ScriptReport:
    """What :func:`scatnet.matlab.opts_from_matlab` did with a whole script.

    Attributes
    ----------
    origin : str
        The file (or ``'MATLAB text'``).
    kept : list of (int, str)
        Line and text of each statement evaluated (option lines, the variables they use,
        resolved conditions and loops).
    skipped : list of Skipped
        The statements and blocks not run, with the reason.
    edits : list of ArchEdit
        The architecture edits after ``sc_setup``, folded into the returned ``opts``.
    setups : list of (int, list of dict)
        Line of each ``sc_setup(opts)`` call and the options it was given (before edits);
        the returned ``opts`` are those of the last one, with its edits.
    propagate : list of (int, str)
        The ``sc_propagate`` lines (what to run next: ``sc_propagate(x, sc_setup(opts))``).
    function : str or None
        The function whose body was read, when the options are built inside one.
    """

    origin: str
    kept: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    edits: list = field(default_factory=list)
    setups: list = field(default_factory=list)
    propagate: list = field(default_factory=list)
    function: str | None = None

    def summary(self, limit=8):
        """Describe the skipped statements in a few lines (the text of the warning).

        Parameters
        ----------
        limit : int, default 8
            How many skipped statements to list.

        Returns
        -------
        str
            One line per skipped statement (line number, text, reason), then a count of the
            others.
        """
        lines = [f"  line {s.line}: {s.text} ({s.reason})" for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            lines.append(f"  … and {len(self.skipped) - limit} more")
        return "\n".join(lines)


def _short(message):
    """The first clause of an error message, without the list of what is supported."""
    for cut in ("; only straight", " (only straight", "; control flow", " (functions:"):
        k = message.find(cut)
        if k > 0:
            message = message[:k]
    return message


def _truth(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return bool(value) and all(c != "\0" for c in value)
    arr = numeric(value, "a condition")
    return bool(arr.size) and bool(np.all(arr != 0))


def _unwrap(value):
    return value[0] if isinstance(value, Cell) and len(value) == 1 else value


def _strcmp(args, fold=False):
    a, b = (_unwrap(v) for v in args)
    if isinstance(a, str) and isinstance(b, str):
        return (a.lower() == b.lower()) if fold else a == b
    return False


def _isempty(args):
    (v,) = args
    return v == EMPTY or v == "" or (isinstance(v, Cell) and not v)


def _isfield(args):
    s, name = args
    if not isinstance(s, dict):
        return False
    names = list(name) if isinstance(name, Cell) else [name]
    return bool(names) and all(isinstance(n, str) and n in s for n in names)


def _compare(op, a, b):
    if isinstance(a, str) and isinstance(b, str):
        if op not in ("==", "~="):
            raise ValueError_(f"the operator {op} between strings is not supported")
        return (a == b) == (op == "==")
    x, y = numeric(a, f"the left operand of {op}"), numeric(b, f"the right operand of {op}")
    fn = {"==": np.equal, "~=": np.not_equal, "<": np.less, ">": np.greater,
          "<=": np.less_equal, ">=": np.greater_equal}[op]
    out = fn(x, y)
    return bool(np.all(out)) if out.size else False


_SCRIPT_FUNCTIONS = {"strcmp": (2, 2), "strcmpi": (2, 2), "isempty": (1, 1), "isfield": (2, 2)}


def _statements(tokens):
    """Split tokens into statements (lists of tokens) at ``;``, ``,`` and line ends of depth 0."""
    out, current, depth = [], [], 0
    for tok in tokens:
        if tok.kind == "eof":
            break
        if tok.kind == "bad" and not tok.text:
            depth = 0  # the lexer dropped the rest of the line, with its closing brackets
            continue
        if tok.kind == "op" and tok.text in "([{":
            depth += 1
        elif tok.kind == "op" and tok.text in ")]}":
            depth = max(depth - 1, 0)
        if depth == 0 and (tok.kind == "newline" or (tok.kind == "op" and tok.text in ";,")):
            if current:
                out.append(current)
            current = []
            continue
        current.append(tok)
    if current:
        out.append(current)
    return out


def _word(stmt):
    tok = stmt[0]
    if tok.kind != "id":
        return None
    if len(stmt) > 1 and stmt[1].kind == "op" and stmt[1].text in ("=", "(", "{", "."):
        if tok.text in _CLOSERS + _CLAUSES + _OPENERS and stmt[1].text in ("(", "{"):
            return tok.text  # if(x), elseif(x), case {'a', 'b'}: keywords are never variables
        return None
    return tok.text


def _blocks(statements):
    """Nest statements into blocks: ``('stmt', toks)`` and ``('block', kind, clauses, toks)``.

    Each clause is ``(header_tokens, body)``; a ``function`` without ``end`` ends at the next
    ``function`` or at the end of the file.
    """
    root = []
    stack = []  # (kind, clauses, first_tokens, parent_body)
    body = root
    for stmt in statements:
        word = _word(stmt)
        if word in _OPENERS:
            if word == "function" and stack and all(k == "function" for k, *_ in stack):
                kind, clauses, first, parent = stack.pop()  # function files without end
                parent.append(("block", kind, clauses, first))
                body = parent
            clauses = [(stmt, [])]
            stack.append((word, clauses, stmt, body))
            body = clauses[-1][1]
        elif word in _CLAUSES and stack:
            clauses = stack[-1][1]
            clauses.append((stmt, []))
            body = clauses[-1][1]
        elif word in _CLOSERS and stack:
            kind, clauses, first, parent = stack.pop()
            parent.append(("block", kind, clauses, first))
            body = parent
        else:
            body.append(("stmt", stmt))
    while stack:
        kind, clauses, first, parent = stack.pop()
        parent.append(("block", kind, clauses, first))
    return root


def _touches(nodes, names):
    """Whether any statement of ``nodes`` assigns (or clears) one of ``names``."""
    for node in nodes:
        if node[0] == "stmt":
            toks = node[1]
            if toks[0].kind == "id" and toks[0].text in names:
                return True
            if toks[0].kind == "id" and toks[0].text in ("clear", "clearvars") and any(
                    t.text in names for t in toks[1:]):
                return True
            if toks[0].kind == "op" and toks[0].text == "[":
                close = next((i for i, t in enumerate(toks) if t.text == "]"), 0)
                if any(t.kind == "id" and t.text in names for t in toks[1:close]):
                    return True
        elif any(_touches(body, names) for _, body in node[2]):
            return True
    return False


def _targets(toks):
    """The variables a statement assigns (``x = …``, ``x(…) = …``, ``[a, b] = …``)."""
    eq = next((i for i, t in enumerate(toks) if t.kind == "op" and t.text == "="), None)
    if eq is None:
        return []
    if toks[0].kind == "op" and toks[0].text == "[":
        return [t.text for t in toks[1:eq] if t.kind == "id"]
    return [toks[0].text] if toks[0].kind == "id" else []


class _Runner:
    """Runs the nodes of a script with a parser of :mod:`scatnet.matlab.parser`."""

    def __init__(self, parser, text, origin, user_variables):
        self.p, self.origin = parser, origin
        self.lines = text.splitlines()
        self.report = ScriptReport(origin)
        self.user = set(user_variables)
        self.unknown = {}  # variable → (line, text, reason) of the skipped statement that set it
        self.archs = {}  # architecture variable → index in report.setups
        self.pending = {}  # setup index → edits

    # -- helpers ---------------------------------------------------------------------------
    def text_of(self, toks):
        line = toks[0].line
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    def skip(self, toks, reason, targets=()):
        self.report.skipped.append(Skipped(toks[0].line, self.text_of(toks), reason))
        for name in targets:
            if name in self.user:
                continue  # the user's value stands for what the script computes from data
            self.p.env.pop(name, None)
            self.unknown[name] = (toks[0].line, self.text_of(toks), reason)

    def fail(self, toks, message):
        raise MatlabSyntaxError(self.hint(message), toks[0].line)

    def hint(self, message):
        for name, (line, text, reason) in self.unknown.items():
            if f"{name} is not defined" in message:
                return (f"{message}. {name} is set at line {line} ({text}), which was skipped: "
                        f"{reason}; pass variables={{'{name}': …}}"
                        + (" or signal_length=" if "signal_length" in message else ""))
        loads = [s for s in self.report.skipped if s.text.split()[0].split("(")[0] in ("load",
                                                                                    "run")]
        if "is not defined" in message and loads:
            return (f"{message}. It may come from line {loads[0].line} ({loads[0].text}), which "
                    "was skipped: the reader does not load data; pass its value in variables=")
        return message

    def evaluate(self, toks, how):
        """Run ``how()`` on the tokens ``toks`` (then check that the statement ends)."""
        p = self.p
        p.toks, p.i = list(toks) + [Token("eof", "", toks[-1].line, False)], 0
        p.line = toks[0].line
        value = how()
        if not p.at_end():
            tok = p.peek()
            raise MatlabSyntaxError(f"unexpected '{tok.text}' after the value", tok.line)
        return value

    # -- nodes -----------------------------------------------------------------------------
    def run(self, nodes):
        for node in nodes:
            if node[0] == "stmt":
                self.statement(node[1])
            else:
                self.block(*node[1:])

    def builds(self, nodes):
        return _touches(nodes, {self.p.name, *self.archs})

    def statement(self, toks):
        bad = next((t for t in toks if t.kind == "bad"), None)
        name = self.p.name
        first = toks[0]
        if bad is not None:
            if first.kind == "id" and first.text == name:
                self.fail(toks, bad.text)
            return self.skip(toks, bad.text, _targets(toks))
        if first.kind == "id" and first.text in self.archs and len(toks) > 1 \
                and toks[1].text == "{" and any(t.text == "=" for t in toks):
            return self.edit(toks)
        call = self.call_of(toks)
        if call in _SETUP:
            return self.setup(toks)
        if call in _PROPAGATE:
            self.report.propagate.append((first.line, self.text_of(toks)))
            return None
        try:
            self.evaluate(toks, self.p.statement)
        except (MatlabSyntaxError, ValueError_) as e:
            message = e.message if isinstance(e, MatlabSyntaxError) else str(e)
            if first.kind == "id" and first.text == name:
                self.fail(toks, message)
            return self.skip(toks, self.reason(toks, message), _targets(toks))
        self.report.kept.append((first.line, self.text_of(toks)))
        for target in _targets(toks):
            self.unknown.pop(target, None)
        return None

    def reason(self, toks, message):
        """Say why a statement is skipped, in the user's terms."""
        first = toks[0]
        has_eq = any(t.kind == "op" and t.text == "=" for t in toks)
        call = self.call_of(toks)
        if first.kind == "op" and first.text == "[":
            return f"multiple assignment from {call or 'a call'}(…): its outputs are data"
        if not has_eq and first.kind == "id":
            if len(toks) > 1 and toks[1].text == "(":
                return f"call of {first.text}(…), not an option"
            return f"command {first.text}, not an option"
        if call is not None and call not in self.p.functions and call not in self.p.env:
            return f"{call}(…) is not an option function: the value is data"
        return _short(message)

    def call_of(self, toks):
        """The function called on the right of ``=`` (or by the statement), if a plain call."""
        eq = next((i for i, t in enumerate(toks) if t.kind == "op" and t.text == "="), -1)
        rhs = toks[eq + 1:]
        if len(rhs) > 1 and rhs[0].kind == "id" and rhs[1].text == "(":
            return rhs[0].text
        return None

    def setup(self, toks):
        eq = next(i for i, t in enumerate(toks) if t.kind == "op" and t.text == "=")
        targets = _targets(toks)
        args = toks[eq + 3:-1] if toks[-1].text == ")" else []
        source = args[0].text if len(args) == 1 and args[0].kind == "id" else None
        if source != self.p.name or len(targets) != 1:
            return self.skip(toks, f"set-up of another variable than {self.p.name}", targets)
        # `s.archs = sc_setup(opts)` stores the architecture in a field: s is no architecture
        # variable (its later assignments are data), and no edit of it can be translated
        plain = toks[0].kind == "id" and toks[1].kind == "op" and toks[1].text == "="
        opts = self.p.env.get(source)
        if not isinstance(opts, Cell):
            self.fail(toks, f"{source} is not a cell of layers when sc_setup is called "
                            f"({describe(opts)})")
        self.report.setups.append((toks[0].line, [to_python(v) if isinstance(v, dict) else v
                                                  for v in opts]))
        if plain:
            self.archs[targets[0]] = len(self.report.setups) - 1
        self.pending[len(self.report.setups) - 1] = []
        self.snapshot = copy.deepcopy(opts)
        self.report.kept.append((toks[0].line, self.text_of(toks)))
        return None

    def edit(self, toks):
        p = self.p
        var = toks[0].text

        def parse():
            p.next()
            p.expect("{", "after the architecture")
            layer = p.index(p.expr(), "the layer of archs")
            p.expect("}", "to close the layer index")
            p.expect(".", "after archs{m}")
            kind = p.next().text
            if kind not in ("banks", "invariants"):
                raise ValueError_(f"{var}{{{layer}}}.{kind} cannot be edited; only "
                                  f"{var}{{m}}.banks{{b}}.behavior.… and "
                                  f"{var}{{m}}.invariants{{1}}.behavior.… can")
            p.expect("{", f"after {kind}")
            index = p.index(p.expr(), f"the index of {kind}")
            p.expect("}", f"to close the index of {kind}")
            path = []
            while p.is_op("."):
                p.next()
                path.append(p.next().text)
            p.expect("=", "after the field")
            return layer, kind, index, path, p.expr()

        try:
            layer, kind, index, path, value = self.evaluate(toks, parse)
        except (MatlabSyntaxError, ValueError_) as e:
            self.fail(toks, e.message if isinstance(e, MatlabSyntaxError) else str(e))
        where = f"{var}{{{layer}}}.{kind}{{{index}}}.{'.'.join(path)}"
        fields = MATLAB_BEHAVIOR_PATHS[kind]
        if not path or path[0] != "behavior" or ".".join(path[1:]) not in fields:
            self.fail(toks, f"{where}: only these behaviour fields can be edited after sc_setup: "
                            f"{', '.join('behavior.' + k for k in fields)}; set other fields "
                            f"in {self.p.name} before sc_setup (doc/matlab.md §1.5)")
        setup = self.archs[var]
        n_layers = len(self.report.setups[setup][1])
        opts = self.report.setups[setup][1]
        if kind == "invariants" and index != 1:
            self.fail(toks, f"{where}: only invariants{{1}} (time) exists in scatnet")
        if layer == n_layers + 1 and kind == "invariants":
            layer_idx, variable = n_layers - 1, "time"
            final = True
        elif 1 <= layer <= n_layers:
            layer_idx, final = layer - 1, False
            present = [v for v in _BANK_VARIABLES if isinstance(opts[layer - 1], dict)
                       and v in opts[layer - 1]]
            if kind == "banks" and index > len(present):
                self.fail(toks, f"{where}: archs{{{layer}}} has {len(present)} bank(s) "
                                f"({', '.join(present)})")
            variable = present[index - 1] if kind == "banks" else "time"
        else:
            self.fail(toks, f"{where}: archs has {n_layers + 1} entries")
        edit = ArchEdit(toks[0].line, self.text_of(toks), layer_idx, variable,
                        fields[".".join(path[1:])], to_python(value))
        if final:
            same = [e for e in self.pending[setup] if (e.layer, e.variable, e.field)
                    == (edit.layer, edit.variable, edit.field)]
            if not same or any(e.value != edit.value for e in same):
                self.fail(toks, f"{where}: the final invariant archs{{{layer}}} is derived from "
                                f"archs{{{layer - 1}}} in scatnet; set the same value on "
                                f"archs{{{layer - 1}}}.banks{{1}}.behavior."
                                f"{'.'.join(path[1:])} (it applies to both), or "
                                f"opts{{{layer - 1}}}.time.{edit.field} before sc_setup")
        self.pending[setup].append(edit)
        self.report.kept.append((toks[0].line, self.text_of(toks)))

    # -- blocks ----------------------------------------------------------------------------
    def block(self, kind, clauses, first):
        builds = self.builds([("block", kind, clauses, first)])
        what = f"{kind} block"
        if kind == "function":
            return self.skip(first, "function definition")
        if not builds:
            return self.skip(first, f"{what} that does not build {self.p.name}")
        if kind in ("if", "switch"):
            return self.choose(kind, clauses)
        if kind in ("for", "parfor"):
            return self.loop(clauses[0])
        if kind == "try":
            self.report.kept.append((first[0].line, self.text_of(first)))
            return self.run(clauses[0][1])
        self.fail(first, f"a {kind} loop builds {self.p.name}; it cannot be unrolled: write the "
                         "option lines it produces")
        return None

    def condition(self, toks):
        p = self.p

        def parse():
            return _truth(self.logical())
        try:
            return self.evaluate(toks, parse)
        except (MatlabSyntaxError, ValueError_) as e:
            message = e.message if isinstance(e, MatlabSyntaxError) else str(e)
            self.fail(toks, f"the condition decides {p.name} and cannot be evaluated: "
                            f"{_short(message)}")

    def logical(self):
        p = self.p
        value = self.conjunction()
        while p.is_op("||") or p.is_op("|"):
            p.next()
            right = self.conjunction()
            value = _truth(value) or _truth(right)
        return value

    def conjunction(self):
        p = self.p
        value = self.negation()
        while p.is_op("&&") or p.is_op("&"):
            p.next()
            right = self.negation()
            value = _truth(value) and _truth(right)
        return value

    def negation(self):
        p = self.p
        if p.is_op("~") or p.is_op("!"):
            p.next()
            return not _truth(self.negation())
        if p.is_op("(") and self.parenthesised_logical():
            return self.logical_group()
        p.compare = True
        try:
            value = p.expr()
            if p.peek().kind == "op" and p.peek().text in _COMPARE:
                op = p.next().text
                value = _compare(op, value, p.expr())
        finally:
            p.compare = False
        return value

    def parenthesised_logical(self):
        """Whether the parenthesis at the cursor holds ``||``/``&&``/``~`` at its own depth."""
        p, depth, k = self.p, 0, 0
        while True:
            tok = p.peek(k)
            if tok.kind == "eof":
                return False
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and tok.kind == "op" and tok.text in ("||", "&&", "|", "&"):
                return True
            k += 1

    def logical_group(self):
        p = self.p
        p.next()
        value = self.logical()
        p.expect(")", "to close the parenthesis")
        return value

    def choose(self, kind, clauses):
        if kind == "if":
            for header, body in clauses:
                word = header[0].text
                if word == "else" or self.condition(header[1:]):
                    self.report.kept.append((header[0].line, self.text_of(header)))
                    return self.run(body)
            return None
        subject = self.condition_value(clauses[0][0][1:])
        for header, body in clauses[1:]:
            if header[0].text == "otherwise":
                return self.run(body)
            value = self.condition_value(header[1:])
            options = list(value) if isinstance(value, Cell) else [value]
            if any(_compare("==", subject, v) if not isinstance(v, str) or isinstance(
                    subject, str) else False for v in options):
                self.report.kept.append((header[0].line, self.text_of(header)))
                return self.run(body)
        return None

    def condition_value(self, toks):
        try:
            return self.evaluate(toks, self.p.expr)
        except (MatlabSyntaxError, ValueError_) as e:
            message = e.message if isinstance(e, MatlabSyntaxError) else str(e)
            self.fail(toks, f"the switch decides {self.p.name} and cannot be evaluated: "
                            f"{_short(message)}")

    def loop(self, clause):
        header, body = clause
        toks = header[1:]
        if toks and toks[0].text == "(" and toks[-1].text == ")":
            toks = toks[1:-1]
        if len(toks) < 3 or toks[0].kind != "id" or toks[1].text != "=":
            self.fail(header, f"cannot read the loop header of a loop that builds {self.p.name}")
        var, rng = toks[0].text, toks[2:]
        values = self.range(rng, header)
        self.report.kept.append((header[0].line, self.text_of(header)))
        for value in values:
            self.p.env[var] = value
            self.run(body)

    def range(self, toks, header):
        parts, current, depth = [], [], 0
        for tok in toks:
            if tok.kind == "op" and tok.text in "([{":
                depth += 1
            elif tok.kind == "op" and tok.text in ")]}":
                depth -= 1
            if depth == 0 and tok.kind == "op" and tok.text == ":":
                parts.append(current)
                current = []
            else:
                current.append(tok)
        parts.append(current)
        try:
            values = [self.evaluate(part, self.p.expr) for part in parts]
        except (MatlabSyntaxError, ValueError_) as e:
            message = e.message if isinstance(e, MatlabSyntaxError) else str(e)
            self.fail(header, f"the loop builds {self.p.name} and its range cannot be "
                              f"evaluated: {_short(message)}")
        if len(parts) == 1:
            value = values[0]
            if isinstance(value, Cell):
                return [Cell([v]) for v in value]
            if isinstance(value, Vector):
                return list(value.values)
            return [value]
        nums = [float(numeric(v, "a bound of the range")[0]) for v in values]
        start, step, stop = (nums[0], 1.0, nums[1]) if len(nums) == 2 else nums
        if step == 0:
            return []
        count = int(np.floor((stop - start) / step + 1e-10)) + 1
        return [start + k * step for k in range(max(count, 0))]

    def finish(self):
        """Options of the last set-up (with its edits), or the cell as the script leaves it."""
        if not self.report.setups:
            return None
        index = len(self.report.setups) - 1
        self.report.edits = list(self.pending[index])
        return self.snapshot


def script_functions():
    """List the functions of script conditions (``strcmp``, …) with those of the subset.

    Returns
    -------
    dict
        Name → (minimum, maximum) number of arguments, :data:`FUNCTIONS` included.
    """
    return {**FUNCTIONS, **_SCRIPT_FUNCTIONS}


def call_script_function(name, args, signal_length):
    """Evaluate a function of :func:`script_functions`.

    Parameters
    ----------
    name : str
        The function.
    args : list
        Its evaluated arguments.
    signal_length : int or None
        The number of samples of the user's signal.

    Returns
    -------
    object
        The value (a ``bool`` for the script functions).
    """
    ref = next((a for a in args if isinstance(a, SignalRef)), None)
    if ref is not None and name in _SCRIPT_FUNCTIONS:
        raise ValueError_(f"{ref.name} is not defined (assign it earlier in the text, or pass "
                          f"variables={{'{ref.name}': …}})")
    if name in ("strcmp", "strcmpi"):
        return _strcmp(args, fold=name == "strcmpi")
    if name == "isempty":
        return _isempty(args)
    if name == "isfield":
        return _isfield(args)
    return call_function(name, args, signal_length)


def run_script(parser, tokens, text, origin, user_variables):
    """Run a whole script; return the report and the ``opts`` cell of its last set-up.

    Parameters
    ----------
    parser : scatnet.matlab.parser._Parser
        A parser over the script's environment (``compare`` attribute off).
    tokens : list of Token
        The script tokenized with ``lenient=True``.
    text : str
        The script.
    origin : str
        Where it came from, for messages.
    user_variables : iterable of str
        The names given in ``variables=`` (kept when the script computes them from data).

    Returns
    -------
    report : ScriptReport
        What was kept, skipped and translated.
    opts : Cell or None
        The cell passed to the last ``sc_setup``, or None when the script never calls it
        (the caller then reads the variable as the script leaves it).

    Raises
    ------
    MatlabSyntaxError
        A statement that builds ``opts`` cannot be evaluated, a condition or loop that decides
        ``opts`` cannot be resolved, or an ``archs`` edit cannot be translated.
    """
    runner = _Runner(parser, text, origin, user_variables)
    nodes = _blocks(_statements(tokens))
    names = {parser.name}
    if not _touches([n for n in nodes if not (n[0] == "block" and n[1] == "function")], names):
        function = next((n for n in nodes if n[0] == "block" and n[1] == "function"
                         and _touches(n[2][0][1], names)), None)
        if function is not None:
            header = function[3]
            runner.report.function = runner.text_of(header)
            runner.report.kept.append((header[0].line, runner.text_of(header)))
            for other in nodes:
                if other is not function and other[0] == "block":
                    runner.skip(other[3], f"{other[1]} block outside {runner.report.function}")
            nodes = function[2][0][1]
    runner.run(nodes)
    return runner.report, runner.finish()



def fold_edits(opts, edits, origin, validate):
    """Put the ``archs`` edits into ``opts``; with ``validate``, check that each one runs.

    Parameters
    ----------
    opts : list of dict
        The options of the set-up the edits follow.
    edits : list of ArchEdit
        The edits, in script order (a later one wins).
    origin : str
        Where the script came from, for messages.
    validate : bool
        Resolve the options and check that the architecture has each edited value.

    Returns
    -------
    list of dict
        A copy of ``opts`` with ``opts[layer][variable][field] = value`` for each edit.

    Raises
    ------
    OptionError
        An edit that the engine cannot execute as written (the original forces another value
        there, or the value is invalid); the message quotes the MATLAB line.
    """
    import warnings

    from scatnet._errors import OptionTypeError
    from scatnet.scattering_m.edits import _applied, _normalised
    from scatnet.scattering_m.options import resolve_options

    opts = copy.deepcopy(opts)
    for e in edits:
        opts[e.layer].setdefault(e.variable, {})[e.field] = e.value
    if not validate:
        return opts
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan = resolve_options(opts)
    except (OptionError, OptionTypeError) as err:
        e = next((e for e in reversed(edits) if e.field in str(err)), edits[-1])
        raise type(err)(f"{err}\n  (set at {origin}, line {e.line}: {e.text})") from err
    for e in edits:
        got = _applied(plan, e.layer, e.variable, e.field)
        got = tuple(map(float, got)) if isinstance(got, tuple) else got
        if got != _normalised(e.field, e.value):
            raise OptionError(f"{origin}, line {e.line}: {e.text}: {e.field}={e.value!r} cannot "
                              f"be executed on opts[{e.layer}]['{e.variable}']: the architecture "
                              f"uses {got!r} there, as the original forces it; remove the line "
                              "(doc/matlab.md §1.5)")
    return opts
