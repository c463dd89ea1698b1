"""Helpers of the ScatNet 1-D option checks.

MATLAB ``round`` / ``isempty``, locations, suggestions, numeric parsing.

MATLAB: ``round`` (halves away from zero), ``utils/fill_struct.m`` (empty = absent),
``utils/check_options_white_list.m`` (unknown fields).
"""
from __future__ import annotations

import difflib
import math
from collections.abc import Mapping

import numpy as np

from scatnet._errors import OptionError, OptionTypeError
from scatnet._matlab import matlab_round  # re-exported for the option modules (in __all__)

__all__ = ["check_keys", "is_empty", "matlab_round", "numbers", "suggest", "where"]


def is_empty(value) -> bool:
    """Tell whether an option value is empty, as MATLAB ``isempty``: None, '', [], (), {} or an empty array.

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
    return isinstance(value, np.ndarray) and value.size == 0


def where(field: str, index=None, struct: str = "filt_opt") -> str:
    """Spell the location of an option in Python and MATLAB, e.g. ``filt_opt['Q'][1] (MATLAB filt_opt.Q(2))``.

    Parameters
    ----------
    field : str
        The field name.
    index : int, optional
        The 0-based element of a vector field (written 1-based for MATLAB).
    struct : str, default 'filt_opt'
        The name of the options struct.

    Returns
    -------
    str
        ``"struct['field'][index] (MATLAB struct.field(index + 1))"``.
    """
    py, ml = f"{struct}[{field!r}]", f"{struct}.{field}"
    if index is not None:
        py, ml = f"{py}[{index}]", f"{ml}({index + 1})"
    return f"{py} (MATLAB {ml})"


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
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), n=1,
                                                               cutoff=0.6)]
    return f" Did you mean {close[0]!r}?" if close else ""


def check_keys(opt, valid, struct: str) -> None:
    if not isinstance(opt, Mapping):
        raise OptionTypeError(f"{struct}={opt!r} has type {type(opt).__name__}; expected a dict "
                              f"(MATLAB struct) with fields among {', '.join(valid)}.")
    for key in opt:
        if not isinstance(key, str) or key not in valid:
            hint = suggest(key, valid) if isinstance(key, str) else ""
            raise OptionError(f"{struct} has an unknown field {key!r}.{hint} Valid fields of "
                              f"{struct}: {', '.join(valid)}.")


def numbers(field: str, value, *, struct: str = "filt_opt", allow_bool: bool = False):
    """Parse a numeric option (scalar, list, tuple or ndarray) into a flat float ndarray.

    Parameters
    ----------
    field : str
        The field name, for error messages.
    value : float, int, sequence of numbers or ndarray
        The option value.
    struct : str, default 'filt_opt'
        The name of the options struct, for error messages.
    allow_bool : bool, default False
        Accept booleans (as 0.0 and 1.0).

    Returns
    -------
    ndarray, float64, shape (n,)
        The values, flattened.

    Raises
    ------
    OptionTypeError
        For strings, booleans (unless ``allow_bool``), complex or ragged input.
    OptionError
        For NaN or infinite entries.
    """
    bad = isinstance(value, str) or (isinstance(value, (bool, np.bool_)) and not allow_bool)
    try:
        arr = None if bad else np.asarray(value)
    except (TypeError, ValueError):
        arr = None
    kinds = "iufb" if allow_bool else "iuf"
    if arr is None or arr.dtype.kind not in kinds:
        raise OptionTypeError(f"{where(field, struct=struct)}: {field}={value!r} has type "
                              f"{type(value).__name__}; expected a real number or a vector of "
                              f"real numbers.")
    arr = arr.astype(float).ravel()
    for i, v in enumerate(arr.tolist()):
        if not math.isfinite(v):
            raise OptionError(f"{where(field, i if arr.size > 1 else None, struct)}: {field}={v!r} "
                              f"is not finite; expected a finite real number.")
    return arr
