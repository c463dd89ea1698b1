"""Per-bank options of ScatNet's ``filter_bank``: splitting of vector fields and defaults.

MATLAB: ``filters/filter_bank.m`` (splitting), and the ``fill_struct`` defaults at the top of
``morlet_filter_bank_1d.m``, ``spline_filter_bank_1d.m``, ``selesnick_filter_bank_1d.m`` and
``optimize_filter.m`` (spec §1.1, §1.3).
"""
from __future__ import annotations

import math

import numpy as np

from scatnet._errors import OptionError, OptionTypeError
from scatnet.scatnet_1d.options import (
    BANK_FIELDS,
    SIGMA0,
    T_to_J,
    check_filter_options,
    matlab_round,
    where,
)

__all__ = ["bank_options", "resolve_bank_options", "split_filter_options"]

#: Defaults shared by every bank (``filter_bank.m``, ``optimize_filter.m``, the bank functions).
_SHARED_DEFAULTS = {"precision": "double", "filter_format": "fourier_truncated",
                    "boundary": "symm", "phi_dirac": 0, "truncate_threshold": 1e-3}


def split_filter_options(filt_opt) -> list:
    """Split ``filt_opt`` into one options dict per filter bank.

    MATLAB: ``filters/filter_bank.m``. The number of banks is the largest number of elements
    over :data:`~scatnet.scatnet_1d.options.BANK_FIELDS` (``filter_type``, ``Q``, ``B``,
    ``xi_psi``, ``sigma_psi``, ``phi_bw_multiplier``, ``sigma_phi``, ``J``, ``P``,
    ``spline_order``, ``filter_format``); bank k takes element k of each, **the last element
    being reused** when a field is shorter. ``boundary``, ``precision``, ``phi_dirac`` and
    ``truncate_threshold`` are shared. ``filter_type`` defaults to ``'morlet_1d'``.

    Parameters
    ----------
    filt_opt : dict or None
        As accepted by :func:`~scatnet.scatnet_1d.options.check_filter_options`.

    Returns
    -------
    list of dict
        One dict per bank with scalar values (absent fields stay absent).
    """
    opt = check_filter_options({} if filt_opt is None else filt_opt)
    opt.setdefault("filter_type", "morlet_1d")
    sizes = [np.size(opt[f]) if not isinstance(opt[f], str) else 1
             for f in BANK_FIELDS if f in opt]
    banks = []
    for k in range(max(sizes)):
        bank = dict(opt)
        for field in BANK_FIELDS:
            value = opt.get(field)
            if isinstance(value, (tuple, np.ndarray)):
                item = value[min(k, len(value) - 1)]
                bank[field] = item.item() if isinstance(item, np.generic) else item
        banks.append(bank)
    return banks


def _fail(bank: int, opt: dict, field: str, message: str):
    raise OptionError(f"bank {bank + 1} (filter_type={opt['filter_type']!r}), {where(field)}: "
                      f"{message}")


