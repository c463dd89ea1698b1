"""Pointwise nonlinearities on complex wavelet outputs (spec §1.2.6).

The kernels work on flat (1-D, contiguous) arrays: :func:`scatnet.sc_propagate` passes the
whole Y buffer of a layer at once (every group of paths), split into chunks over the threads.

The modulus is exact over the whole floating range, as MATLAB's ``abs``: the vectorised
``sqrt(Re² + Im²)`` is kept wherever ``Re² + Im²`` neither overflows nor reaches the subnormal
range (``tiny/eps ≤ Re² + Im² ≤ max``, i.e. about 1e-146 ≤ |y| ≤ 1e154 in double precision,
3e-16 ≤ |y| ≤ 2e19 in single), and elements outside it are recomputed with both parts scaled by
a fixed power of two (exact; ``2**±563`` in double, ``2**±86`` in single precision). The range
test costs two compares and an integer sum per element, so normal-range data run at the speed of
the plain formula and give the same bits; a task of ``CHUNK`` elements holding an out-of-range
value is computed a second time, branch-free (2–4× the time of the plain formula on data that
are all out of range).
"""
import numba
import numpy as np

from ._jit import helper, kernel

#: Elements per parallel task.
CHUNK = 2 ** 14


@helper
def _range_constants(out):
    """Constants of the modulus in the dtype of ``out`` (``tiny``, ``eps``, ``max`` from ``np.finfo``).

    ``lo = tiny/eps`` and ``hi = max`` bound the sums ``Re² + Im²`` where the plain formula is
    accurate; ``m_lo = 2·sqrt(lo)`` and ``m_hi = sqrt(hi)/2`` bound ``|Re|``, ``|Im|`` likewise;
    ``down = sqrt(tiny)·eps`` (2**-563 in double, 2**-86 in single) and ``up = 1/down`` are the
    exact scales that bring parts below ``m_lo`` or above ``m_hi`` into the normal range.
    """
    fi = np.finfo(out.dtype)
    one = fi.eps / fi.eps  # 1 in the dtype of out (numba promotes int·float32 to float64)
    two = one + one
    lo = fi.tiny / fi.eps
    down = np.sqrt(fi.tiny) * fi.eps
    return lo, fi.max, one / down, down, np.sqrt(lo) * two, np.sqrt(fi.max) / two


@helper
def _sqrt_sum_squares(y, out, i0, i1, lo, hi):
    """``out[i] = sqrt(Re² + Im²)`` for ``i0 ≤ i < i1``; the count of sums outside ``[lo, hi]``.

    The count is summed in integers of the width of the data (int64 for double, int32 for
    single precision), so that the loop vectorises in full-width lanes.
    """
    if np.finfo(out.dtype).bits == 64:
        n_out = 0
        for i in range(i0, i1):
            re = y[i].real
            im = y[i].imag
            s2 = re * re + im * im
            out[i] = np.sqrt(s2)
            n_out += (s2 < lo) | (s2 > hi)
        return n_out
    n_out32 = np.int32(0)
    for i in range(i0, i1):
        re = y[i].real
        im = y[i].imag
        s2 = re * re + im * im
        out[i] = np.sqrt(s2)
        n_out32 = np.int32(n_out32 + ((s2 < lo) | (s2 > hi)))
    return n_out32


@helper
def _sqrt_sum_scaled_squares(y, out, i0, i1, up, down, m_lo, m_hi):
    """``out[i] = sqrt((k·Re)² + (k·Im)²)/k`` for ``i0 ≤ i < i1``, branch-free (vectorised).

    ``k = up`` where both parts are below ``m_lo``, ``down`` where one is above ``m_hi``, else
    1 (the plain formula, same bits). Scaling by a power of two is exact, so every result is
    the plain formula's in a range where it is accurate.
    """
    one = up * down
    for i in range(i0, i1):
        re = y[i].real
        im = y[i].imag
        small = (abs(re) < m_lo) & (abs(im) < m_lo)
        big = (abs(re) > m_hi) | (abs(im) > m_hi)
        k = up if small else (down if big else one)
        k_inv = down if small else (up if big else one)
        a = re * k
        b = im * k
        out[i] = np.sqrt(a * a + b * b) * k_inv


