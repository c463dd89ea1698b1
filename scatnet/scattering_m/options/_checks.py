"""Value parsers, locations and warnings shared by the option table and the resolver.

Every parser has the signature ``parse(value, where) -> value`` and raises
:class:`~scatnet._errors.OptionTypeError` for a wrong type or
:class:`~scatnet._errors.OptionError` for a value out of range. Messages follow
STYLE.md G7: where (Python and MATLAB spelling), the value as ``{name=}``, the rule, the fix.
"""
from __future__ import annotations

import difflib
import math
import numbers
import os
import sys
import warnings
from dataclasses import dataclass

import numpy as np

from scatnet._errors import EnforcedOptionWarning, OptionError, OptionTypeError

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


@dataclass(frozen=True)
class Where:
    """A place in the user's ``opts``: layer (0-based), variable and field (both optional)."""

    layer: int | None = None
    variable: str | None = None
    field: str | None = None

    def at(self, field: str) -> Where:
        return Where(self.layer, self.variable, field)

    @property
    def python(self) -> str:
        text = "opts" if self.layer is None else f"opts[{self.layer}]"
        for key in (*(self.variable or "").split(".")[:None if self.variable else 0], self.field):
            if key is not None:
                text += f"[{key!r}]"
        return text

    @property
    def matlab(self) -> str:
        text = "opts" if self.layer is None else f"opts{{{self.layer + 1}}}"
        for key in (self.variable, self.field):
            if key is not None:
                text += f".{key}"
        return text

    def __str__(self) -> str:
        return f"{self.python} (MATLAB {self.matlab})"

    @property
    def name(self) -> str:
        """Short name used in ``{name=}`` renderings.

        Returns
        -------
        str
            The field, else the variable, else ``'opts'``.
        """
        return self.field or self.variable or "opts"


def fail(where: Where, message: str, cls=OptionError):
    """Raise ``cls`` with the location prefixed to ``message``.

    Parameters
    ----------
    where : Where
        The location of the option.
    message : str
        What is wrong and how to fix it.
    cls : type, default OptionError
        The exception class (OptionError or OptionTypeError).

    Raises
    ------
    OptionError or OptionTypeError
        Always: ``cls(f"{where}: {message}")``.
    """
    raise cls(f"{where}: {message}")


def show(where: Where, value) -> str:
    """Render ``value`` as ``name=value`` (scipy's ``{name=}`` style).

    Parameters
    ----------
    where : Where
        The location of the option (its :attr:`Where.name` is used).
    value : object
        The value.

    Returns
    -------
    str
        ``f"{where.name}={value!r}"``.
    """
    return f"{where.name}={value!r}"


def suggest(name: str, valid) -> str:
    """Suggest the closest valid name for a misspelled ``name``: the text ``' Did you mean …?'``.

    Parameters
    ----------
    name : str
        The misspelled name.
    valid : iterable of str
        The valid names.

    Returns
    -------
    str
        ``" Did you mean 'x'?"`` for the closest match (difflib, cutoff 0.6, then
        case-insensitive), or ``''`` when none is close.
    """
    valid = list(valid)
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    if not close:
        lowered = {v.lower(): v for v in valid}
        close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" Did you mean {close[0]!r}?" if close else ""


def is_empty(value) -> bool:
    """Tell whether an option value is empty, as MATLAB ``isempty`` (quirk #2).

    Parameters
    ----------
    value : object
        The option value.

    Returns
    -------
    bool
        True for None, an empty str, list, tuple or dict, or an ndarray of size 0.
    """
    if value is None:
        return True
    if isinstance(value, (str, list, tuple, dict)):
        return len(value) == 0
    if isinstance(value, np.ndarray):
        return value.size == 0
    return False


def warn_enforced(where: Where, user_value, used_value, rule: str) -> None:
    """Warn that the user's value of an enforced field is replaced by the derived one.

    The warning points at the first stack frame outside the scatnet package (the user's line).

    Parameters
    ----------
    where : Where
        The location of the enforced field.
    user_value : object
        The value the user gave.
    used_value : object
        The value used instead.
    rule : str
        Why the field is enforced (e.g. the formula it follows).

    Warns
    -----
    EnforcedOptionWarning
        Always.
    """
    message = (
        f"{where}: {show(where, user_value)} is ignored; the value used is {used_value!r} "
        f"({rule}). The original toolbox replaces this field silently; remove it from opts "
        f"to silence this warning."
    )
    warn_user(message, EnforcedOptionWarning)


def warn_user(message: str, category) -> None:
    """Warn with a ``stacklevel`` that points at the first stack frame outside scatnet (the user's line).

    Parameters
    ----------
    message : str
        The warning text.
    category : type
        A :class:`~scatnet.ScatnetWarning` subclass.

    Warns
    -----
    ScatnetWarning
        Always, of the given ``category``.
    """
    level = 1
    frame = sys._getframe(0)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


# ---------------------------------------------------------------------------------------------
# scalar parsers


def _scalar(value, where: Where):
    """Unwrap numpy scalars and 1-element arrays; reject bools and non-numbers."""
    if isinstance(value, np.ndarray):
        if value.size != 1:
            fail(where, f"{show(where, value)} has shape {value.shape}; expected a single number.",
                 OptionTypeError)
        value = value.reshape(()).item()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        fail(where, f"{show(where, value)} has type {type(value).__name__}; expected a number.",
             OptionTypeError)
    if isinstance(value, float) and math.isnan(value):
        fail(where, f"{show(where, value)} is NaN; expected a number.")
    return value


