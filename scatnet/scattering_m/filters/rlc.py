"""RLC (first-order resonator) wavelets: causal, exponentially decaying complex sinusoids.

MATLAB: scattering.m ``lib/wavelets/RLC_1d.m`` — unfinished in the original (its metas are
hard-coded and its setup crashes, spec §2.1/§2.3). scatnet makes it a working wavelet:
the decay of each filter is chosen so that neighbouring filters cross at ``cutoff_in_dB``,
exactly the rule used by Morlet and Gammatone (see ``doc/differences.md``).
"""
import numpy as np

from ._common import cutoff_amplitude, periodize


def rlc_decay(*, resolution, quality_factor, xi, cutoff_in_dB=3.0):
    r"""Compute the decay rate ``a`` (per sample) of the RLC wavelet of quality factor Q.

    The Fourier transform of :math:`e^{(2\pi i f_0 - a)t}\,[t\ge 0]` is the Lorentzian
    :math:`1/(a + 2\pi i (f - f_0))`. Two constant-Q neighbours at :math:`f_0` and
    :math:`f_0 q` (:math:`q = 2^{-1/Q}`) cross at :math:`f_0 - \Delta` with
    :math:`\Delta = f_0 (1-q)/(1+q)`; requiring the attenuation there to be
    ``c = 10**(-cutoff_in_dB/20)`` gives::

        a = 2π Δ / sqrt(1/c² − 1),   f_0 = ξ · res

    Parameters
    ----------
    resolution : float
        ``res(γ)``.
    quality_factor : float or array_like
        ``Q(γ)``.
    xi : float
        Mother centre frequency ξ, cycles/sample.
    cutoff_in_dB : float, default 3.0
        Attenuation at which neighbouring filters cross.

    Returns
    -------
    float or ndarray
        ``a``, per sample, of the shape of ``quality_factor``.
    """
    c = cutoff_amplitude(cutoff_in_dB)
    qr = 2.0 ** (-1.0 / np.asarray(quality_factor, dtype=float))
    delta = xi * resolution * (1.0 - qr) / (1.0 + qr)
    return 2.0 * np.pi * delta / np.sqrt(1.0 / (c * c) - 1.0)


def rlc_1d(N, *, resolution, quality_factor, xi, cutoff_in_dB=3.0, periodization_extent=1,
           is_ift_flipped=False):
    r"""Time-domain RLC wavelet on a periodic grid of ``N`` samples.

    MATLAB: ``lib/wavelets/RLC_1d.m`` (redesigned, see module docstring).

    With the causal envelope ``e(t) = exp(−a t)`` (``t = 0 … (1+P)N − 1``, ``a`` from
    :func:`rlc_decay``) and the resonator ``w(t) = res · e(t) · exp(2πi ξ res t)``, both folded
    onto N samples::

        ψ = fold(w) − mean(fold(w)) / mean(fold(e)) · fold(e)

    exactly zero-mean (a bare resonator has ``ψ̂(0) ≠ 0``) and still causal — the same
    correction as Morlet's Gaussian. If ``is_ift_flipped``, ``ψ[k] = conj(ψ[−k])`` (anti-causal).

    Parameters
    ----------
    N : int
        Length of the periodic grid.
    resolution, quality_factor, xi : float
        ``res(γ)``, ``Q(γ)``, mother centre frequency ξ (cycles/sample).
    cutoff_in_dB : float
        Neighbours cross at this attenuation.
    periodization_extent : int >= 0
        ``P``; the wavelet is computed on ``(1+P)·N`` samples before folding.
    is_ift_flipped : bool
        Time reversal and conjugation (anti-causal wavelet; used by ``j`` banks).

    Returns
    -------
    ndarray, complex128, shape (N,)
        The wavelet ψ; index ``k`` holds ``t = k`` (mod N).

    Examples
    --------
    >>> import numpy as np
    >>> psi = rlc_1d(512, resolution=1.0, quality_factor=1.0, xi=1/3)
    >>> bool(abs(psi[-100:]).max() < 1e-6 * abs(psi).max())   # causal: nothing before t = 0
    True
    >>> bool(abs(psi.sum()) < 1e-12)                            # zero mean
    True
    """
    P = int(periodization_extent)
    a = float(rlc_decay(resolution=resolution, quality_factor=quality_factor, xi=xi,
                        cutoff_in_dB=cutoff_in_dB))
    t = np.arange((1 + P) * N)
    envelope = np.exp(-a * t)
    w = resolution * envelope * np.exp(2j * np.pi * xi * resolution * t)
    folded_w, folded_e = periodize(w, t, N), periodize(envelope, t, N)
    psi = folded_w - (folded_w.mean() / folded_e.mean()) * folded_e
    if is_ift_flipped:
        psi = np.conj(np.concatenate((psi[:1], psi[:0:-1])))
    return psi
