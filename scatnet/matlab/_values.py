"""Values and built-in functions of the MATLAB subset of :func:`scatnet.matlab.opts_from_matlab`.

Values: ``float`` (MATLAB double scalar), ``bool`` (logical), :class:`Vector` (row or column
vector of doubles, also the empty ``[]``), ``str`` (char array), :class:`Handle` (``@name``),
``dict`` (struct) and :class:`Cell`.
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import numpy as np

from scatnet._errors import OptionTypeError
from scatnet._matlab import matlab_round, nextpow2
from scatnet.scattering_m.options import default_auditory

__all__ = [
    "CONSTANTS",
    "EMPTY",
    "FUNCTIONS",
    "Cell",
    "Handle",
    "SignalRef",
    "ValueError_",
    "Vector",
    "arith",
    "assign",
    "call_function",
    "concatenate",
    "from_python",
    "to_python",
]


class ValueError_(Exception):
    """An evaluation error (wrong type, unsupported construct); the parser adds the line."""


@dataclass(frozen=True)
class Vector:
    """A numeric vector (``[5 40]``); ``Vector(())`` is MATLAB's empty ``[]``."""

    values: tuple[float, ...]


@dataclass(frozen=True)
class Handle:
    """A function handle ``@name``."""

    name: str


@dataclass(frozen=True)
class SignalRef:
    """An undefined identifier passed to ``length``/``numel``/``size``: the user's signal."""

    name: str


class Cell(list):
    """A MATLAB cell array (1-D)."""


EMPTY = Vector(())
CONSTANTS = {"pi": math.pi, "Inf": math.inf, "inf": math.inf, "NaN": math.nan, "nan": math.nan,
             "eps": 2.220446049250313e-16, "true": True, "false": False}


def describe(value) -> str:
    """Name the MATLAB-like type of a value, for messages.

    Parameters
    ----------
    value : object
        A value of the subset (float, bool, Vector, str, Handle, dict, Cell, SignalRef).

    Returns
    -------
    str
        E.g. ``'double'``, ``'logical'``, ``'1×3 vector'``, ``'empty []'``, ``'struct'``; the
        Python type name for anything else.
    """
    if isinstance(value, bool):
        return "logical"
    if isinstance(value, float):
        return "double"
    if isinstance(value, Vector):
        return "empty []" if not value.values else f"1×{len(value.values)} vector"
    return {str: "char", Handle: "function handle", dict: "struct", Cell: "cell",
            SignalRef: "undefined variable"}.get(type(value), type(value).__name__)


def numeric(value, what) -> np.ndarray:
    """Convert a numeric value to a 1-D float array (scalars have one element).

    Parameters
    ----------
    value : float, bool or Vector
        The value.
    what : str
        What the value is (e.g. ``'the left operand of +'``), for the error message.

    Returns
    -------
    ndarray, float64, shape (n,)
        The elements of ``value``; a logical becomes 0.0 or 1.0.

    Raises
    ------
    ValueError_
        If ``value`` is not numeric.
    """
    if isinstance(value, bool):
        return np.array([float(value)])
    if isinstance(value, float):
        return np.array([value])
    if isinstance(value, Vector):
        return np.array(value.values, dtype=float)
    raise ValueError_(f"{what} must be numeric; got a {describe(value)}")


def from_array(arr):
    """Convert a float array back into a value: one element → float, else :class:`Vector`.

    Parameters
    ----------
    arr : array_like
        Numbers, of any shape (flattened).

    Returns
    -------
    float or Vector
        The single element, or a vector of all of them (``EMPTY`` for none).
    """
    arr = np.asarray(arr, dtype=float).ravel()
    if arr.size == 1:
        return float(arr[0])
    return Vector(tuple(float(v) for v in arr))


def scalar(value, what) -> float:
    arr = numeric(value, what)
    if arr.size != 1:
        raise ValueError_(f"{what} must be a scalar; got a {describe(value)}")
    return float(arr[0])


_BINARY = {"+": operator.add, "-": operator.sub, ".*": operator.mul, "*": operator.mul,
           "./": operator.truediv, "/": operator.truediv, ".\\": lambda a, b: b / a,
           "\\": lambda a, b: b / a, ".^": operator.pow, "^": operator.pow}