@helper
def _modulus_task(y, out, i0, i1, constants):
    """``out[i] = |y[i]|`` for ``i0 ≤ i < i1``: the plain formula, then, if some sum was out of
    range, the scaled one (:func:`_range_constants`)."""
    lo, hi, up, down, m_lo, m_hi = constants
    if _sqrt_sum_squares(y, out, i0, i1, lo, hi):
        _sqrt_sum_scaled_squares(y, out, i0, i1, up, down, m_lo, m_hi)


@kernel(parallel=True)
def modulus(y, out):
    """Compute ``out = |y|`` for a flat complex ``y`` (MATLAB ``abs``), exact over the floating range.

    ``sqrt(Re² + Im²)`` (vectorised; ``abs`` of a complex calls ``hypot``, 7–12× slower),
    and, in the tasks where some ``Re² + Im²`` overflows or falls below ``tiny/eps``, again
    with the out-of-range elements' parts scaled by a power of two (module docstring). The
    result is within one ulp of ``hypot`` for every finite input; NaN stays NaN.

    Parameters
    ----------
    y : complex64 or complex128 (n,)
        Flat, contiguous wavelet outputs.
    out : float32 or float64 (at least n,)
        Written at indices ``0 … n − 1`` with the modulus of ``y``.
    """
    n = y.shape[0]
    constants = _range_constants(out)
    for c in numba.prange((n + CHUNK - 1) // CHUNK):
        i0, i1 = c * CHUNK, min(n, (c + 1) * CHUNK)
        _modulus_task(y, out, i0, i1, constants)


@helper
def _log1p_ratio(a, scale):
    """``log1p(a·scale)/scale`` for ``a ≥ 0``, also where ``a·scale`` overflows or is subnormal.

    ``log1p(x) = log(a) + log(scale)`` to rounding when ``x = a·scale`` overflows, and
    ``log1p(x)/scale = a`` to rounding when ``x`` is below the normal range.
    """
    x = np.float64(a) * scale  # in double for single-precision data too (as numba promotes)
    if x < np.finfo(np.float64).tiny:
        return a
    if x == np.inf and a < np.inf:
        return (np.log(a) + np.log(scale)) / scale
    return np.log1p(x) / scale


@kernel(parallel=True)
def uniform_log(y, out, scale):
    """Compute ``out = log1p(|y|·scale)/scale`` (MATLAB ``uniform_log``), exact over the floating range.

    ``|y|`` is computed as in :func:`modulus`.

    Parameters
    ----------
    y : complex64 or complex128 (n,)
        Flat, contiguous wavelet outputs.
    out : float32 or float64 (at least n,)
        Written at indices ``0 … n − 1``.
    scale : float > 0
        ``length / denominator``: the length of the rows of ``y`` over the nonlinearity's
        ``denominator`` (MATLAB ``opts{m}.nonlinearity.denominator``).
    """
    n = y.shape[0]
    constants = _range_constants(out)
    for c in numba.prange((n + CHUNK - 1) // CHUNK):
        i0, i1 = c * CHUNK, min(n, (c + 1) * CHUNK)
        _modulus_task(y, out, i0, i1, constants)
        for i in range(i0, i1):
            out[i] = _log1p_ratio(out[i], scale)


@kernel(parallel=True)
def transpose_last2(src, dst):
    """Copy ``dst[b, d, l] = src[b, l, d]`` by 32×32 tiles.

    Moves the time axis of the joint tensors (B, L2, rows) last; a plain strided copy reads
    one element per cache line.

    Parameters
    ----------
    src : (B, L, D)
        Source array.
    dst : (B, D, L)
        Destination, of the dtype of ``src``; overwritten.
    """
    B, L, D = src.shape
    nl = (L + 31) // 32
    nd = (D + 31) // 32
    for t in numba.prange(B * nl * nd):
        b = t // (nl * nd)
        l0 = (t // nd) % nl * 32
        d0 = t % nd * 32
        for d in range(d0, min(D, d0 + 32)):
            for i in range(l0, min(L, l0 + 32)):
                dst[b, d, i] = src[b, i, d]
