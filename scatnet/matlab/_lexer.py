"""Tokens of the MATLAB subset read by :func:`scatnet.matlab.opts_from_matlab`.

Comments (``%``, ``#``, ``%%`` cells, ``%{ … %}`` blocks), ``...`` continuations, strings in
single (``'it''s'``) or double quotes, numbers, identifiers, function handles (``@morlet_1d``)
and operators. Each token remembers its line and whether whitespace preceded it (inside
``[ … ]`` MATLAB separates elements by whitespace: ``[5 -40]`` has two elements, ``[5 - 40]``
one).
"""
from __future__ import annotations

import os
import pathlib
import re
from typing import NamedTuple

from scatnet._errors import OptionError, OptionTypeError

__all__ = ["MatlabSyntaxError", "Token", "located", "read_source", "tokenize"]

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?")
_IDENT = re.compile(r"[A-Za-z]\w*")
_OPERATORS = (".*", "./", ".^", ".\\", ".'", "==", "~=", "<=", ">=", "&&", "||",
              "+", "-", "*", "/", "\\", "^", "(", ")", "[", "]", "{", "}", ",", ";", "=", ".",
              "<", ">", "&", "|", "~", "!", ":")
#: Tokens after which an adjacent quote is MATLAB's transpose operator, not a string.
_TRANSPOSABLE = {"num", "id", "str"}
_CLOSERS = {")", "]", "}", "'", ".'"}


class Token(NamedTuple):
    """One token: ``kind`` in {'num', 'id', 'str', 'handle', 'op', 'newline', 'eof'}."""

    kind: str
    text: str
    line: int
    space_before: bool


class MatlabSyntaxError(Exception):
    """A construct outside the supported subset, at a (1-based) source line.

    Parameters
    ----------
    message : str
        What is wrong, and how to fix it.
    line : int
        The 1-based source line of the construct.
    resume : int or None, default None
        Where a lenient tokenizer goes on after the construct (the construct is one token
        wide); None: at the end of the line.
    """

    def __init__(self, message, line, resume=None):
        super().__init__(message)
        self.message, self.line, self.resume = message, line, resume


def _is_transpose(tokens, space):
    if space or not tokens:
        return False
    prev = tokens[-1]
    return prev.kind in _TRANSPOSABLE or (prev.kind == "op" and prev.text in _CLOSERS)


def _read_string(text, pos, quote, line):
    """The string starting at ``text[pos] == quote``; a doubled quote stands for one quote."""
    out, i = [], pos + 1
    while True:
        if i >= len(text) or text[i] == "\n":
            raise MatlabSyntaxError(f"unterminated string: add the closing {quote}", line)
        if text[i] == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                out.append(quote)
                i += 2
                continue
            return "".join(out), i + 1
        out.append(text[i])
        i += 1


def tokenize(text: str, lenient: bool = False) -> list[Token]:
    """Split MATLAB source into tokens; comments and ``...`` continuations are dropped.

    Parameters
    ----------
    text : str
        MATLAB source.
    lenient : bool, default False
        Instead of raising, put a ``'bad'`` token (its text is the message) where the
        construct is and go on (whole scripts: the statement that holds it is skipped).

    Returns
    -------
    list of Token
        The tokens in order, a ``'newline'`` token at each line end and an ``'eof'`` token
        last.

    Raises
    ------
    MatlabSyntaxError
        On an unterminated string or block comment, an anonymous function, a complex number
        or an unexpected character.
    """
    tokens: list[Token] = []
    pos, line, space = 0, 1, False
    n = len(text)
    at_line_start = True
    while pos < n:
        try:
            pos, line, space, at_line_start = _step(text, pos, line, space, at_line_start, tokens)
        except MatlabSyntaxError as e:
            if not lenient:
                raise
            tokens.append(Token("bad", e.message, e.line, space))
            if e.resume is not None:  # a one-token construct: the brackets around it still count
                pos, space = e.resume, False
                continue
            end = text.find("\n", pos)  # drop the rest of the line
            pos, space = (n if end < 0 else end), False
            tokens.append(Token("bad", "", line, False))  # marks the dropped line end
    tokens.append(Token("eof", "", line, space))
    return tokens


