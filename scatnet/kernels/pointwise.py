"""Pointwise nonlinearities on complex wavelet outputs (spec §1.2.6).

The kernels work on flat (1-D, contiguous) arrays: :func:`scatnet.sc_propagate` passes the
whole Y buffer of a layer at once (every group of paths), split into chunks over the threads.
"""
import numba
import numpy as np

from ._jit import kernel

#: Elements per parallel task.
CHUNK = 2 ** 14


@kernel(parallel=True)
def modulus(y, out):
    """Compute ``out = |y| = sqrt(Re² + Im²)`` for a flat complex ``y`` (MATLAB ``abs``).

    The plain square root vectorises (``abs`` of a complex calls ``hypot``, 7–12× slower); it
    differs from ``hypot`` by at most one ulp and cannot overflow for finite signals of
    reasonable scale (values below 1e150).

    Parameters
    ----------
    y : complex64 or complex128 (n,)
        Flat, contiguous wavelet outputs.
    out : float32 or float64 (at least n,)
        Written at indices ``0 … n − 1`` with the modulus of ``y``.
    """
    n = y.shape[0]
    for c in numba.prange((n + CHUNK - 1) // CHUNK):
        for i in range(c * CHUNK, min(n, (c + 1) * CHUNK)):
            re = y[i].real
            im = y[i].imag
            out[i] = np.sqrt(re * re + im * im)


@kernel(parallel=True)
def uniform_log(y, out, scale):
    """Compute ``out = log1p(|y|·scale)/scale`` (MATLAB ``uniform_log``).

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
    for c in numba.prange((n + CHUNK - 1) // CHUNK):
        for i in range(c * CHUNK, min(n, (c + 1) * CHUNK)):
            re = y[i].real
            im = y[i].imag
            out[i] = np.log1p(np.sqrt(re * re + im * im) * scale) / scale


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
