"""ScatNet's 1-D Morlet / Gabor filter bank.

MATLAB: ``filters/morlet_filter_bank_1d.m`` and ``filters/morlet_freq_1d.m`` (spec §1.3).
"""
from __future__ import annotations

import math

import numpy as np

from scatnet._errors import OptionError
from scatnet.scatnet_1d.bank_options import resolve_bank_options, split_filter_options
from scatnet.scatnet_1d.filters import FilterBank1D, optimize_filter
from scatnet.scatnet_1d.options import SIGMA0

__all__ = ["filter_size", "gabor_1d", "morlet_filter_bank_1d", "morlet_freq_1d"]

#: Fields of ``filters.meta`` copied from the options by morlet_filter_bank_1d.m.
MORLET_META_FIELDS = ("filter_type", "Q", "B", "J", "P", "xi_psi", "sigma_psi", "sigma_phi",
                      "boundary", "phi_dirac")

# exp(-x) is exactly 0.0 in double precision for x > 745.2; Gaussian terms are evaluated on
# the bins where x <= _EXP_CUTOFF (plus two bins) only, which changes no value.
_EXP_CUTOFF = 760.0


def filter_size(sig_length: int, boundary: str) -> int:
    """Compute N_f = 2^ceil(log2(2N)) for 'symm', 2^ceil(log2 N) otherwise (morlet_filter_bank_1d.m).

    Parameters
    ----------
    sig_length : int >= 1
        N, the signal length.
    boundary : {'symm', 'per', 'zero'}
        The bank's boundary condition; ``'symm'`` doubles the length before rounding up.

    Returns
    -------
    int
        N_f, a power of two.
    """
    n = 2 * sig_length if boundary == "symm" else sig_length
    return 1 << (n - 1).bit_length()


def morlet_freq_1d(meta):
    """Centre frequencies and bandwidths (rad/sample) of a Morlet/Gabor bank.

    MATLAB: ``filters/morlet_freq_1d.m``::

        xi_j = xi_psi·2^(−j/Q), sigma_j = sigma_psi·2^(j/Q)               (j = 0 … J−1)
        xi_(J−1+p) = xi_psi·2^((1−J)/Q) − p·step, sigma = sigma_psi·2^((J−1)/Q)   (p = 1 … P)
        step = π·2^(−J/Q)·(1 − 1/4·sigma0/sigma_phi·2^(1/Q)) / P
        bw = π/2·sigma0/sigma;  phi_bw = π/2·sigma0/(sigma_phi·2^((J−1)/Q)), or 2π if phi_dirac

    Parameters
    ----------
    meta : mapping
        ``Q, J, P, xi_psi, sigma_psi, sigma_phi, phi_dirac``.

    Returns
    -------
    psi_xi : ndarray, shape (J+P,)
        Centre frequencies of the wavelets, rad/sample, highest first.
    psi_bw : ndarray, shape (J+P+1,)
        Bandwidths of the wavelets, rad/sample. One entry too many, as in MATLAB: the linear
        part of the sigma vector is filled with P+1 values (spec §8); only the first J+P are
        used.
    phi_bw : float
        Bandwidth of the low-pass, rad/sample (2π with ``phi_dirac``).
    """
    Q, J, P = float(meta["Q"]), int(meta["J"]), int(meta["P"])
    xi0, sigma0_psi, sigma_phi = (float(meta[k]) for k in ("xi_psi", "sigma_psi", "sigma_phi"))
    xi = np.empty(J + P)
    xi[:J] = xi0 * 2.0 ** (np.arange(0, -J, -1) / Q)
    sigma = np.empty(J + P + 1)
    sigma[:J] = sigma0_psi * 2.0 ** (np.arange(J) / Q)
    if P > 0:
        step = math.pi * 2 ** (-J / Q) * (1 - 1 / 4 * SIGMA0 / sigma_phi * 2 ** (1 / Q)) / P
        xi[J:] = xi0 * 2 ** ((-J + 1) / Q) - step * np.arange(1, P + 1)
    sigma[J:] = sigma0_psi * 2 ** ((J - 1) / Q)
    psi_bw = math.pi / 2 * SIGMA0 / sigma
    if meta.get("phi_dirac", 0):
        return xi, psi_bw, 2 * math.pi
    return xi, psi_bw, math.pi / 2 * SIGMA0 / (sigma_phi * 2 ** ((J - 1) / Q))