def arith(op, a, b):
    """Evaluate ``a op b`` with MATLAB's scalar expansion; matrix products and powers of vectors fail.

    Parameters
    ----------
    op : str
        One of ``+ - * .* / ./ \\ .\\ ^ .^``.
    a, b : float, bool or Vector
        The operands.

    Returns
    -------
    float or Vector
        The element-wise result.

    Raises
    ------
    ValueError_
        If an operand is not numeric, the sizes differ, the operation is a matrix product or
        power of vectors, or a power has a complex result.
    """
    x, y = numeric(a, f"the left operand of {op}"), numeric(b, f"the right operand of {op}")
    if x.size != 1 and y.size != 1:
        if op in ("*", "/", "\\", "^"):
            raise ValueError_(f"{op} between two vectors is a matrix operation; use the "
                              f"element-wise .{op.strip('.')} or scalars")
        if x.size != y.size:
            raise ValueError_(f"sizes do not agree for {op}: {x.size} and {y.size} elements")
    elif op == "^" and (x.size != 1 or y.size != 1):
        raise ValueError_("^ of a vector is a matrix power; use the element-wise .^")
    with np.errstate(all="ignore"):
        out = _BINARY[op](x, y)
    if op in ("^", ".^") and np.isnan(out).any() and not (np.isnan(x).any()
                                                          or np.isnan(y).any()):
        raise ValueError_("the power has a complex result (negative base, fractional "
                          "exponent); options are real")
    return from_array(out)


def _round(x):
    return np.asarray(matlab_round(x), dtype=float)  # halves away from zero


def _nextpow2(x):
    return np.array([float(nextpow2(v)) for v in x])


def _real_only(fn, lo):
    def f(x):
        if (x < lo).any():
            raise ValueError_(f"the result is complex for arguments below {lo}; options are real")
        return fn(x)
    return f


_ELEMENTWISE = {
    "abs": np.abs, "ceil": np.ceil, "floor": np.floor, "round": _round, "fix": np.trunc,
    "sqrt": _real_only(np.sqrt, 0), "exp": np.exp, "log": _real_only(np.log, 0),
    "log2": _real_only(np.log2, 0), "log10": _real_only(np.log10, 0), "nextpow2": _nextpow2,
    "double": lambda x: x,
}


def _mod(a, b):
    with np.errstate(all="ignore"):
        return np.where(b == 0, a, a - np.floor(a / b) * b)


def _rem(a, b):
    with np.errstate(all="ignore"):
        return np.where(b == 0, a, a - np.trunc(a / b) * b)


def _length(args, signal_length):
    (v,) = args
    if isinstance(v, SignalRef):
        if signal_length is None:
            raise ValueError_(f"{v.name} is not defined in the text: pass "
                              f"signal_length=<number of samples of {v.name}> to use it here")
        return float(signal_length)
    if isinstance(v, (str, Cell)):
        return float(len(v))
    if isinstance(v, dict):
        return 1.0
    return float(numeric(v, "the argument").size)


def _size(args, signal_length):
    if len(args) != 2:
        raise ValueError_("size needs two arguments here, e.g. size(x, 1)")
    v, dim = args[0], scalar(args[1], "the dimension of size")
    if isinstance(v, SignalRef):
        if dim != 1:
            raise ValueError_(f"size({v.name}, {dim:g}): only the number of samples, "
                              f"size({v.name}, 1), is known (signal_length)")
        return _length([v], signal_length)
    n = _length([v], signal_length)
    return {1.0: 1.0 if n else 0.0, 2.0: n}.get(dim, 1.0)


def _struct(args):
    if len(args) % 2:
        raise ValueError_("struct needs name, value pairs; got an odd number of arguments")
    out = {}
    for name, value in zip(args[::2], args[1::2]):
        if not isinstance(name, str):
            raise ValueError_(f"struct field names must be strings; got a {describe(name)}")
        if isinstance(value, Cell):
            raise ValueError_(f"struct('{name}', {{…}}) builds a struct array in MATLAB; "
                              "give the value directly, without braces")
        out[name] = value
    return out


