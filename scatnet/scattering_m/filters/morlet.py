"""Morlet wavelets (Gabor with exact zero mean).

MATLAB: scattering.m ``lib/wavelets/morlet_1d.m``.
"""
import math

import numpy as np

from ._common import EXP_UNDERFLOW, cutoff_amplitude, fold_into, phasor, place, window


def morlet_sigma_t(quality_factor, xi, cutoff_in_dB=3.0):
    r"""Compute the time width :math:`\sigma_t` (in units of ``u = res·t``) of the Morlet Gaussian.

    MATLAB: ``lib/wavelets/morlet_1d.m``. With :math:`q = 2^{-1/Q}`,
    :math:`h = \frac{1-q}{1+q}\xi`, :math:`\sigma_f = h/\sqrt{2\ln(1/c)}`:
    :math:`\sigma_t = 1/(2\pi\sigma_f)`.

    Parameters
    ----------
    quality_factor : float >= 1
        ``Q(γ)``.
    xi : float in (0, 0.5)
        Mother centre frequency ξ, cycles/sample.
    cutoff_in_dB : float > 0, default 3.0
        Attenuation at which neighbouring filters cross.

    Returns
    -------
    float
        :math:`\sigma_t`.
    """
    c = cutoff_amplitude(cutoff_in_dB)
    qr = 2.0 ** (-1.0 / quality_factor)
    half_width = (1.0 - qr) / (1.0 + qr) * xi
    sigma_f = half_width / np.sqrt(2.0 * np.log(1.0 / c))
    return 1.0 / (2.0 * np.pi * sigma_f)


def morlet_1d(N, *, resolution, quality_factor, xi, cutoff_in_dB=3.0, periodization_extent=1):
    r"""Time-domain Morlet wavelet on a periodic grid of ``N`` samples.

    MATLAB: ``lib/wavelets/morlet_1d.m`` (one column of its output).

    With :math:`q = 2^{-1/Q}`, half width :math:`h = \frac{1-q}{1+q}\xi`,
    :math:`\sigma_f = h/\sqrt{2\ln(1/c)}`, :math:`\sigma_t = 1/(2\pi\sigma_f)` and
    :math:`u = \mathrm{res}\cdot t`::

        g(t)   = exp(-u² / (2 σ_t²))
        gab(t) = res · g(t) · exp(2πi ξ u)
        ψ      = fold(gab) − mean(fold(gab)) / mean(fold(g)) · fold(g)

    where ``fold`` periodizes the ``(1+P)·N`` samples ``t = −(1+P)N/2 … (1+P)N/2 − 1`` onto N.
    The bank design calls :func:`morlet_rows`, which builds many filters at once.

    Parameters
    ----------
    N : int
        Length of the periodic time grid (the bank ``size``).
    resolution : float in (0, 1]
        ``res(γ) = 2**(-(γ-1)/nfo)``.
    quality_factor : float >= 1
        ``Q(γ)``.
    xi : float in (0, 0.5)
        Mother centre frequency in cycles/sample.
    cutoff_in_dB : float > 0
        Neighbouring filters cross at this attenuation (MATLAB ``cutoff_in_dB``).
    periodization_extent : int >= 0
        ``P``; the wavelet is computed on ``(1+P)·N`` samples before folding.

    Returns
    -------
    ndarray, complex128, shape (N,)
        The wavelet ψ; index ``k`` holds ``t = k`` (mod N).

    Examples
    --------
    >>> import numpy as np
    >>> psi = morlet_1d(256, resolution=1.0, quality_factor=1.0, xi=1/3)
    >>> bool(abs(psi.sum()) < 1e-12)
    True
    """
    return morlet_rows(N, resolutions=[resolution], quality_factors=[quality_factor], xi=xi,
                       cutoff_in_dB=cutoff_in_dB, periodization_extent=periodization_extent)[0]


def morlet_rows(N, *, resolutions, quality_factors, xi, cutoff_in_dB=3.0, periodization_extent=1,
                out=None):
    r"""Time-domain Morlet wavelets of a bank, one per row (what :func:`morlet_1d` returns for each).

    MATLAB: ``lib/wavelets/morlet_1d.m`` (all columns). Each filter is evaluated only on the
    window of times where ``g`` is not exactly 0.0 (``u²/(2σ_t²) <= 746``), and only for
    ``t >= 0``: ``g`` is even and ``gab`` Hermitian, ``gab(−t) = conj(gab(t))`` (phase by
    :func:`~scatnet.scattering_m.filters._common.phasor`). The window is folded (times congruent mod N
    summed in increasing time) into ``fold(gab)`` and ``fold(g)``, then corrected as above with
    ``mean`` over the N bins.

    Parameters
    ----------
    N : int
        Length of the periodic time grid.
    resolutions, quality_factors : sequences of float, length nGammas
        ``res(γ)`` and ``Q(γ)``.
    xi : float in (0, 0.5)
        As in :func:`morlet_1d`.
    cutoff_in_dB : float > 0, default 3.0
        As in :func:`morlet_1d`.
    periodization_extent : int >= 0, default 1
        As in :func:`morlet_1d`.
    out : ndarray, complex128, shape (nGammas, N), optional
        Filled in place when given.

    Returns
    -------
    ndarray, complex128, shape (nGammas, N)
        Row ``γ`` holds ψ_γ; index ``k`` holds ``t = k`` (mod N).
    """
    P = int(periodization_extent)
    resolutions = np.asarray(resolutions, dtype=float)
    if out is None:
        out = np.empty((len(resolutions), N), dtype=complex)
    lo0 = -(N // 2) - (P * N) // 2
    hi0 = lo0 + (1 + P) * N
    t_squared = np.arange(max(-lo0, hi0 - 1) + 1, dtype=float) ** 2
    for row, res, Q in zip(out, resolutions, quality_factors):
        sigma_t = morlet_sigma_t(Q, xi, cutoff_in_dB)
        lo, hi = window(lo0, hi0, math.ceil(math.sqrt(2.0 * EXP_UNDERFLOW) * sigma_t / res))
        m = max(-lo, hi - 1)                     # t = 0 … m; the window is [lo, hi), lo <= 0 < hi
        gauss = np.exp(t_squared[:m + 1] * (-(res * res) / (2.0 * sigma_t * sigma_t)))
        gabor = phasor(2.0 * np.pi * xi, res, 0, m + 1)
        gabor *= res * gauss
        # fold the window, times lo … −1 (mirrored) then 0 … hi − 1, in increasing time; a window
        # shorter than N is folded into a buffer whose index 0 holds time `origin` = lo
        length = min(N, hi - lo)
        origin = 0 if length == N else lo
        folded_gabor = row if length == N else np.empty(length, complex)
        folded_gabor[:] = 0.0
        folded_gauss = np.zeros(length)
        fold_into(folded_gabor, np.conj(gabor[-lo:0:-1]), lo - origin)
        fold_into(folded_gabor, gabor[:hi], -origin)
        fold_into(folded_gauss, gauss[-lo:0:-1], lo - origin)
        fold_into(folded_gauss, gauss[:hi], -origin)
        folded_gabor -= (folded_gabor.sum() / folded_gauss.sum()) * folded_gauss
        if folded_gabor is not row:
            place(row, folded_gabor, lo)
    return out
