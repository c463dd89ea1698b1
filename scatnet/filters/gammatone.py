"""Gammatone wavelets (derivative of a complex gammatone, made analytic).

MATLAB: scattering.m ``lib/wavelets/gammatone_1d.m``.
"""
import numpy as np

from ._common import cutoff_amplitude, periodize


def gammatone_alpha(*, quality_factor, xi, cutoff_in_dB=3.0, order=4):
    r"""Decay rate α of a gammatone of quality factor Q.

    MATLAB: ``gammatone_1d.m``. With :math:`r = c^{1/n}`, :math:`\kappa = 1-r^2`
    (note: *not* the square root used in the metas, spec §7 #10),
    :math:`q_p = 1-2^{-1/Q}`, :math:`a_q = q_p/(n\kappa)`,
    :math:`q_m = \sqrt{(\sqrt{1+a_q^2}-1)/2}`: ``α = r·n·sqrt(κ)·q_m·ξ``.
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
    psi : ndarray, complex128, shape (N,)

    Examples
    --------
    >>> psi = gammatone_1d(256, resolution=1.0, quality_factor=1.0, xi=1/3)
    >>> int(abs(psi).argmax())
    0
    """
    P = int(periodization_extent)
    alpha = float(gammatone_alpha(quality_factor=quality_factor, xi=xi,
                                  cutoff_in_dB=cutoff_in_dB, order=order))
    t = np.arange((1 + P) * N)
    u = t * resolution
    laplace = 1j * xi - alpha
    z = 2.0 * np.pi * laplace * u
    w = resolution * (order - 1 + z) * u ** (order - 2) * np.exp(z)
    w = np.roll(w, -int(np.argmax(np.abs(w)))) * np.exp(-2j * np.pi * xi)
    psi = periodize(w, t, N)
    if is_ift_flipped:
        psi = np.conj(np.concatenate((psi[:1], psi[:0:-1])))
    return psi
