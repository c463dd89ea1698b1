"""Gammatone wavelets (derivative of a complex gammatone, made analytic).

MATLAB: scattering.m ``lib/wavelets/gammatone_1d.m``.
"""
import math

import numpy as np

from ._common import EXP_UNDERFLOW, cutoff_amplitude, fold_into, phasor


def gammatone_alpha(*, quality_factor, xi, cutoff_in_dB=3.0, order=4):
    r"""Compute the decay rate α of a gammatone of quality factor Q.

    MATLAB: ``gammatone_1d.m``. With :math:`r = c^{1/n}`, :math:`\kappa = 1-r^2`
    (note: *not* the square root used in the metas, spec §7 #10),
    :math:`q_p = 1-2^{-1/Q}`, :math:`a_q = q_p/(n\kappa)`,
    :math:`q_m = \sqrt{(\sqrt{1+a_q^2}-1)/2}`: ``α = r·n·sqrt(κ)·q_m·ξ``.

    Parameters
    ----------
    quality_factor : float or array_like
        ``Q(γ)``, >= 1.
    xi : float
        Mother centre frequency ξ, cycles/sample.
    cutoff_in_dB : float, default 3.0
        Attenuation ``c`` (dB) at which neighbouring filters cross.
    order : int, default 4
        ``n``, MATLAB ``gammatone_order``.

    Returns
    -------
    float or ndarray
        The decay rate α, per unit of ``u = res·t``, of the shape of ``quality_factor``.
    """
    c = cutoff_amplitude(cutoff_in_dB)
    r = c ** (1.0 / order)
    cath2 = 1.0 - r * r
    amult = r * order * np.sqrt(cath2)
    qp = 1.0 - 2.0 ** (-1.0 / np.asarray(quality_factor, dtype=float))
    aq = qp / (order * cath2)
    qm = np.sqrt((np.sqrt(1.0 + aq * aq) - 1.0) / 2.0)
    return amult * qm * xi


def gammatone_1d(N, *, resolution, quality_factor, xi, cutoff_in_dB=3.0, order=4,
                 periodization_extent=1, is_ift_flipped=False):
    r"""Time-domain gammatone wavelet on a periodic grid of ``N`` samples.

    MATLAB: ``lib/wavelets/gammatone_1d.m`` (one column of its output).

    With :math:`u = \mathrm{res}\cdot t`, :math:`t = 0 … (1+P)N-1` and
    :math:`z = 2\pi(i\xi - \alpha)u`::

        w(t) = res · ((n − 1) + z) · u^(n−2) · exp(z)

    then ``w`` is circularly shifted so that ``argmax |w|`` lands at t = 0, multiplied by the
    constant phase ``exp(−2πiξ)``, folded onto N samples and, if ``is_ift_flipped``,
    time-reversed and conjugated (``ψ[k] = conj(w[−k])``).

    Parameters
    ----------
    N : int
        Length of the periodic grid.
    resolution, quality_factor, xi : float
        ``res(γ)``, ``Q(γ)`` and the mother centre frequency ξ.
    cutoff_in_dB : float
        MATLAB ``cutoff_in_dB``.
    order : int >= 2
        MATLAB ``gammatone_order``.
    periodization_extent : int >= 0
        ``P``.
    is_ift_flipped : bool
        Time reversal (used by ``j`` banks).

    Returns
    -------
    ndarray, complex128, shape (N,)
        The wavelet ψ; index ``k`` holds ``t = k`` (mod N).

    Examples
    --------
    >>> psi = gammatone_1d(256, resolution=1.0, quality_factor=1.0, xi=1/3)
    >>> int(abs(psi).argmax())
    0
    """
    return gammatone_rows(N, resolutions=[resolution], quality_factors=[quality_factor], xi=xi,
                          cutoff_in_dB=cutoff_in_dB, order=order,
                          periodization_extent=periodization_extent,
                          is_ift_flipped=is_ift_flipped)[0]


def gammatone_rows(N, *, resolutions, quality_factors, xi, cutoff_in_dB=3.0, order=4,
                   periodization_extent=1, is_ift_flipped=False, out=None):
    r"""Time-domain gammatone wavelets of a bank, one per row (:func:`gammatone_1d` for each).

    MATLAB: ``lib/wavelets/gammatone_1d.m`` (all columns). Each filter is evaluated only on
    ``t = 0 … L − 1``, beyond which its envelope ``exp(−2πα·u)`` is exactly 0.0
    (``2πα·u > 746``), as
    ``w = res · u^(n−2) · exp(−2παu) · ((n − 1) + z) · exp(2πiξu)`` (phase
    by :func:`~scatnet.scattering_m.filters._common.phasor`). The circular shift by ``m = argmax |w|`` is a
    fold of ``w[m:]`` from t = 0 and of ``w[:m]`` from t = (1+P)N − m.

    Parameters
    ----------
    N : int
        Length of the periodic grid.
    resolutions, quality_factors : sequences of float, length nGammas
        ``res(γ)`` and ``Q(γ)``.
    xi : float
        Mother centre frequency ξ, as in :func:`gammatone_1d`.
    cutoff_in_dB : float, default 3.0
        As in :func:`gammatone_1d`.
    order : int >= 2, default 4
        As in :func:`gammatone_1d`.
    periodization_extent : int >= 0, default 1
        As in :func:`gammatone_1d`.
    is_ift_flipped : bool, default False
        As in :func:`gammatone_1d`.
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
    grid = (1 + P) * N
    rotation = np.exp(-2j * np.pi * xi)
    for row, res, Q in zip(out, resolutions, quality_factors):
        alpha = float(gammatone_alpha(quality_factor=Q, xi=xi, cutoff_in_dB=cutoff_in_dB,
                                      order=order))
        length = min(grid, math.ceil(EXP_UNDERFLOW / (2.0 * np.pi * alpha * res)) + 1)
        u = np.arange(length) * res
        w = phasor(2.0 * np.pi * xi, res, 0, length)
        w *= (order - 1 - 2.0 * np.pi * alpha * u) + 1j * (2.0 * np.pi * xi * u)
        w *= res * u ** (order - 2) * np.exp(-2.0 * np.pi * alpha * u)
        m = int(np.argmax(np.abs(w)))
        w *= rotation
        row[:] = 0.0
        fold_into(row, w[m:], 0)
        fold_into(row, w[:m], grid - m)
        if is_ift_flipped:
            row[:] = np.conj(np.concatenate((row[:1], row[:0:-1])))
    return out
