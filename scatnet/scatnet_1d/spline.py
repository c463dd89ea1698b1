"""ScatNet's 1-D spline (Battle–Lemarié) wavelet filter bank.

MATLAB: ``filters/spline_filter_bank_1d.m`` and ``filters/dyadic_freq_1d.m`` (spec §1.3).
"""
from __future__ import annotations

import math

import numpy as np

from scatnet._errors import OptionError
from scatnet.scatnet_1d.bank_options import resolve_bank_options, split_filter_options
from scatnet.scatnet_1d.filters import FilterBank1D, optimize_filter

__all__ = ["dyadic_freq_1d", "spline_S", "spline_filter_bank_1d"]


def dyadic_freq_1d(meta):
    """Compute the centre frequencies and bandwidths of a dyadic (spline, Selesnick) bank, rad/sample.

    MATLAB: ``filters/dyadic_freq_1d.m``: ``xi_j = 3π/4·2^(−j)``, ``bw_j = π/2·2^(−j)``
    (j = 0 … J−1), ``phi_bw = π·2^(−(J−1))``.

    Parameters
    ----------
    meta : mapping
        The bank's meta; only ``J`` is read.

    Returns
    -------
    psi_xi : ndarray, shape (J,)
        Centre frequencies of the wavelets, highest first.
    psi_bw : ndarray, shape (J,)
        Bandwidths of the wavelets.
    phi_bw : float
        Bandwidth of the low-pass.
    """
    J = int(meta["J"])
    psi_xi = 3 * math.pi / 4 * 2.0 ** (-np.arange(J))
    psi_bw = math.pi / 2 * 2.0 ** (-np.arange(J))
    return psi_xi, psi_bw, math.pi * 2.0 ** (-(J - 1))


def spline_S(omega: np.ndarray, order: int) -> np.ndarray:
    """Evaluate the spline autocorrelation term S(ω) of ``spline_filter_bank_1d.m``.

    MATLAB: ``filters/spline_filter_bank_1d.m`` (Mallat 2008, pp. 291–292). With
    c = cos(ω/2), s = sin(ω/2)::

        order 1:  (1 + 2c²) / (48 s⁴)
        order 3:  (5 + 30c² + 30s²c² + 70c⁴ + 2s⁴c² + 2/3·s⁶) / (105·2⁸·s⁸)

    Parameters
    ----------
    omega : ndarray
        Frequencies ω, rad/sample.
    order : {1, 3}
        The spline order; anything but 1 gives the cubic term.

    Returns
    -------
    ndarray
        S(ω), of the shape of ``omega`` (inf where s = 0).
    """
    c, s = np.cos(omega / 2), np.sin(omega / 2)
    if order == 1:
        return (1 + 2 * c ** 2) / (48 * s ** 4)
    return (5 + 30 * c ** 2 + 30 * s ** 2 * c ** 2 + 70 * c ** 4 + 2 * s ** 4 * c ** 2
            + 2 / 3 * s ** 6) / (105 * 2 ** 8 * s ** 8)


def spline_filter_bank_1d(sig_length: int, options=None) -> FilterBank1D:
    """Build a linear (``spline_order`` 1) or cubic (3, default) spline wavelet filter bank.

    MATLAB: ``filters/spline_filter_bank_1d.m``. With ω = 2πn/N_f and ω_j = 2^(j+1)·ω::

        psi_j(ω) = √2 / ω_j^(p+1) · sqrt(S(ω_j/2 + π) / (S(ω_j)·S(ω_j/2)))
        (at ω_j ≡ 2π mod 4π: √2 / ω_j^(p+1) · sqrt(2^(2p+2) / S(ω_j/2)); at ω_j ≡ 0 mod 4π: 0)
        phi(ω) = 1 / ((2^J ω)^(p+1) · sqrt(S(2^J ω))), ω in (−π, π], phi(0) = 1

    with p = spline_order. **N_f is 2N for 'symm' and N otherwise, not rounded up to a power
    of two** (unlike the Morlet bank). Q = 1, B = 1, P = 0 are enforced.

    Parameters
    ----------
    sig_length : int
        N, the signal length.
    options : dict, optional
        One bank's options (``J``, default round(log2 N); ``spline_order``; ``boundary``,
        ``precision``, ``filter_format``, ``truncate_threshold``).

    Returns
    -------
    FilterBank1D
        ``meta``: ``J, size_filter, spline_order, boundary, filter_type``.

    Raises
    ------
    OptionError
        N_f is not divisible by 2^J (MATLAB fails on a non-integer index), or is odd.
    """
    opt = dict(options or {})
    opt.setdefault("filter_type", "spline_1d")
    opts = split_filter_options(opt)
    if len(opts) != 1 or opts[0]["filter_type"] != "spline_1d":
        raise OptionError("spline_filter_bank_1d: options must describe one 'spline_1d' bank "
                          "(scalar fields); use filter_bank for several banks.")
    return design_spline_bank(int(sig_length), resolve_bank_options(sig_length, opts[0]))


def design_spline_bank(sig_length: int, opt: dict) -> FilterBank1D:
    """Build the bank from resolved options (see :func:`spline_filter_bank_1d`).

    Parameters
    ----------
    sig_length : int
        N, the signal length.
    opt : dict
        One bank's resolved options (:func:`~scatnet.scatnet_1d.bank_options.resolve_bank_options`).

    Returns
    -------
    FilterBank1D
        The bank: J wavelets, highest frequency first, and the low-pass.

    Raises
    ------
    OptionError
        If N_f is odd or not divisible by 2^J.
    """
    N = 2 * sig_length if opt["boundary"] == "symm" else sig_length
    J, p = opt["J"], opt["spline_order"]
    if N % 2 or N % 2 ** J:
        raise OptionError(f"spline_filter_bank_1d: the filter length N_f={N} must be even and "
                          f"divisible by 2^J={2 ** J} (ScatNet indexes bins N_f/2^(j+1)); "
                          f"lower filt_opt['J'] (MATLAB filt_opt.J) or use boundary 'symm'.")
    dtype = np.dtype(np.float32 if opt["precision"] == "single" else np.float64)
    meta = {"J": J, "size_filter": N, "spline_order": p, "boundary": opt["boundary"],
            "filter_type": "spline_1d"}
    omega = np.arange(N) / N * 2 * math.pi
    psi = []
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for j in range(J):
            w = 2.0 ** (j + 1) * omega
            f = math.sqrt(2) * 1 / w ** (p + 1) * np.sqrt(
                spline_S(w / 2 + math.pi, p) / (spline_S(w, p) * spline_S(w / 2, p)))
            ind = np.arange(N // 2 ** (j + 1), N, N // 2 ** j)         # Inf/Inf
            f[ind] = math.sqrt(2) * 1 / w[ind] ** (p + 1) * np.sqrt(
                2.0 ** (2 * p + 2) / spline_S(w[ind] / 2, p))
            f[::N // 2 ** j] = 0                                        # 1/Inf
            psi.append(optimize_filter(f.astype(dtype), False, opt))
        if J > 0:
            w = 2.0 ** J * (np.concatenate([np.arange(N // 2 + 1), np.arange(-N // 2 + 1, 0)])
                            / N * 2 * math.pi)
            phi = 1 / (w ** (p + 1) * np.sqrt(spline_S(w, p)))
            phi[0] = 1
            phi = phi.astype(dtype)
        else:
            phi = np.ones(N, dtype)
    psi_xi, psi_bw, phi_bw = dyadic_freq_1d(meta)
    return FilterBank1D(meta, opt, psi, optimize_filter(phi, True, opt), psi_xi, psi_bw, phi_bw)
