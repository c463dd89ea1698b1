"""``fill_reconstruction_opt``: the options of ``sc_reconstruct``, with the original's defaults.

MATLAB: scattering.m ``lib/reconstruction/fill_reconstruction_opt.m``.
"""
import difflib
import numbers
import warnings
from collections.abc import Mapping

import numpy as np

from ..._errors import IgnoredOptionWarning, OptionError, OptionTypeError

__all__ = ["fill_reconstruction_opt"]

#: Fields the original accepts but never reads (``sc_reconstruct.m`` and
#: ``update_reconstruction.m`` ignore them): accepted, with a warning when set.
UNUSED = {"is_initialization_localized": False, "adapt_learning_rate": True,
          "nChunks_per_batch": float("inf"), "is_displayed": False, "is_sonified": False,
          "generate_text": False}

DEFAULTS = {"nIterations": 100, "initial_learning_rate": 0.1, "momentum": 0.9,
            "bold_driver_accelerator": 1.1, "bold_driver_brake": 0.5, "is_verbose": True,
            "verbosity_period": 10, "snapshot_period": 0}

OTHERS = ("initial_signal", "is_regularized", "regularizer", "target_min", "target_max",
          "soft_thresholding_factor", "prefix")

FIELDS = tuple(sorted(set(DEFAULTS) | set(UNUSED) | set(OTHERS)))


def _where(name):
    return f"reconstruction_opt['{name}'] (MATLAB reconstruction_opt.{name})"


def _number(opt, name, lo=None, hi=None, lo_open=False, hi_open=False, integer=False):
    v = opt[name]
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, kind) or not np.isfinite(v):
        raise OptionTypeError(f"{_where(name)} = {v!r} must be a finite "
                              f"{'integer' if integer else 'number'}")
    low_bad = lo is not None and (v <= lo if lo_open else v < lo)
    high_bad = hi is not None and (v >= hi if hi_open else v > hi)
    if low_bad or high_bad:
        rng = (f"{'(' if lo_open else '['}{'-inf' if lo is None else lo}, "
               f"{'inf' if hi is None else hi}{')' if hi_open else ']'}")
        raise OptionError(f"{_where(name)} = {v!r} must be in {rng}")
    opt[name] = int(v) if integer else float(v)


def _bool(opt, name):
    v = opt[name]
    if not isinstance(v, (bool, np.bool_)):
        raise OptionTypeError(f"{_where(name)} = {v!r} must be True or False")
    opt[name] = bool(v)


def fill_reconstruction_opt(reconstruction_opt=None):
    """Check the options of :func:`sc_reconstruct` and fill in the original's defaults.

    MATLAB: ``reconstruction_opt = fill_reconstruction_opt(reconstruction_opt)``.

    Defaults: ``nIterations`` 100, ``initial_learning_rate`` 0.1, ``momentum`` 0.9,
    ``bold_driver_accelerator`` 1.1, ``bold_driver_brake`` 0.5, ``is_regularized`` (True if a
    ``regularizer`` is given) with ``regularizer`` 0.1, soft thresholding when both
    ``target_min`` and ``target_max`` are given (``soft_thresholding_factor`` 0.1),
    ``is_verbose`` True, ``verbosity_period`` 10, ``snapshot_period`` 0. ``initial_signal``
    (an array of the target's shape) replaces the coloured-noise start.

    Parameters
    ----------
    reconstruction_opt : dict, optional
        The options, field names as in MATLAB; not modified.

    Returns
    -------
    dict
        A new dict with every field resolved, sorted by name (as MATLAB's ``orderfields``),
        plus ``is_thresholded``.

    Raises
    ------
    OptionError
        An unknown field (the message suggests the closest valid name), a value out of range
        (e.g. ``bold_driver_brake`` not in (0, 1)), or only one of ``target_min`` and
        ``target_max``.
    OptionTypeError
        A value of the wrong type.

    Warns
    -----
    IgnoredOptionWarning
        A field the original accepts but never reads is set (e.g. ``is_displayed``), or
        ``prefix`` (snapshots are kept in memory, not saved to files).

    Examples
    --------
    >>> from scatnet import fill_reconstruction_opt
    >>> opt = fill_reconstruction_opt({'nIterations': 20})
    >>> opt['nIterations'], opt['momentum'], opt['is_regularized']
    (20, 0.9, False)
    """
    if reconstruction_opt is None:
        reconstruction_opt = {}
    if not isinstance(reconstruction_opt, Mapping):
        raise OptionTypeError(f"reconstruction_opt must be a dict of options; got "
                              f"{type(reconstruction_opt).__name__}")
    opt = dict(reconstruction_opt)
    for name in opt:
        if name not in FIELDS and name != "is_thresholded":
            close = difflib.get_close_matches(str(name), FIELDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; valid fields: {FIELDS}"
            raise OptionError(f"reconstruction_opt has an unknown field {name!r}{hint}")
    for name, default in DEFAULTS.items():
        opt.setdefault(name, default)
    _number(opt, "nIterations", lo=1, integer=True)
    _number(opt, "initial_learning_rate", lo=0, lo_open=True)
    _number(opt, "momentum", lo=0, hi=1, hi_open=True)
    _number(opt, "bold_driver_accelerator", lo=1)
    _number(opt, "bold_driver_brake", lo=0, hi=1, lo_open=True, hi_open=True)
    _bool(opt, "is_verbose")
    _number(opt, "verbosity_period", lo=1, integer=True)
    _number(opt, "snapshot_period", lo=0, integer=True)
    opt.setdefault("is_regularized", "regularizer" in opt)
    _bool(opt, "is_regularized")
    if opt["is_regularized"]:
        opt.setdefault("regularizer", 0.1)
        _number(opt, "regularizer", lo=0, hi=0.5, hi_open=True)
    has_min, has_max = "target_min" in opt, "target_max" in opt
    if has_min != has_max:
        missing = "target_max" if has_min else "target_min"
        raise OptionError(f"reconstruction_opt gives only one of target_min and target_max: "
                          f"give {missing} too (soft thresholding needs both), or neither")
    opt["is_thresholded"] = has_min and has_max
    if opt["is_thresholded"]:
        _number(opt, "target_min")
        _number(opt, "target_max")
        if opt["target_min"] >= opt["target_max"]:
            raise OptionError(f"reconstruction_opt['target_min'] = {opt['target_min']} must be "
                              f"below target_max = {opt['target_max']}")
        opt.setdefault("soft_thresholding_factor", 0.1)
        _number(opt, "soft_thresholding_factor", lo=0, hi=1)
    for name, default in UNUSED.items():
        if name in opt and opt[name] != default:
            warnings.warn(f"{_where(name)} = {opt[name]!r} is accepted but not read, as in the "
                          "original", IgnoredOptionWarning, stacklevel=2)
        opt.setdefault(name, default)
    if "prefix" in opt:
        warnings.warn(f"{_where('prefix')} names the original's snapshot files; scatnet keeps "
                      "snapshots in the result (result.snapshots) and writes no file",
                      IgnoredOptionWarning, stacklevel=2)
    return dict(sorted(opt.items()))
