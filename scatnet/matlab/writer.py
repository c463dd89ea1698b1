"""``opts_to_matlab``: Python ``opts`` → MATLAB lines that scattering.m reads back.

:func:`scatnet.matlab.opts_from_matlab` reads them back too.

MATLAB: builds the ``opts`` cell that ``sc_setup(opts)`` takes.
"""
from __future__ import annotations

import math
import numbers
import re
import warnings
from collections.abc import Mapping

import numpy as np

from scatnet._errors import OptionTypeError
from scatnet._version import __version__
from scatnet.scattering_m.options import resolve_options
from scatnet.scattering_m.options.fields import LOWPASS_ALIASES, WAVELET_ALIASES

__all__ = ["opts_to_matlab"]

#: Fields whose values are MATLAB function handles.
HANDLE_FIELDS = ("wavelet_handle", "handle", "invariant_handle")
_IDENT = re.compile(r"^[A-Za-z]\w*$")
#: Longest line before a struct(…) is continued with ``...``.
LINE_WIDTH = 96


def _where(path, name):
    if not path or not isinstance(path[0], int):
        return "the value of " + ".".join(map(str, path))
    python = f"opts[{path[0]}]" + "".join(f"[{k!r}]" for k in path[1:])
    matlab = f"{name}{{{path[0] + 1}}}" + "".join(f".{k}" for k in path[1:])
    return f"{python} (MATLAB {matlab})"


def _handle(value, path, name):
    bare = value.strip().lstrip("@").strip()
    aliases = LOWPASS_ALIASES if path[-1] == "invariant_handle" else WAVELET_ALIASES
    bare = aliases.get(bare.lower(), bare)
    if not _IDENT.match(bare):
        raise OptionTypeError(f"{_where(path, name)}: {path[-1]}={value!r} is not a function "
                              "name; MATLAB needs a handle such as @morlet_1d")
    return "@" + bare


def _number(value):
    x = float(value)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == round(x) and abs(x) < 2 ** 53:
        return str(int(x))
    return repr(x)


def format_value(value, path=("value",), name="opts"):
    """Write one option value as MATLAB source.

    E.g. ``true``, ``256``, ``Inf``, ``'tukey'``, ``[5 40]``, ``@morlet_1d``, ``struct(…)``.

    Parameters
    ----------
    value : bool, number, str, None, mapping, list, tuple or ndarray
        The value: a string in a handle field (:data:`HANDLE_FIELDS`) or starting with ``@``
        is a function handle, None is ``[]``, a mapping a struct, a sequence a row vector of
        numbers.
    path : tuple, default ('value',)
        Where the value sits in ``opts`` (layer index, variable, field, …), for error
        messages and to recognise handle fields.
    name : str, default 'opts'
        The MATLAB name of the cell, for error messages.

    Returns
    -------
    str
        The MATLAB source of the value (several lines for a long struct).

    Raises
    ------
    OptionTypeError
        If the value cannot be written as MATLAB: a callable, a string with a line break,
        a handle that is not a function name, a nested or non-numeric sequence, or another
        type.
    """
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, numbers.Real):
        return _number(value)
    if isinstance(value, str):
        if path[-1] in HANDLE_FIELDS or (value.startswith("@") and _IDENT.match(value[1:])):
            return _handle(value, path, name)
        if "\n" in value or "\r" in value:
            raise OptionTypeError(f"{_where(path, name)}: a string with a line break cannot be "
                                  f"written as a MATLAB char literal: {value!r}")
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "[]"
    if isinstance(value, Mapping):
        return format_struct(value, path, name)
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(np.ravel(np.asarray(value, dtype=object))) if isinstance(value, np.ndarray) \
            else list(value)
        if any(isinstance(v, (list, tuple, np.ndarray, Mapping, str)) or
               not isinstance(v, (numbers.Real, np.bool_)) for v in items):
            raise OptionTypeError(f"{_where(path, name)}: {value!r} is not a flat list of numbers; "
                                  "only numeric vectors can be written")
        return "[" + " ".join(format_value(v, path, name) for v in items) + "]"
    if callable(value) or type(value).__name__ == "UserWavelet":
        raise OptionTypeError(
            f"{_where(path, name)} is a Python callable ({value!r}); MATLAB text can only name a "
            "function. Write the name of the MATLAB function instead, e.g. '@my_wavelet_1d'")
    raise OptionTypeError(f"{_where(path, name)}: a {type(value).__name__} ({value!r}) cannot be "
                          "written as MATLAB; use numbers, strings, bools, lists or dicts")


