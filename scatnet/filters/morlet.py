"""Morlet wavelets (Gabor with exact zero mean).

MATLAB: scattering.m ``lib/wavelets/morlet_1d.m``.
"""
import numpy as np

from ._common import cutoff_amplitude, periodize


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
    psi : ndarray, complex128, shape (N,)
        Index ``k`` holds ``t = k`` (mod N).

    Examples
    --------
    >>> import numpy as np
    >>> psi = morlet_1d(256, resolution=1.0, quality_factor=1.0, xi=1/3)
    >>> bool(abs(psi.sum()) < 1e-12)
    True
    """
    P = int(periodization_extent)
    c = cutoff_amplitude(cutoff_in_dB)
    qr = 2.0 ** (-1.0 / quality_factor)
    half_width = (1.0 - qr) / (1.0 + qr) * xi
    sigma_f = half_width / np.sqrt(2.0 * np.log(1.0 / c))
    sigma_t = 1.0 / (2.0 * np.pi * sigma_f)
    start = -(N // 2) - (P * N) // 2
    t = np.arange(start, start + (1 + P) * N)
    u = resolution * t
    gauss = np.exp(-(u * u) / (2.0 * sigma_t * sigma_t))
    gabor = resolution * gauss * np.exp(2j * np.pi * xi * u)
    folded_gabor = periodize(gabor, t, N)
    folded_gauss = periodize(gauss, t, N)
    return folded_gabor - (folded_gabor.mean() / folded_gauss.mean()) * folded_gauss
