"""Low-pass filters φ (invariants and bank low-passes).

MATLAB: scattering.m ``lib/wavelets/gaussian_1d.m``, ``gamma_1d.m``, ``rectangular_1d.m``.
"""
import numpy as np


def gaussian_1d(N, *, T, phi_bw_multiplier=2.0):
    r"""Sample the periodic Gaussian low-pass of unit sum.

    MATLAB: ``lib/wavelets/gaussian_1d.m``.
    ``φ(n) = 10^(−(n/h)²)`` with ``h = phi_bw_multiplier · T / 2`` and ``n`` the signed
    periodic time index (index 0 is n = 0), normalised so that ``Σ φ = 1`` (``φ̂(0) = 1``).

    Parameters
    ----------
    N : int
        Grid length (even).
    T : float > 0
        Averaging scale.
    phi_bw_multiplier : float > 0, default 2.0
        Width multiplier (MATLAB ``phi_bw_multiplier``).

    Returns
    -------
    ndarray, float64, shape (N,)
        The low-pass φ; index ``k`` holds the signed time ``n`` with ``n ≡ k`` (mod N).

    Examples
    --------
    >>> round(float(gaussian_1d(64, T=8).sum()), 12)
    1.0
    """
    h = phi_bw_multiplier * T / 2.0
    n = np.fft.ifftshift(np.arange(-(N // 2), N - N // 2))
    phi = np.exp(-(n * n) * np.log(10.0) / (h * h))
    return phi / phi.sum()


def gamma_1d(N, *, T):
    r"""Sample the causal gamma-distribution low-pass (default invariant of gammatone banks).

    MATLAB: ``lib/wavelets/gamma_1d.m``. Order ``k = 1.2``, ``sd = T/4``,
    ``α = √k / sd``; ``p(n) = n^(k−1) exp(−α n)`` for ``n = 1 … N`` placed at indices
    ``0 … N−1``, circularly shifted so that its maximum is at index 0 (the few samples before
    the peak wrap to the end), normalised to unit sum.

    Parameters
    ----------
    N : int
        Grid length.
    T : float > 0
        Averaging scale.

    Returns
    -------
    ndarray, float64, shape (N,)
        The low-pass φ, maximum at index 0.

    Examples
    --------
    >>> phi = gamma_1d(1024, T=64)
    >>> int(phi.argmax()), round(float(phi.sum()), 12)
    (0, 1.0)
    """
    order = 1.2
    sd = T / 4.0
    alpha = np.sqrt(order) / sd
    n = np.arange(1, N + 1, dtype=float)
    p = n ** (order - 1.0) * np.exp(-alpha * n)
    p = np.roll(p, -int(np.argmax(np.abs(p))))
    return p / p.sum()


def rectangular_1d(N, *, T):
    r"""Sample the symmetric box low-pass (default invariant of finite-difference banks).

    MATLAB: ``lib/wavelets/rectangular_1d.m``. Value ``1/(√(1+T)·√3)`` at
    ``n = 0, ±1 … ±T/2`` (periodic), zero elsewhere.

    Parameters
    ----------
    N : int
        Grid length.
    T : int >= 2
        Averaging scale; the box spans ``2·floor(T/2) + 1`` samples.

    Returns
    -------
    ndarray, float64, shape (N,)
        The low-pass φ; index ``k`` holds ``n ≡ k`` (mod N).

    Examples
    --------
    >>> rectangular_1d(8, T=2).round(4).tolist()
    [0.3333, 0.3333, 0.0, 0.0, 0.0, 0.0, 0.0, 0.3333]
    """
    phi = np.zeros(N)
    half = int(T) // 2
    value = 1.0 / (np.sqrt(1.0 + T) * np.sqrt(3.0))
    idx = np.arange(-half, half + 1) % N
    phi[idx] = value
    return phi
