"""Helpers shared by the time-domain filter generators.

The generators evaluate each filter only on the window of times where it is not exactly zero
(an envelope ``exp(−x)`` is exactly 0.0 in float64 once ``x > 745.2``) and fold that window onto
the periodic grid; the result equals folding the full ``(1+P)·N`` samples, the omitted samples
being exact zeros.
"""
import math

import numpy as np

#: ``exp(−x)`` is exactly 0.0 in float64 for ``x`` above this (``exp(−745.2) == 0.0``).
EXP_UNDERFLOW = 746.0


def cutoff_amplitude(cutoff_in_dB):
    """Convert ``cutoff_in_dB`` into the amplitude ratio ``c = 10**(-cutoff_in_dB/20)``.

    Parameters
    ----------
    cutoff_in_dB : float > 0
        Attenuation at which neighbouring filters cross (MATLAB ``cutoff_in_dB``).

    Returns
    -------
    float
        ``c``, in (0, 1).
    """
    return 10.0 ** (-float(cutoff_in_dB) / 20.0)


def periodize(values, t, N):
    """Fold samples ``values`` taken at integer times ``t`` onto a periodic grid of length N.

    Index ``k`` of the result holds ``sum(values[t % N == k])``: MATLAB's
    ``sum(reshape(x, N, nPeriods), 2)`` followed by the circular shift to t = 0.
    Consecutive times (``t = t0, t0+1, …``) are folded period by period (:func:`fold_into`).

    Parameters
    ----------
    values : array_like, shape (n,)
        The samples, real or complex.
    t : array_like of int, shape (n,)
        Their times.
    N : int
        Length of the periodic grid.

    Returns
    -------
    ndarray, shape (N,)
        The folded samples, float64 or complex128.
    """
    t = np.asarray(t)
    values = np.asarray(values)
    if t.size and t[-1] - t[0] == t.size - 1 and np.all(np.diff(t) == 1):
        out = np.zeros(N, dtype=np.result_type(values.dtype, np.float64))
        fold_into(out, values, int(t[0]))
        return out
    idx = np.mod(t, N)
    if np.iscomplexobj(values):
        return (np.bincount(idx, weights=values.real, minlength=N)
                + 1j * np.bincount(idx, weights=values.imag, minlength=N))
    return np.bincount(idx, weights=values, minlength=N)


def fold_into(out, values, first):
    """Add samples taken at the consecutive times ``first, first+1, …`` into the periodic grid ``out``.

    ``out[(first + i) mod N] += values[i]``, in increasing ``i`` (so each bin sums its samples in
    increasing time, as MATLAB's ``sum(reshape(x, N, nPeriods), 2)``): one slice addition per
    period, no index arrays.

    Parameters
    ----------
    out : ndarray, shape (N,)
        The periodic grid, added to in place.
    values : ndarray, shape (n,)
        The samples, any n.
    first : int
        Time of ``values[0]`` (may be negative).

    Returns
    -------
    ndarray, shape (N,)
        ``out``.
    """
    N = out.shape[-1]
    i, n = 0, len(values)
    while i < n:
        b = (first + i) % N
        m = min(n - i, N - b)
        out[b:b + m] += values[i:i + m]
        i += m
    return out


def place(row, values, first):
    """Set ``row[(first + i) mod N] = values[i]``, zeros elsewhere.

    Parameters
    ----------
    row : ndarray, shape (N,)
        Overwritten in place.
    values : ndarray, shape (n,)
        The samples, ``n <= N``.
    first : int
        Time of ``values[0]`` (may be negative).

    Returns
    -------
    ndarray, shape (N,)
        ``row``.
    """
    N = row.shape[-1]
    if len(values) < N:
        row[:] = 0.0
    b = first % N
    m = min(len(values), N - b)
    row[b:b + m] = values[:m]
    row[:len(values) - m] = values[m:]
    return row


def window(lo, hi, half_width):
    """Intersect the grid ``[lo, hi)`` with the times ``|t| <= half_width``.

    Parameters
    ----------
    lo, hi : int
        The grid's first and one-past-last time.
    half_width : int
        Largest ``|t|`` where the filter is not exactly zero.

    Returns
    -------
    first : int
        First time of the window.
    stop : int
        One past its last time (``stop <= first`` if the window is empty).
    """
    return max(lo, -half_width), min(hi, half_width + 1)


def phasor(rate, scale, first, n):
    r"""Compute ``exp(i·rate·(scale·t))`` for the ``n`` integer times ``t = first … first + n − 1``.

    Written ``t = first + B·b + j`` (``B ≈ √n``), it is the outer product of two short tables,
    :math:`e^{i\,\mathrm{rate}\,\mathrm{scale}\,(\mathrm{first}+Bb)}\,
    e^{i\,\mathrm{rate}\,\mathrm{scale}\,j}`: ``2√n`` complex exponentials instead of ``n``.
    The argument is rounded as in ``exp(1j·rate·(scale·t))`` (same factors, same order), so
    each sample stays within a few ulps of it.

    Parameters
    ----------
    rate : float
        Angular frequency, rad per unit of ``scale·t``.
    scale : float
        Factor applied to the times (the filter's resolution).
    first : int
        First time.
    n : int
        Number of times; ``<= 0`` gives an empty array.

    Returns
    -------
    ndarray, complex128, shape (n,)
        The phasors.
    """
    if n <= 0:
        return np.zeros(0, complex)
    B = max(1, math.isqrt(n))
    n_blocks = -(-n // B)
    heads = np.exp(1j * (rate * (scale * (first + B * np.arange(n_blocks, dtype=float)))))
    tails = np.exp(1j * (rate * (scale * np.arange(B, dtype=float))))
    return np.multiply.outer(heads, tails).reshape(-1)[:n]
