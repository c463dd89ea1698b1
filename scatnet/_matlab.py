"""MATLAB's numeric built-ins that both toolboxes rely on, in one place.

``nextpow2`` (scattering.m's sizes, ``default_auditory``) and ``round`` (ScatNet's
``T_to_J``, downsampling factors), with MATLAB's semantics where NumPy's differ.
"""
import math

import numpy as np

__all__ = ["matlab_round", "nextpow2"]


def nextpow2(x):
    """The smallest integer p with 2**p ≥ |x| (0 for x = 0).

    MATLAB: built-in ``nextpow2``.

    Parameters
    ----------
    x : float
        Any real number; ``inf`` gives ``inf``.

    Returns
    -------
    int or float
        The exponent p as an int (``math.inf`` for infinite x).

    Examples
    --------
    >>> nextpow2(8), nextpow2(9), nextpow2(163.84), nextpow2(0.3)
    (3, 4, 8, -1)
    """
    x = abs(float(x))
    if x == 0:
        return 0
    if math.isinf(x):
        return math.inf
    mantissa, exponent = math.frexp(x)  # x = mantissa·2**exponent, 0.5 ≤ mantissa < 1
    return exponent - 1 if mantissa == 0.5 else exponent


def matlab_round(x):
    """MATLAB ``round``: halves away from zero (NumPy rounds them to even).

    ``x − floor(x)`` is exact in binary floating point, so no value just below one half is
    rounded up.

    Parameters
    ----------
    x : float or array_like
        Real values.

    Returns
    -------
    float or ndarray of float
        ``x`` rounded to the nearest integer, halves away from zero: a float for a scalar
        ``x``, else an array of the shape of ``x``.

    Examples
    --------
    >>> matlab_round(2.5), matlab_round(-0.5), matlab_round([0.49999999999999994, 1.5])
    (3.0, -1.0, array([0., 2.]))
    """
    a = np.abs(np.asarray(x, dtype=float))
    r = np.floor(a)
    r = r + (a - r >= 0.5)
    out = np.copysign(r, x)
    return float(out) if out.ndim == 0 else out