def resolve_bank_options(sig_length: int, opt: dict, *, bank: int = 0) -> dict:
    """Fill the defaults of one bank's options as ScatNet's bank functions do.

    MATLAB (``morlet_1d`` / ``gabor_1d``, ``morlet_filter_bank_1d.m``)::

        Q = 1;  B = Q;  xi_psi = 1/2·(2^(−1/Q)+1)·π;  sigma_psi = 1/2·sigma0/(1−2^(−1/B))
        phi_bw_multiplier = 1+(Q==1);  sigma_phi = sigma_psi/phi_bw_multiplier
        J = T_to_J(N, opt);  P = round((2^(−1/Q) − 1/4·sigma0/sigma_phi)/(1−2^(−1/Q)))

    ``spline_1d`` (``spline_filter_bank_1d.m``): Q = 1, B = 1, P = 0 (enforced: other values
    raise, as in MATLAB), J = round(log2 N), spline_order = 3. ``selesnick_1d``: Q = 1
    (enforced), J = round(log2 N). All: precision 'double', filter_format
    'fourier_truncated', boundary 'symm', phi_dirac 0, truncate_threshold 1e-3.

    Parameters
    ----------
    sig_length : int > 0
        N, the signal length (MATLAB ``sig_length``).
    opt : dict
        One bank's options (an element of :func:`split_filter_options`).
    bank : int
        0-based bank index, for error messages.

    Returns
    -------
    dict
        Every field the bank's design reads, with J, P, spline_order, phi_dirac as int and the
        other numbers as float.

    Raises
    ------
    OptionError
        Spline with Q, B != 1 or P != 0; selesnick with Q != 1; morlet/gabor/selesnick with
        J < 1 (also when the default T_to_J(N) is < 1: N too short); morlet with P < 0.
    """
    if isinstance(sig_length, (bool, np.bool_)) or not isinstance(sig_length, (int, float,
                                                                                np.number)):
        raise OptionTypeError(f"filter_bank: the signal length N={sig_length!r} has type "
                              f"{type(sig_length).__name__}; expected an integer >= 1.")
    if not float(sig_length).is_integer() or sig_length < 1:
        raise OptionError(f"filter_bank: the signal length N={sig_length!r} must be an integer "
                          f">= 1.")
    sig_length = int(sig_length)
    out = {"filter_type": opt.get("filter_type", "morlet_1d")}
    for field, default in _SHARED_DEFAULTS.items():
        out[field] = opt.get(field, default)
    kind = out["filter_type"]
    if kind in ("morlet_1d", "gabor_1d"):
        Q = float(opt.get("Q", 1.0))
        B = float(opt.get("B", Q))
        xi_psi = float(opt.get("xi_psi", 1 / 2 * (2 ** (-1 / Q) + 1) * math.pi))
        sigma_psi = float(opt.get("sigma_psi", 1 / 2 * SIGMA0 / (1 - 2 ** (-1 / B))))
        pbm = float(opt.get("phi_bw_multiplier", 1 + (Q == 1)))
        sigma_phi = float(opt.get("sigma_phi", sigma_psi / pbm))
        out.update(Q=Q, B=B, xi_psi=xi_psi, sigma_psi=sigma_psi, phi_bw_multiplier=pbm,
                   sigma_phi=sigma_phi)
        if "J" in opt:
            J = int(opt["J"])
        else:
            J = T_to_J(sig_length, {"Q": Q, "B": B, "phi_bw_multiplier": pbm})
            if J < 1:
                _fail(bank, out, "J", f"the default J = T_to_J(N={sig_length}, Q={Q:g}, B={B:g}) "
                                      f"= {J} is < 1: the signal is too short for this Q; set J.")
        if "P" in opt:
            P = int(opt["P"])
        else:
            P = int(matlab_round((2 ** (-1 / Q) - 1 / 4 * SIGMA0 / sigma_phi) /
                                 (1 - 2 ** (-1 / Q))))
            if P < 0:
                _fail(bank, out, "P", f"the default P = round((2^(-1/Q) - sigma0/(4 sigma_phi))"
                                      f"/(1-2^(-1/Q))) = {P} is < 0 (sigma_phi={sigma_phi:g} is "
                                      f"too small); increase sigma_phi or set P >= 0.")
        out.update(J=J, P=P)
    else:
        name = "spline" if kind == "spline_1d" else "Selesnick"
        for field, value, rule in (("Q", 1.0, "one wavelet per octave"),
                                   ("B", 1.0, "the bandwidth is fixed"),
                                   ("P", 0, "no constant-bandwidth filters")):
            if kind == "selesnick_1d" and field != "Q":
                continue
            given = opt.get(field, value)
            if given != value:
                _fail(bank, out, field, f"{field}={given!r} is not allowed for {name} wavelets "
                                        f"({rule}: {field} must be {value!r}); give a vector "
                                        f"such as Q=[8, 1] to vary it per bank.")
            out[field] = type(value)(given)
        out["J"] = int(opt["J"]) if "J" in opt else int(matlab_round(math.log2(sig_length)))
        if kind == "spline_1d":
            out["spline_order"] = int(opt.get("spline_order", 3))
    if out["J"] < 1 and kind != "spline_1d":
        _fail(bank, out, "J", f"J={out['J']} must be >= 1 for {kind} filter banks.")
    return out


def bank_options(sig_length: int, filt_opt=None) -> list:
    """Resolve the options of every bank that ``filter_bank(N, filt_opt)`` builds.

    MATLAB: ``filters/filter_bank.m`` followed by the defaults of each bank function (see
    :func:`split_filter_options` and :func:`resolve_bank_options`).

    Parameters
    ----------
    sig_length : int
        ``N``, the signal length the banks are designed for.
    filt_opt : dict, optional
        ScatNet's filter options; vector (list) or cell fields give one value per bank.

    Returns
    -------
    list of dict
        The resolved options of each bank, in order (defaults filled in, ``J`` included).

    Raises
    ------
    OptionError, OptionTypeError
        For unknown, ill-typed or out-of-range options.

    Examples
    --------
    >>> from scatnet.scatnet_1d.options import default_filter_options
    >>> [o['J'] for o in bank_options(65536, default_filter_options('audio', 4096))]
    [57, 12]
    """
    return [resolve_bank_options(sig_length, opt, bank=k)
            for k, opt in enumerate(split_filter_options(filt_opt))]
