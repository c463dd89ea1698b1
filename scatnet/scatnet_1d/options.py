"""ScatNet 1-D options: defaults, ``T_to_J`` and strict checks of ``filt_opt`` / ``scat_opt``.

MATLAB: ``filters/default_filter_options.m``, ``filters/T_to_J.m``, ``utils/fill_struct.m`` and
``utils/check_options_white_list.m`` of ScatNet (Andén, Sifre, Mallat), spec §1.1–1.4.

Options are plain dicts, as MATLAB structs are: ``filt_opt['Q']`` is ``filt_opt.Q``. A value
that is ``None``, ``''``, ``[]`` or an empty array counts as absent (``fill_struct`` fills
empty fields with their default). The white lists below hold every field that the 1-D code
reads; any other key raises :class:`~scatnet._errors.OptionError` with the closest valid name.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np

from scatnet._errors import EnforcedOptionWarning, OptionError, OptionTypeError
from scatnet.scatnet_1d._optcheck import (
    check_keys,
    is_empty,
    matlab_round,
    numbers,
    suggest,
    where,
)

__all__ = [
    "BANK_FIELDS",
    "BOUNDARIES",
    "FILTER_FORMATS",
    "FILTER_OPTION_FIELDS",
    "FILTER_TYPES",
    "PRECISIONS",
    "SCAT_OPTION_FIELDS",
    "SHARED_FIELDS",
    "T_to_J",
    "check_filter_options",
    "check_scat_options",
    "default_filter_options",
    "matlab_round",
]

#: sigma0 = 2/sqrt(3) of ``morlet_filter_bank_1d.m`` and ``morlet_freq_1d.m``.
SIGMA0 = 2 / math.sqrt(3)

FILTER_TYPES = ("morlet_1d", "gabor_1d", "spline_1d", "selesnick_1d")
FILTER_FORMATS = ("fourier", "fourier_multires", "fourier_truncated")
BOUNDARIES = ("symm", "per", "zero")
PRECISIONS = ("double", "single")

#: Fields that ``filter_bank.m`` splits per bank (element k, the last one reused).
BANK_FIELDS = ("filter_type", "Q", "B", "xi_psi", "sigma_psi", "phi_bw_multiplier", "sigma_phi",
               "J", "P", "spline_order", "filter_format")
#: Fields shared by all banks (``filter_bank.m`` passes them on unsplit).
SHARED_FIELDS = ("boundary", "precision", "phi_dirac", "truncate_threshold")
FILTER_OPTION_FIELDS = BANK_FIELDS + SHARED_FIELDS
#: Fields of ``scat_opt`` read by ``wavelet_factory_1d``, ``wavelet_layer_1d``, ``wavelet_1d``.
SCAT_OPTION_FIELDS = ("M", "oversampling", "path_margin", "x_resolution", "psi_mask")

# kind of each numeric field: (integer?, lower bound, lower bound open?, rule text)
_NUMERIC = {
    "Q": (False, 0.0, True, "the number of wavelets per octave must be > 0"),
    "B": (False, 0.0, True, "the reciprocal per-octave bandwidth must be > 0"),
    "xi_psi": (False, 0.0, True, "the centre frequency of the mother wavelet (rad/sample) must be > 0"),
    "sigma_psi": (False, 0.0, True, "the time width of the mother wavelet must be > 0"),
    "phi_bw_multiplier": (False, 0.0, True, "the low-pass / wavelet bandwidth ratio must be > 0"),
    "sigma_phi": (False, 0.0, True, "the time width of the mother low-pass must be > 0"),
    "J": (True, 0.0, False, "J must be an integer >= 0"),
    "P": (True, 0.0, False, "P (linearly spaced wavelets) must be an integer >= 0"),
    "spline_order": (True, 1.0, False, "spline_order must be 1 (linear) or 3 (cubic)"),
}
_STRINGS = {"filter_type": FILTER_TYPES, "filter_format": FILTER_FORMATS,
            "boundary": BOUNDARIES, "precision": PRECISIONS}


def _check_numeric(field: str, value):
    integer, lo, lo_open, rule = _NUMERIC[field]
    arr = numbers(field, value)
    for i, v in enumerate(arr.tolist()):
        loc = where(field, i if arr.size > 1 else None)
        if (integer and v != math.floor(v)) or v < lo or (lo_open and v == lo) or \
                (field == "spline_order" and v not in (1.0, 3.0)):
            raise OptionError(f"{loc}: {field}={v!r} is out of range: {rule}.")
    if integer:
        arr = arr.astype(np.int64)
        return int(arr[0]) if arr.size == 1 else arr
    return float(arr[0]) if arr.size == 1 else arr


def _check_string(field: str, value, *, cell: bool):
    if cell and isinstance(value, np.ndarray):
        value = [v.item() if isinstance(v, np.generic) else v for v in value.ravel()]
    items = list(value) if (cell and isinstance(value, (list, tuple))) else [value]
    choices = _STRINGS[field]
    for i, item in enumerate(items):
        loc = where(field, i if len(items) > 1 else None)
        if not isinstance(item, str):
            what = "a string or a list of strings (MATLAB cell)" if cell else "a string"
            raise OptionTypeError(f"{loc}: {field}={item!r} has type {type(item).__name__}; "
                                  f"expected {what} among {', '.join(map(repr, choices))}.")
        if item == "image" and field == "filter_type":
            raise OptionError(f"{loc}: filter_type='image' is 2-D (wavelet_factory_2d), not part "
                              f"of the 1-D port; use one of {', '.join(map(repr, choices))}.")
        if item not in choices:
            raise OptionError(f"{loc}: {field}={item!r} is not valid.{suggest(item, choices)} "
                              f"Allowed: {', '.join(map(repr, choices))}.")
    return items[0] if len(items) == 1 else tuple(items)


def check_filter_options(filt_opt) -> dict:
    """Check a ScatNet ``filt_opt`` and return it normalised (a new dict).

    MATLAB: the fields read by ``filters/filter_bank.m``, ``morlet_filter_bank_1d.m``,
    ``spline_filter_bank_1d.m``, ``selesnick_filter_bank_1d.m``, ``optimize_filter.m`` (white
    list as in ``utils/check_options_white_list.m``, which the 1-D code never calls).

    Parameters
    ----------
    filt_opt : dict
        Fields among :data:`FILTER_OPTION_FIELDS`. Per-bank fields (:data:`BANK_FIELDS`) may be
        vectors (numbers) or lists of strings (MATLAB cells); shared fields are scalars.

    Returns
    -------
    dict
        Empty fields dropped; numbers as float (``Q``, ``B``, ``xi_psi``, ``sigma_psi``,
        ``phi_bw_multiplier``, ``sigma_phi``, ``truncate_threshold``) or int (``J``, ``P``,
        ``spline_order``, ``phi_dirac``), vectors as 1-D ndarrays; strings as str, lists of
        strings as tuples.

    Raises
    ------
    OptionTypeError
        ``filt_opt`` is not a dict, or a field has the wrong type.
    OptionError
        Unknown field (with the closest valid name), or a value out of range: Q, B, xi_psi,
        sigma_psi, sigma_phi, phi_bw_multiplier <= 0; J, P not integers >= 0; spline_order not
        in {1, 3}; unknown filter_type / filter_format / boundary / precision; phi_dirac not
        0/1; truncate_threshold outside [0, 1).
    """
    check_keys(filt_opt, FILTER_OPTION_FIELDS, "filt_opt")
    out = {}
    for field, value in filt_opt.items():
        if is_empty(value):
            continue
        if field in _NUMERIC:
            out[field] = _check_numeric(field, value)
        elif field in ("filter_type", "filter_format"):
            out[field] = _check_string(field, value, cell=True)
        elif field in ("boundary", "precision"):
            out[field] = _check_string(field, value, cell=False)
        elif field == "phi_dirac":
            arr = numbers(field, value, allow_bool=True)
            if arr.size != 1 or arr[0] not in (0.0, 1.0):
                raise OptionError(f"{where(field)}: phi_dirac={value!r} is not valid: it is "
                                  f"shared by all banks and must be one of 0, 1, False, True.")
            out[field] = int(arr[0])
        else:  # truncate_threshold
            arr = numbers(field, value)
            if arr.size != 1 or not 0.0 <= arr[0] < 1.0:
                raise OptionError(f"{where(field)}: truncate_threshold={value!r} is not valid: "
                                  f"it is shared by all banks and must be one number in [0, 1) "
                                  f"(fraction of the filter's peak; default 1e-3).")
            out[field] = float(arr[0])
    return out


def check_scat_options(scat_opt=None) -> dict:
    """Check a ScatNet 1-D ``scat_opt`` and return it with the defaults filled.

    MATLAB: ``core/wavelet_factory_1d.m`` (``M``, default 2), ``core/wavelet_layer_1d.m``
    (``path_margin``, default 0), ``core/wavelet_1d.m`` (``oversampling``, default 1).

    Parameters
    ----------
    scat_opt : dict or None
        Fields among :data:`SCAT_OPTION_FIELDS`.

    Returns
    -------
    dict
        ``{'M': int, 'oversampling': int, 'path_margin': float}``.

    Raises
    ------
    OptionTypeError
        Not a dict, or a non-numeric field.
    OptionError
        Unknown field (with a suggestion); M or oversampling not an integer >= 0.

    Warns
    -----
    EnforcedOptionWarning
        ``x_resolution`` or ``psi_mask`` given: ``wavelet_layer_1d`` overwrites both for every
        path (the resolution and the pruning mask of the parent path), so ``scat`` ignores
        them (spec §1.4, ScatNet issue #65). They are accepted, as by MATLAB, and dropped.
    """
    scat_opt = {} if scat_opt is None else scat_opt
    check_keys(scat_opt, SCAT_OPTION_FIELDS, "scat_opt")
    out = {"M": 2, "oversampling": 1, "path_margin": 0.0}
    for field, value in scat_opt.items():
        if is_empty(value):
            continue
        if field in ("x_resolution", "psi_mask"):
            warnings.warn(f"{where(field, struct='scat_opt')} is ignored: wavelet_layer_1d sets "
                          f"it for every path from the parent path (ScatNet issue #65); remove "
                          f"it from scat_opt to silence this warning.", EnforcedOptionWarning,
                          stacklevel=2)
            continue
        arr = numbers(field, value, struct="scat_opt")
        loc = where(field, struct="scat_opt")
        if arr.size != 1:
            raise OptionError(f"{loc}: {field}={value!r} must be a single number.")
        v = float(arr[0])
        if field == "path_margin":
            out[field] = float(v)
        elif v != math.floor(v) or v < 0:
            what = "the scattering order" if field == "M" else "the log2 oversampling"
            raise OptionError(f"{loc}: {field}={v!r} is out of range: {what} must be an "
                              f"integer >= 0.")
        else:
            out[field] = int(v)
    return out


def T_to_J(T, filt_opt):
    """Number of log-spaced wavelets J such that the low-pass has a time support of about T.

    MATLAB: ``filters/T_to_J.m``:
    ``J = 1 + round(Q · log2(T / (4·B / phi_bw_multiplier)))``, elementwise over T, Q, B;
    B defaults to Q and phi_bw_multiplier to 1 + (Q == 1); Q defaults to 1.

    Parameters
    ----------
    T : number or sequence of numbers > 0
        Averaging size(s) in samples.
    filt_opt : dict
        Only ``Q``, ``B`` and ``phi_bw_multiplier`` are read (scalars or vectors).

    Returns
    -------
    int or ndarray of int64
        A Python int when T, Q, B and phi_bw_multiplier are all scalars, else a 1-D int array
        (MATLAB returns doubles).

    Raises
    ------
    OptionTypeError
        ``filt_opt`` is not a dict, or T / Q / B is not numeric.
    OptionError
        T, Q, B or phi_bw_multiplier <= 0, or vectors of different lengths (> 1).

    Examples
    --------
    >>> T_to_J(4096, {'Q': 8})
    57
    >>> T_to_J(4096, {'Q': [8, 1]})
    array([57, 12])
    """
    if not isinstance(filt_opt, Mapping):
        raise OptionTypeError(f"T_to_J: filt_opt={filt_opt!r} must be a dict (MATLAB: 'You must "
                              f"provide a filter options structure as second argument!').")
    arr = {}
    for field in ("Q", "B", "phi_bw_multiplier"):
        value = filt_opt.get(field)
        arr[field] = None if is_empty(value) else _as_array(_check_numeric(field, value))
    Q = np.ones(1) if arr["Q"] is None else arr["Q"]
    B = Q if arr["B"] is None else arr["B"]
    pbm = 1.0 + (Q == 1) if arr["phi_bw_multiplier"] is None else arr["phi_bw_multiplier"]
    t = numbers("T", T, struct="T_to_J")
    for i, v in enumerate(t.tolist()):
        if v <= 0:
            raise OptionError(f"T_to_J: T={v!r} (element {i}) must be > 0 (samples).")
    sizes = {t.size, Q.size, B.size, pbm.size} - {1}
    if len(sizes) > 1:
        raise OptionError(f"T_to_J: T ({t.size}), Q ({Q.size}), B ({B.size}) and "
                          f"phi_bw_multiplier ({pbm.size}) must be scalars or vectors of one "
                          f"length.")
    J = 1 + matlab_round(np.log2(t / (4 * B / pbm)) * Q)
    J = np.asarray(J, dtype=np.int64).ravel()
    return int(J[0]) if J.size == 1 else J


def _as_array(value):
    return np.atleast_1d(np.asarray(value, dtype=float))


def default_filter_options(filter_type: str, averaging_size) -> dict:
    """Default filter options for a kind of signal.

    MATLAB: ``filters/default_filter_options.m``.
    ``'audio'``: Q = [8, 1], J = T_to_J(T, filt_opt) (one J per bank);
    ``'dyadic'``: Q = 1, J = T_to_J(T, filt_opt).

    Parameters
    ----------
    filter_type : {'audio', 'dyadic'}
        Kind of signal (``'image'`` belongs to the 2-D toolbox).
    averaging_size : number > 0
        T, the averaging size of the low-pass phi in samples.

    Returns
    -------
    dict
        ``{'Q': array([8., 1.]), 'J': array([J1, J2])}`` for audio, ``{'Q': 1.0, 'J': int}``
        for dyadic.

    Raises
    ------
    OptionError
        Unknown ``filter_type`` (``'image'`` is named as 2-D), T <= 0.
    OptionTypeError
        ``filter_type`` not a string, T not a number.

    Examples
    --------
    >>> default_filter_options('audio', 4096)['J']
    array([57, 12])
    """
    kinds = ("audio", "dyadic")
    if not isinstance(filter_type, str):
        raise OptionTypeError(f"default_filter_options: filter_type={filter_type!r} must be a "
                              f"string among {kinds}.")
    if filter_type == "image":
        raise OptionError("default_filter_options: filter_type='image' is ScatNet's 2-D "
                          "toolbox (J = ceil(log2 T) for wavelet_factory_2d), which this 1-D "
                          "port does not provide; use 'audio' or 'dyadic'.")
    if filter_type not in kinds:
        raise OptionError(f"default_filter_options: filter_type={filter_type!r} is not valid."
                          f"{suggest(filter_type, kinds)} Allowed: 'audio', 'dyadic'.")
    filt_opt = {"Q": np.array([8.0, 1.0]) if filter_type == "audio" else 1.0}
    filt_opt["J"] = T_to_J(averaging_size, filt_opt)
    return filt_opt
