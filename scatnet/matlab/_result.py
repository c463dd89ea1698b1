"""What the parsed script leaves: the ``opts`` cell as Python lists and dicts, checked against
:func:`scatnet.scattering_m.options.resolve_options` with errors pointing at the line that set the field.

MATLAB: the ``opts`` cell passed to ``sc_setup(opts)``.
"""
import re
import warnings

from scatnet._errors import OptionError, OptionTypeError
from scatnet.matlab._values import Cell, describe, to_python

__all__ = ["checked_result", "validate_against_options"]


def checked_result(parser, origin):
    """The Python ``opts`` of the cell the script built (errors if missing or incomplete)."""
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
    """Resolve ``opts``; an option error gets the line that set the offending field."""
    from scatnet.scattering_m.options import resolve_options
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
