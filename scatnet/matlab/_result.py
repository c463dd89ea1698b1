"""What the parsed script leaves: the ``opts`` cell as Python lists and dicts, checked.

The check runs :func:`scatnet.scattering_m.options.resolve_options`, with errors pointing at
the line that set the field.

MATLAB: the ``opts`` cell passed to ``sc_setup(opts)``.
"""
import re
import warnings

from scatnet._errors import OptionError, OptionTypeError
from scatnet.matlab._values import Cell, describe, to_python
from scatnet.scattering_m.options import resolve_options

__all__ = ["checked_result", "validate_against_options"]


def checked_result(parser, origin):
    """Convert the cell the script built into the Python ``opts`` (errors if missing or incomplete).

    Parameters
    ----------
    parser : scatnet.matlab.parser._Parser
        The parser after running the script: ``parser.env`` holds its variables and
        ``parser.name`` the name of the options cell.
    origin : str
        Where the text came from (a file path or ``'MATLAB text'``), for error messages.

    Returns
    -------
    list of dict
        One dict of variables (``{'time': {...}, ...}``) per layer.

    Raises
    ------
    OptionError
        If nothing is assigned to the cell, it is not a cell, or a layer is not a struct.
    """
    name = parser.name
    value = parser.env.get(name)
    if value is None:
        raise OptionError(f"{origin}: nothing is assigned to {name}; the text must build "
                          f"{name}{{1}}, {name}{{2}}, … (e.g. {name}{{1}}.time.T = 256;), or pass "
                          f"name='…' if the cell has another name")
    if not isinstance(value, Cell):
        hint = f" Index layers with braces: {name}{{1}}.time" if isinstance(value, dict) else ""
        raise OptionError(f"{origin}: {name} is a {describe(value)}, not a cell of layers.{hint}")
    missing = [m + 1 for m, v in enumerate(value) if not isinstance(v, dict)]
    if missing or not value:
        raise OptionError(f"{origin}: {name}{{{missing[0] if missing else 1}}} is never assigned "
                          f"a struct; every layer {name}{{1}} … {name}{{{max(len(value), 1)}}} "
                          "needs at least a time field, e.g. "
                          f"{name}{{{missing[0] if missing else 1}}}.time = struct();")
    return [to_python(layer) for layer in value]


_WHERE = re.compile(r"opts\[(\d+)\](?:\['(\w+)'\])?(?:\['(\w+)'\])?")


def validate_against_options(opts, parser, origin, text):
    """Resolve ``opts``; an option error gets the line that set the offending field.

    Warnings of :func:`~scatnet.scattering_m.options.resolve_options` are silenced here.

    Parameters
    ----------
    opts : list of dict
        The options read from the script (:func:`checked_result`).
    parser : scatnet.matlab.parser._Parser
        The parser after running the script; ``parser.set_at`` maps ``(layer, variable,
        field)`` prefixes to the line of their last assignment.
    origin : str
        Where the text came from, for error messages.
    text : str
        The MATLAB source, to quote the line.

    Raises
    ------
    OptionError, OptionTypeError
        The error of ``resolve_options``, with the line that set the field appended when it
        is known, else unchanged.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            resolve_options(opts)
    except (OptionError, OptionTypeError) as e:
        m = _WHERE.search(str(e))
        keys = () if m is None else tuple(
            int(g) if i == 0 else g for i, g in enumerate(m.groups()) if g is not None)
        unknown = re.search(r"unknown (?:field|key) '(\w+)'", str(e))
        if unknown and len(keys) < 3:
            keys += (unknown.group(1),)
        while keys and keys not in parser.set_at:
            keys = keys[:-1]
        line = parser.set_at.get(keys)
        if line is None:
            raise
        lines = text.splitlines()
        raise type(e)(f"{e}\n  (set at {origin}, line {line}: {lines[line - 1].strip()})") from e