def gabor_1d(N: int, xi: float, sigma: float, dtype=np.float64) -> np.ndarray:
    """Sample a Gaussian of the frequency ω = 2πn/N, 2π-periodised.

    MATLAB: subfunction ``gabor`` of ``morlet_filter_bank_1d.m``::

        f(n) = Σ_{k=−1}^{2} exp(−((n − kN)/N·2π − xi)² / (2/sigma²)),   n = 0 … N−1

    evaluated term by term in double and added in ``dtype`` (MATLAB's ``zeros(N,1,precision)``
    accumulator).

    Parameters
    ----------
    N : int
        Number of frequency bins.
    xi : float
        Centre frequency, rad/sample.
    sigma : float
        Time-domain width (the frequency width is 1/sigma).
    dtype : {numpy.float64, numpy.float32}, default numpy.float64
        Dtype of the accumulator and of the result (MATLAB's ``precision``).

    Returns
    -------
    ndarray, shape (N,)
        ``f(n)`` for n = 0 … N−1, in ``dtype``.
    """
    s = 1 / sigma
    denom = 2 * s ** 2
    half = math.sqrt(denom * _EXP_CUTOFF)
    f = np.zeros(N, dtype)
    for k in (-1, 0, 1, 2):
        lo = max(0, math.floor(k * N + (xi - half) * N / (2 * math.pi)) - 2)
        hi = min(N, math.ceil(k * N + (xi + half) * N / (2 * math.pi)) + 3)
        if lo < hi:
            n = np.arange(lo, hi, dtype=float)
            f[lo:hi] += np.exp(-((n - k * N) / N * 2 * math.pi - xi) ** 2 / denom).astype(dtype)
    return f


def morlet_filter_bank_1d(sig_length: int, options=None) -> FilterBank1D:
    """Build a Morlet (``'morlet_1d'``) or Gabor (``'gabor_1d'``) filter bank.

    MATLAB: ``filters/morlet_filter_bank_1d.m``. Wavelet j is ``gabor(N_f, xi_j, sigma_j)``
    with sigma_j = sigma0·π/2 / bw_j (``morlet_freq_1d``); Morlet subtracts
    ``f(0)·gabor(N_f, 0, sigma_j)`` (zero mean). All J+P wavelets are scaled by
    ``sqrt(2 / max Σ_{j<J} |psi_j|²)`` (the sum runs over the log-spaced ones only). phi is
    ``gabor(N_f, 0, sigma0·π/2/phi_bw)`` (peak 1), or all ones when ``phi_dirac``. Each filter
    is then stored by ``optimize_filter`` in the bank's ``filter_format``.

    Parameters
    ----------
    sig_length : int
        N, the signal length; N_f = :func:`filter_size` (N, boundary).
    options : dict, optional
        One bank's options (scalars), see
        :func:`~scatnet.scatnet_1d.bank_options.resolve_bank_options`.

    Returns
    -------
    FilterBank1D
        The bank: J+P wavelets, highest frequency first, and the low-pass.

    Raises
    ------
    OptionError
        If ``options`` do not describe one Morlet or Gabor bank, or a value is out of range.
    OptionTypeError
        If an option has the wrong type.
    """
    opts = split_filter_options(options)
    opt = resolve_bank_options(sig_length, opts[0]) if len(opts) == 1 else None
    if opt is None or opt["filter_type"] not in ("morlet_1d", "gabor_1d"):
        raise OptionError("morlet_filter_bank_1d: options must describe one 'morlet_1d' or "
                          "'gabor_1d' bank (scalar fields); use filter_bank for several banks.")
    return design_morlet_bank(int(sig_length), opt)


def design_morlet_bank(sig_length: int, opt: dict) -> FilterBank1D:
    """Build the bank from resolved options (see :func:`morlet_filter_bank_1d`).

    Parameters
    ----------
    sig_length : int
        N, the signal length.
    opt : dict
        One bank's resolved options (:func:`~scatnet.scatnet_1d.bank_options.resolve_bank_options`).

    Returns
    -------
    FilterBank1D
        The bank: J+P wavelets, highest frequency first, and the low-pass.
    """
    N = filter_size(sig_length, opt["boundary"])
    meta = {k: opt[k] for k in MORLET_META_FIELDS}
    meta["size_filter"] = N
    dtype = np.dtype(np.float32 if opt["precision"] == "single" else np.float64)
    J, P = opt["J"], opt["P"]
    psi_xi, psi_bw, phi_bw = morlet_freq_1d(meta)
    psi_sigma = SIGMA0 * math.pi / 2 / psi_bw
    rows = np.empty((J + P, N), dtype)
    S = np.zeros(N, dtype)
    for j in range(J + P):
        row = gabor_1d(N, psi_xi[j], psi_sigma[j], dtype)
        if opt["filter_type"] == "morlet_1d":
            row -= row[0] * gabor_1d(N, 0.0, psi_sigma[j], dtype)
        rows[j] = row
        if j < J:
            S += np.abs(row) ** 2
    rows *= np.sqrt(dtype.type(2) / S.max())
    if opt["phi_dirac"]:
        phi = np.ones(N, dtype)
    else:
        phi = gabor_1d(N, 0.0, SIGMA0 * math.pi / 2 / phi_bw, dtype)
    psi = [optimize_filter(rows[j], False, opt) for j in range(J + P)]
    return FilterBank1D(meta, opt, psi, optimize_filter(phi, True, opt), psi_xi, psi_bw, phi_bw)