def _cell(args):
    dims = [max(int(scalar(a, "a size of cell")), 0) for a in args]
    if (len(dims) == 1 and dims[0] > 1) or (len(dims) == 2 and min(dims) > 1):
        raise ValueError_(f"cell({', '.join(map(str, dims))}) is a 2-D cell; only 1-D cells are "
                          "supported, e.g. cell(1, 3)")
    return Cell([EMPTY] * (dims[0] if len(dims) == 1 else dims[0] * dims[1]))


def _default_auditory(args):
    if len(args) != 3:
        raise ValueError_(f"default_auditory takes (N, Fs, Q); got {len(args)} arguments")
    values = [scalar(a, name) for a, name in zip(args, ("N", "Fs", "Q"))]
    values = [int(v) if v == round(v) and math.isfinite(v) else v for v in values]
    return default_auditory(*values)


def _minmax(fn):
    def f(args):
        if len(args) == 1:
            return float(fn(numeric(args[0], "the argument")))
        if len(args) == 2:
            return from_array(fn(np.broadcast_arrays(numeric(args[0], "the first argument"),
                                                     numeric(args[1], "the second argument")),
                                 axis=0))
        raise ValueError_("min/max take one or two arguments here")
    return f


#: name → (minimum, maximum) number of arguments
FUNCTIONS = {name: (1, 1) for name in _ELEMENTWISE}
FUNCTIONS.update({"length": (1, 1), "numel": (1, 1), "size": (2, 2), "struct": (0, 99),
                  "cell": (1, 2), "default_auditory": (3, 3), "max": (1, 2), "min": (1, 2),
                  "mod": (2, 2), "rem": (2, 2), "pow2": (1, 2), "logical": (1, 1)})


def call_function(name, args, signal_length):
    """Evaluate a supported function.

    Parameters
    ----------
    name : str
        A key of :data:`FUNCTIONS`.
    args : list
        The evaluated arguments (values of the subset).
    signal_length : int or None
        The number of samples of the user's signal, for ``length``, ``numel`` and ``size`` of
        an undefined variable; None if unknown.

    Returns
    -------
    object
        The result as a value of the subset: float, bool, Vector, dict (``struct``,
        ``default_auditory``) or Cell (``cell``).

    Raises
    ------
    ValueError_
        If the number or the types of the arguments are wrong, or an undefined variable is
        used where its length is not what is asked.
    """
    lo, hi = FUNCTIONS[name]
    if not lo <= len(args) <= hi:
        raise ValueError_(f"{name} takes {lo if lo == hi else f'{lo} to {hi}'} argument(s); "
                          f"got {len(args)}")
    if any(isinstance(a, SignalRef) for a in args) and name not in ("length", "numel", "size"):
        ref = next(a for a in args if isinstance(a, SignalRef))
        raise ValueError_(f"{ref.name} is not defined (assign it earlier in the text, or pass "
                          f"variables={{'{ref.name}': …}})")
    if name in ("length", "numel"):
        return _length(args, signal_length)
    if name == "size":
        return _size(args, signal_length)
    if name == "struct":
        return _struct(args)
    if name == "cell":
        return _cell(args)
    if name == "default_auditory":
        return _default_auditory(args)
    if name in ("max", "min"):
        return _minmax(np.max if name == "max" else np.min)(args)
    if name == "logical":
        return bool(scalar(args[0], "the argument of logical") != 0)
    nums = [numeric(a, f"the argument of {name}") for a in args]
    if name in ("mod", "rem"):
        x, y = np.broadcast_arrays(*nums)
        return from_array((_mod if name == "mod" else _rem)(x, y))
    if name == "pow2":
        return from_array(2.0 ** nums[0] if len(nums) == 1 else nums[0] * 2.0 ** nums[1])
    return from_array(_ELEMENTWISE[name](nums[0]))


