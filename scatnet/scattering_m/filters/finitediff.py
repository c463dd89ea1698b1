"""Finite-difference "wavelets" (first and second differences).

MATLAB: scattering.m ``lib/wavelets/finitediff_1d.m``.
"""
import numpy as np


def finitediff_1d(N):
    r"""Build the two finite-difference filters on a periodic grid of ``N`` samples.

    MATLAB: ``lib/wavelets/finitediff_1d.m``. Column 0 is the first difference
    ``[0 at t=0, +1/√6 at t=+1, −1/√6 at t=−1]``, column 1 the second difference
    ``[−2/√18 at t=0, +1/√18 at t=±1]``.

    Parameters
    ----------
    N : int >= 3
        Length of the periodic grid.

    Returns
    -------
    ndarray, float64, shape (N, 2)
        One time-domain filter per column (MATLAB's layout); index ``k`` holds ``t = k``
        (mod N).

    Examples
    --------
    >>> finitediff_1d(4)[:, 0].round(4).tolist()
    [0.0, 0.4082, 0.0, -0.4082]
    """
    psi = np.zeros((N, 2))
    psi[1, 0] = 1.0 / np.sqrt(6.0)
    psi[-1, 0] = -1.0 / np.sqrt(6.0)
    psi[0, 1] = -2.0 / np.sqrt(18.0)
    psi[1, 1] = 1.0 / np.sqrt(18.0)
    psi[-1, 1] = 1.0 / np.sqrt(18.0)
    return psi