def format_struct(fields, path=("value",), name="opts", indent=0):
    """Write a struct as ``struct('name', value, …)``, continued with ``...`` past :data:`LINE_WIDTH`.

    Parameters
    ----------
    fields : mapping of str to object
        The fields of the struct; each value is written by :func:`format_value`.
    path : tuple, default ('value',)
        Where the struct sits in ``opts``, for error messages.
    name : str, default 'opts'
        The MATLAB name of the cell, for error messages.
    indent : int, default 0
        The column where ``struct(`` starts; continuation lines are aligned after it.

    Returns
    -------
    str
        ``struct(…)`` on one or more lines (``struct()`` when ``fields`` is empty).

    Raises
    ------
    OptionTypeError
        If a field name is not a MATLAB identifier, or a value cannot be written.
    """
    if not fields:
        return "struct()"
    pairs = []
    for key, value in fields.items():
        if not isinstance(key, str) or not _IDENT.match(key):
            raise OptionTypeError(f"{_where(path, name)}: the field name {key!r} is not a valid "
                                  "MATLAB identifier")
        pairs.append(f"'{key}', {format_value(value, path + (key,), name)}")
    lines, current = [], "struct(" + pairs[0]
    pad = " " * (indent + len("struct("))
    for pair in pairs[1:]:
        if indent + len(current) + len(pair) + 8 > LINE_WIDTH:
            lines.append(current + ", ...")
            current = pad + pair
        else:
            current += ", " + pair
    return "\n".join(lines + [current + ")"])


def opts_to_matlab(opts, *, name="opts", header=True):
    """Write Python ``opts`` as the MATLAB lines that build the same ``opts`` cell.

    MATLAB: ``opts{m}.var = struct('field', value, …);`` for scattering.m's ``sc_setup``.

    Each variable dict ``opts[m-1][var]`` becomes one ``opts{m}.var = struct(…);`` statement;
    an empty layer ``{}`` becomes ``opts{m} = struct();``. Numbers are written exactly
    (``repr`` of floats, ``Inf``/``NaN``), booleans as ``true``/``false``, handle fields
    (``wavelet_handle``, ``handle``, ``invariant_handle``) and strings starting with ``@`` as
    function handles with their canonical name (``'morlet'`` → ``@morlet_1d``), lists as row
    vectors, ``None`` as ``[]``. :func:`scatnet.matlab.opts_from_matlab` reads the text back to
    equal opts (handles come back as ``'@name'`` strings, integral floats as ``int``).

    Parameters
    ----------
    opts : list of dict
        As for :func:`scatnet.sc_setup`; validated first with
        :func:`scatnet.scattering_m.options.resolve_options` (warnings silenced).
    name : str
        Name of the MATLAB cell variable (default ``'opts'``).
    header : bool
        Start with a ``%`` comment line naming scatnet.

    Returns
    -------
    str
        MATLAB source, one statement per line (long ``struct`` calls continued with ``...``),
        ending with a newline.

    Raises
    ------
    OptionError, OptionTypeError
        ``opts`` is invalid (from ``resolve_options``), or holds a value MATLAB text cannot
        express (a Python callable such as a user wavelet or a custom nonlinearity handle,
        a nested list, a non-identifier field name).

    Examples
    --------
    >>> print(opts_to_matlab([{'time': {'size': 4096, 'T': 512, 'max_Q': 4,
    ...                                  'is_chunked': False}}, {'time': {}}], header=False))
    opts{1}.time = struct('size', 4096, 'T', 512, 'max_Q', 4, 'is_chunked', false);
    opts{2}.time = struct();
    <BLANKLINE>
    """
    if not isinstance(name, str) or not _IDENT.match(name):
        raise OptionTypeError(f"opts_to_matlab: name={name!r} is not a MATLAB identifier")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        resolve_options(opts)
    lines = [f"% opts written by scatnet {__version__}: MATLAB {name}{{m}} is Python opts[m-1]"] \
        if header else []
    for m, layer in enumerate(opts):
        if not layer:
            lines.append(f"{name}{{{m + 1}}} = struct();")
            continue
        for key, value in layer.items():
            lhs = f"{name}{{{m + 1}}}.{key}"
            if isinstance(value, Mapping):
                rhs = format_struct(value, (m, key), name, indent=len(lhs) + 3)
            else:
                rhs = format_value(value, (m, key), name)
            lines.append(f"{lhs} = {rhs};")
    return "\n".join(lines) + "\n"