def to_python(value):
    """Convert a MATLAB value into the Python value used in ``opts``.

    Integral doubles become ``int``, vectors lists, handles ``'@name'`` strings, structs
    dicts, cells lists.

    Parameters
    ----------
    value : object
        A value of the subset.

    Returns
    -------
    bool, str, int, float, list or dict
        The Python value (recursively for vectors, structs and cells).
    """
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        if math.isfinite(value) and value == round(value) and abs(value) < 2 ** 53:
            return int(value)
        return float(value)
    if isinstance(value, Vector):
        return [to_python(v) for v in value.values]
    if isinstance(value, Handle):
        return "@" + value.name
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    if isinstance(value, Cell):
        return [to_python(v) for v in value]
    raise ValueError_(f"a {describe(value)} cannot be an option value")  # pragma: no cover


def concatenate(rows):
    """Evaluate ``[…]``: numbers and vectors joined into one vector, or strings joined into one.

    Parameters
    ----------
    rows : list of list
        The evaluated elements of each row of the brackets (rows separated by ``;`` or line
        breaks), empty rows removed.

    Returns
    -------
    float, bool, str or Vector
        One string for one row of strings, a bool for a single logical, ``EMPTY`` for
        ``[]``, else the numbers as a float (one element) or a Vector.

    Raises
    ------
    ValueError_
        If an element is not numeric (outside a row of strings), or the rows make a 2-D
        matrix.
    """
    items = [v for r in rows for v in r]
    if not items:
        return EMPTY
    if len(rows) == 1 and all(isinstance(v, str) for v in items):
        return "".join(items)
    if len(rows) == 1 and len(items) == 1 and isinstance(items[0], bool):
        return items[0]
    parts = [numeric(v, f"an element of [ ] (a {describe(v)})") for v in items]
    if len(rows) > 1 and any(len(r) != 1 or p.size != 1 for r, p in zip(rows, parts)):
        raise ValueError_("2-D matrices are not supported; use a row vector [a b c]")
    return from_array(np.concatenate(parts)) if sum(p.size for p in parts) else EMPTY


def assign(container, chain, value, text):
    """Perform the MATLAB assignment ``container<chain> = value`` (structs and cells grow as needed).

    Parameters
    ----------
    container : object or None
        The current value of the variable (None if unset); dicts and cells are modified in
        place.
    chain : list of (str, object)
        The indexing chain: ``('field', name)`` for ``.name``, ``('cell', i)`` for ``{i}``
        (1-based).
    value : object
        The value assigned.
    text : str
        The MATLAB text of ``container`` (e.g. ``'opts{1}.time'``), for error messages.

    Returns
    -------
    object
        The new value of the variable: ``value`` for an empty chain, else ``container``
        (a new dict or Cell when it was unset or ``[]``).

    Raises
    ------
    ValueError_
        If a field is set on a non-struct or a cell index on a non-cell.
    """
    if not chain:
        return value
    kind, key = chain[0]
    if kind == "field":
        if container is None or container == EMPTY:
            container = {}
        if not isinstance(container, dict):
            raise ValueError_(f"{text} is a {describe(container)}; it cannot have a field '{key}'")
        container[key] = assign(container.get(key), chain[1:], value, f"{text}.{key}")
        return container
    if container is None or container == EMPTY:
        container = Cell()
    if not isinstance(container, Cell):
        raise ValueError_(f"{text}{{{key}}}: {text} is a {describe(container)}, not a cell")
    container.extend([EMPTY] * (key - len(container)))
    old = container[key - 1]
    container[key - 1] = assign(None if old == EMPTY else old, chain[1:], value,
                                 f"{text}{{{key}}}")
    return container


def from_python(key, value):
    """Convert a Python value given in ``variables`` into a MATLAB value.

    Parameters
    ----------
    key : str
        The name of the variable, for the error message.
    value : bool, str, dict, number or sequence of numbers
        The value.

    Returns
    -------
    bool, str, dict, float or Vector
        The MATLAB value (``EMPTY`` for an empty sequence; dicts converted recursively).

    Raises
    ------
    OptionTypeError
        If ``value`` is none of those.
    """
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, dict):
        return {k: from_python(k, v) for k, v in value.items()}
    try:
        return from_array(value) if not hasattr(value, "__len__") or len(value) else EMPTY
    except (TypeError, ValueError) as e:
        raise OptionTypeError(f"opts_from_matlab: variables[{key!r}]={value!r} is not a number, "
                              "vector, string, bool or dict") from e
