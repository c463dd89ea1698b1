"""``filter_bank`` and ``filter_freq`` of ScatNet's 1-D toolbox.

MATLAB: ``filters/filter_bank.m``, ``filters/filter_freq.m`` (spec §1.1).
"""
from __future__ import annotations

import threading

import numpy as np

from scatnet._core import cache
from scatnet._errors import OptionError
from scatnet.scatnet_1d.bank_options import bank_options
from scatnet.scatnet_1d.filters import FilterBank1D
from scatnet.scatnet_1d.morlet import design_morlet_bank, morlet_freq_1d
from scatnet.scatnet_1d.selesnick import design_selesnick_bank
from scatnet.scatnet_1d.spline import design_spline_bank, dyadic_freq_1d

__all__ = ["filter_bank", "filter_freq"]


def filter_bank(sig_length: int, filt_opt=None) -> list:
    """The filter banks of a ScatNet 1-D scattering network.

    MATLAB: ``filters/filter_bank.m``: ``filters = filter_bank(N, filt_opt)``. Vector fields
    give one bank per element (the last element reused, see
    :func:`~scatnet.scatnet_1d.bank_options.split_filter_options`); ``'morlet_1d'`` and
    ``'gabor_1d'`` banks come from ``morlet_filter_bank_1d``, ``'spline_1d'`` from
    ``spline_filter_bank_1d``, ``'selesnick_1d'`` from ``selesnick_filter_bank_1d``.

    Parameters
    ----------
    sig_length : int >= 1
        N, the length of the signals.
    filt_opt : dict, optional
        Filter options (:func:`~scatnet.scatnet_1d.options.check_filter_options`).

    Returns
    -------
    list of FilterBank1D
        ``filters[k]`` is MATLAB ``filters{k+1}``.

    Raises
    ------
    OptionError, OptionTypeError
        Invalid options (see ``check_filter_options`` and ``resolve_bank_options``).

    Examples
    --------
    >>> from scatnet.scatnet_1d.options import default_filter_options
    >>> banks = filter_bank(4096, default_filter_options('audio', 512))
    >>> [len(b.psi) for b in banks]
    [44, 9]
    """
    return [_cached_bank(int(sig_length), opt) for opt in bank_options(sig_length, filt_opt)]


def _design(sig_length, opt):
    if opt["filter_type"] in ("morlet_1d", "gabor_1d"):
        return design_morlet_bank(sig_length, opt)
    if opt["filter_type"] == "spline_1d":
        return design_spline_bank(sig_length, opt)
    return design_selesnick_bank(sig_length, opt)


#: Banks already designed, keyed by (N, resolved options): :class:`FilterBank1D` objects are
#: immutable, so equal options share them (``scatnet.clear_cache()`` forgets them).
_BANKS = {}
_LOCK = threading.Lock()


def _key(sig_length, opt):
    def freeze(v):
        return tuple(np.ravel(v).tolist()) if isinstance(v, (list, tuple, np.ndarray)) else v
    return (sig_length,) + tuple(sorted((k, freeze(v)) for k, v in opt.items()))


def _cached_bank(sig_length, opt):
    key = _key(sig_length, opt)
    with _LOCK:
        hit = _BANKS.get(key)
    if hit is None:
        hit = _design(sig_length, opt)
        with _LOCK:
            hit = _BANKS.setdefault(key, hit)
    return hit


@cache.register
def clear_banks():
    """Forget the cached ScatNet filter banks."""
    with _LOCK:
        _BANKS.clear()


def filter_freq(meta):
    """Centre frequencies and bandwidths of a bank's filters, rad/sample.

    MATLAB: ``filters/filter_freq.m``: ``morlet_freq_1d`` for morlet/gabor banks,
    ``dyadic_freq_1d`` for spline/selesnick banks.

    Parameters
    ----------
    meta : mapping or FilterBank1D
        A bank's ``meta``.

    Returns
    -------
    psi_xi : ndarray, shape (n_psi,)
        Centre frequencies of the wavelets, rad/sample.
    psi_bw : ndarray, shape (n_psi,)
        Bandwidths of the wavelets, rad/sample.
    phi_bw : float
        Bandwidth of the low-pass, rad/sample.

    Raises
    ------
    OptionError
        If ``meta['filter_type']`` is not a ScatNet 1-D filter type.
    """
    if isinstance(meta, FilterBank1D):
        meta = meta.meta
    kind = meta.get("filter_type")
    if kind in ("spline_1d", "selesnick_1d"):
        return dyadic_freq_1d(meta)
    if kind in ("morlet_1d", "gabor_1d"):
        return morlet_freq_1d(meta)
    raise OptionError(f"filter_freq: unknown filter_type={kind!r}; expected 'morlet_1d', "
                      f"'gabor_1d', 'spline_1d' or 'selesnick_1d'.")
