"""Opts files of ``scatnet extract``: Python (``opts_examples/``), MATLAB ``.m`` scripts, JSON.

The sample rate the options assume (``fs``) is read from the file where it says it: a Python or
MATLAB variable ``fs`` (also ``Fs``, ``FS``), a JSON field ``"fs"``, else the literal rate passed
to ``default_auditory(N, fs, Q)``; ``None`` when the file does not say it.
"""
import copy
import json
import math
import numbers
import os
import re
import runpy

from .._errors import OptionError, OptionTypeError
from ..matlab import opts_from_matlab

__all__ = ["OPTS_SUFFIXES", "load_opts"]

#: Suffixes of the opts files ``scatnet extract`` reads.
OPTS_SUFFIXES = (".py", ".m", ".json")

_FS_NAMES = ("fs", "Fs", "FS")
_NUMBER = r"([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)"
_FS_ASSIGN = re.compile(r"^\s*(?:fs|Fs|FS)\s*=\s*" + _NUMBER + r"\s*;?\s*(?:[%#].*)?$", re.MULTILINE)
_AUDITORY = re.compile(r"default_auditory\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*" + _NUMBER + r"\s*,")


def _check_fs(value, where):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise OptionTypeError(f"{where}: fs={value!r} is not a number; the sample rate the opts "
                              "assume must be a number of Hz (e.g. fs = 16000)")
    if not (value > 0 and math.isfinite(value)):
        raise OptionError(f"{where}: fs={value!r} must be a finite number of Hz > 0")
    return float(value)


def _literal_fs(text):
    """The rate of ``fs = 16000;`` or, if unique, of ``default_auditory(N, 16000, Q)``."""
    found = _FS_ASSIGN.findall(text)
    if not found:
        found = _AUDITORY.findall(text)
    rates = {float(v) for v in found}
    return rates.pop() if len(rates) == 1 else None


def _from_python(path, size):
    try:
        ns = runpy.run_path(path, run_name="scatnet_opts")
    except Exception as e:
        raise OptionError(f"opts file {path}: running it raised {type(e).__name__}: {e}") from e
    if size is not None:
        if not callable(ns.get("make_opts")):
            raise OptionError(f"opts file {path}: size={size} needs a function make_opts(N) in "
                              "the file (as in opts_examples/); it defines none")
        opts = ns["make_opts"](size)
    elif "opts" in ns:
        opts = ns["opts"]
    else:
        raise OptionError(f"opts file {path} defines no variable opts: write opts = [...] (a list "
                          "of layer dicts, as in opts_examples/)")
    fs = next((ns[k] for k in _FS_NAMES if k in ns), None)
    if fs is None:
        with open(path, encoding="utf-8") as fh:
            fs = _literal_fs(fh.read())
    return opts, fs


def _from_matlab(path, size):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        opts = opts_from_matlab(text, signal_length=size)
    except OptionError as e:
        if size is None and "signal_length" in str(e):
            raise OptionError(f"opts file {path}: {e}\n(on the command line: --size N gives "
                              "length(x))") from e
        raise OptionError(f"opts file {path}: {e}") from e
    return opts, _literal_fs(text)


def _from_json(path):
    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as e:
            raise OptionError(f"opts file {path}: not valid JSON ({e})") from e
    if isinstance(data, dict):
        if "opts" not in data:
            raise OptionError(f"opts file {path}: a JSON object needs the key 'opts' (a list of "
                              f"layer objects) and may have 'fs'; it has {sorted(data)}")
        return data["opts"], data.get("fs")
    return data, None


def load_opts(source, *, size=None, chunked=False):
    """Read an opts file (or take an opts list) and the sample rate it assumes.

    Parameters
    ----------
    source : str, os.PathLike or list of dict
        A ``.py`` file defining ``opts`` (and optionally ``fs``, ``make_opts(N)``), a MATLAB
        ``.m`` script (read by :func:`scatnet.opts_from_matlab`), a ``.json`` file (a list of
        layers, or ``{"opts": [...], "fs": 16000}``), or the ``opts`` list itself.
    size : int, optional
        Signal length the file is written for: MATLAB's ``length(x)``, or the argument of the
        Python file's ``make_opts(N)``.
    chunked : bool
        Set ``opts[0]['time']['is_chunked'] = True`` (signals of any length, cut in chunks of
        ``size`` samples; ``default_auditory`` sets it to False).

    Returns
    -------
    opts : list of dict
        A copy; ``opts[m]`` is MATLAB's ``opts{m+1}``.
    fs : float or None
        The sample rate the file says the options assume.

    Raises
    ------
    OptionError
        Unknown suffix, a missing file, no ``opts`` in the file, or unreadable content.
    OptionTypeError
        ``fs`` is not a number, or the opts are not a list of dicts.
    """
    if isinstance(source, (list, tuple)):
        opts, fs, where = source, None, "opts"
    else:
        path = os.fspath(source)
        where = f"opts file {path}"
        suffix = os.path.splitext(path)[1].lower()
        if suffix not in OPTS_SUFFIXES:
            raise OptionError(f"{where}: suffix {suffix!r} is not one of {OPTS_SUFFIXES} (a Python "
                              "opts file, a MATLAB script or JSON)")
        if not os.path.isfile(path):
            raise OptionError(f"{where} does not exist")
        if suffix == ".py":
            opts, fs = _from_python(path, size)
        elif suffix == ".m":
            opts, fs = _from_matlab(path, size)
        else:
            opts, fs = _from_json(path)
    if not isinstance(opts, (list, tuple)) or not all(isinstance(layer, dict) for layer in opts):
        raise OptionTypeError(f"{where}: opts must be a list of layer dicts "
                              f"([{{'time': {{...}}}}, ...]); got {type(opts).__name__}")
    opts = copy.deepcopy(list(opts))
    if chunked:
        if not opts:
            raise OptionError(f"{where}: opts is empty; it needs at least opts[0]['time']")
        opts[0].setdefault("time", {})["is_chunked"] = True
    return opts, _check_fs(fs, where)