def real(value, where, *, lo=None, lo_open=False, hi=None, hi_open=False, allow_inf=False,
         rule=""):
    """Parse a real number in [lo, hi] (bounds open when ``*_open``).

    Parameters
    ----------
    value : float, int, numpy scalar or 1-element ndarray
        The option value (bools are refused).
    where : Where
        The location of the option, for messages.
    lo : float, optional
        Lower bound; None: unbounded.
    lo_open : bool, default False
        Exclude ``lo`` itself.
    hi : float, optional
        Upper bound; None: unbounded.
    hi_open : bool, default False
        Exclude ``hi`` itself.
    allow_inf : bool, default False
        Accept ±inf.
    rule : str, default ''
        The rule, for the error message.

    Returns
    -------
    float
        The value.

    Raises
    ------
    OptionTypeError
        If the value is not a single number.
    OptionError
        If it is NaN, infinite (unless ``allow_inf``) or out of range.
    """
    x = float(_scalar(value, where))
    if math.isinf(x) and not allow_inf:
        fail(where, f"{show(where, x)} is infinite; {rule or 'expected a finite number'}.")
    bad = (lo is not None and (x < lo or (lo_open and x == lo))) or \
          (hi is not None and (x > hi or (hi_open and x == hi)))
    if bad:
        fail(where, f"{show(where, value)} is out of range; {rule}.")
    return x


def integer(value, where, *, lo=None, rule=""):
    """Parse an integral number ≥ lo (integral floats such as 256.0 are accepted).

    Parameters
    ----------
    value : int, float, numpy scalar or 1-element ndarray
        The option value (bools are refused).
    where : Where
        The location of the option, for messages.
    lo : int, optional
        Smallest value allowed.
    rule : str, default ''
        The rule, for the error message.

    Returns
    -------
    int
        The value.

    Raises
    ------
    OptionTypeError
        If the value is not a single number.
    OptionError
        If it is NaN, not integral or below ``lo``.
    """
    x = _scalar(value, where)
    if isinstance(x, float) and (math.isinf(x) or x != round(x)):
        fail(where, f"{show(where, value)} is not an integer; {rule}.")
    x = int(x)
    if lo is not None and x < lo:
        fail(where, f"{show(where, value)} is out of range; {rule}.")
    return x


def power_of_two(value, where, *, lo=1, rule=""):
    """Parse an integral power of two ≥ lo.

    Parameters
    ----------
    value : int, float, numpy scalar or 1-element ndarray
        The option value.
    where : Where
        The location of the option, for messages.
    lo : int, default 1
        Smallest value allowed.
    rule : str, default ''
        The rule, for the error message.

    Returns
    -------
    int
        The value.

    Raises
    ------
    OptionTypeError
        If the value is not a single number.
    OptionError
        If it is not an integer ≥ ``lo`` or not a power of two (the message names the
        nearest ones).
    """
    x = integer(value, where, lo=lo, rule=rule)
    if x & (x - 1):
        below = 1 << (x.bit_length() - 1)
        fail(where, f"{show(where, value)} is not a power of two; {rule}. "
                    f"Nearest powers of two: {below} or {2 * below}.")
    return x


def boolean(value, where):
    """Parse a boolean; numpy bools and the numbers 0 and 1 (MATLAB ``false``/``true``) are accepted.

    Parameters
    ----------
    value : bool, numpy.bool_, number or 1-element ndarray
        The option value.
    where : Where
        The location of the option, for messages.

    Returns
    -------
    bool
        The value.

    Raises
    ------
    OptionError
        If the value is a number other than 0 and 1.
    OptionTypeError
        If it is not a bool or a number.
    """
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (numbers.Real, np.generic)) and not isinstance(value, str):
        if value in (0, 1):
            return bool(value)
        fail(where, f"{show(where, value)} is not a boolean; use True or False (or 1/0).")
    fail(where, f"{show(where, value)} has type {type(value).__name__}; expected True or False.",
         OptionTypeError)


def choice(value, where, allowed):
    """Parse a string among ``allowed`` (exact match; a close miss gets a suggestion).

    Parameters
    ----------
    value : str
        The option value.
    where : Where
        The location of the option, for messages.
    allowed : sequence of str
        The allowed values.

    Returns
    -------
    str
        The value.

    Raises
    ------
    OptionTypeError
        If the value is not a string.
    OptionError
        If it is not in ``allowed``.
    """
    if not isinstance(value, str):
        fail(where, f"{show(where, value)} has type {type(value).__name__}; expected one of "
                    f"{', '.join(map(repr, allowed))}.", OptionTypeError)
    if value not in allowed:
        fail(where, f"{show(where, value)} is not allowed.{suggest(value, allowed)} "
                    f"Allowed values: {', '.join(map(repr, allowed))}.")
    return value


def handle_name(value, where, aliases: dict, kind: str) -> str:
    """Normalise a MATLAB handle text ('@morlet_1d', 'morlet', 'RLC') to its canonical name.

    Parameters
    ----------
    value : str
        The handle text, with or without ``@``.
    where : Where
        The location of the option, for messages.
    aliases : dict of str to str
        Lower-case alias → canonical name.
    kind : str
        What the handle names (e.g. ``'wavelet'``), for the error message.

    Returns
    -------
    str
        The canonical name, e.g. ``'morlet_1d'``.

    Raises
    ------
    OptionError
        If the name is not a known alias.
    """
    text = value.strip()
    if text.startswith("@"):
        text = text[1:].strip()
    canonical = aliases.get(text.lower())
    if canonical is None:
        names = sorted(set(aliases.values()))
        fail(where, f"{show(where, value)} is not a known {kind}.{suggest(text, names)} "
                    f"Known names: {', '.join(names)} (with or without '@' and '_1d').")
    return canonical