def _step(text, pos, line, space, at_line_start, tokens):
    """Read one token (or blank, comment, continuation) at ``pos``; return the new state."""
    n = len(text)
    ch = text[pos]
    if at_line_start:
        end = text.find("\n", pos)
        stripped = text[pos:end if end >= 0 else n].strip()
        if stripped in ("%{", "#{"):  # block comment: up to a line that is only %}
            close = re.compile(r"^[ \t]*[%#]\}[ \t]*$", re.MULTILINE).search(text, pos)
            if close is None:
                raise MatlabSyntaxError("block comment %{ is never closed by %}", line)
            line += text.count("\n", pos, close.end())
            return close.end(), line, space, at_line_start
        at_line_start = False
    if ch == "\n":
        tokens.append(Token("newline", "\n", line, space))
        line, pos, space, at_line_start = line + 1, pos + 1, False, True
    elif ch in " \t\r\f\v":
        pos, space = pos + 1, True
    elif ch in "%#":
        end = text.find("\n", pos)
        pos = n if end < 0 else end
    elif text.startswith("...", pos):
        end = text.find("\n", pos)  # the rest of the line is a comment; join the next line
        pos, space = (n if end < 0 else end + 1), True
        if end >= 0:
            line += 1
    elif ch in "'\"":
        if ch == "'" and _is_transpose(tokens, space):
            tokens.append(Token("op", "'", line, space))
            pos += 1
        else:
            value, pos = _read_string(text, pos, ch, line)
            tokens.append(Token("str", value, line, space))
        space = False
    elif ch == "@":
        m = re.compile(r"@[ \t]*([A-Za-z]\w*)").match(text, pos)
        if m is None:
            raise MatlabSyntaxError("anonymous functions @(…) are not supported; use a named "
                                    "function handle such as @morlet_1d", line, pos + 1)
        tokens.append(Token("handle", m.group(1), line, space))
        pos, space = m.end(), False
    elif ch.isdigit() or (ch == "." and pos + 1 < n and text[pos + 1].isdigit()):
        m = _NUMBER.match(text, pos)
        end = m.end()
        if end < n and text[end] in "ij" and not (end + 1 < n and (text[end + 1].isalnum()
                                                                    or text[end + 1] == "_")):
            raise MatlabSyntaxError(f"complex number {m.group(0)}{text[end]} is not "
                                    "supported: options are real", line, end + 1)
        tokens.append(Token("num", m.group(0), line, space))
        pos, space = end, False
    elif ch.isalpha():
        m = _IDENT.match(text, pos)
        tokens.append(Token("id", m.group(0), line, space))
        pos, space = m.end(), False
    else:
        for op in _OPERATORS:
            if text.startswith(op, pos):
                break
        else:
            raise MatlabSyntaxError(f"unexpected character {ch!r}", line, pos + 1)
        tokens.append(Token("op", op, line, space))
        pos, space = pos + len(op), False
    return pos, line, space, at_line_start


def read_source(source):
    if isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and "=" not in source
            and source.strip().endswith(".m")):
        path = pathlib.Path(source)
        if not path.is_file():
            raise OptionError(f"opts_from_matlab: file {str(path)!r} does not exist; pass the "
                              "path of a .m script or the MATLAB text itself")
        return path.read_text(encoding="utf-8"), str(path)
    if not isinstance(source, str):
        raise OptionTypeError(f"opts_from_matlab: source has type {type(source).__name__}; "
                              "expected MATLAB text (str) or the path of a .m file")
    return source, "MATLAB text"


def located(origin, text, line, message):
    lines = text.splitlines() or [""]
    quoted = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return f"{origin}, line {line}: {message}\n    {line} | {quoted}"
