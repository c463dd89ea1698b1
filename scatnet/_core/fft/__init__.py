"""FFTs along the last axis of row stacks, written into the engine's work arrays.

The engine (and the joint/spiral layers) call the functions here; they hand 2-D C-contiguous
views of the rows to the backend chosen with :func:`set_fft_backend` (:mod:`.select`):
pocketfft through SciPy (:mod:`.backends`, the default), Intel MKL or FFTW (:mod:`.fftw`).
Each backend writes into the arrays given (``out=`` or in place). Rows are split over at most
``n_jobs`` threads of a kept pool for inputs of at least
:data:`~scatnet._core.fft._pool.PARALLEL_FFT_MIN` elements (:mod:`._pool`), each library call
on one thread; the transform of each row does not depend on how the rows are split.
"""
import numpy as np

from ._pool import PARALLEL_FFT_MIN, workers_for
from .backends import _PP
from .select import available_fft_backends, current, get_fft_backend, set_fft_backend

__all__ = ["PARALLEL_FFT_MIN", "RFFT_INTO", "available_fft_backends", "fft", "get_fft_backend",
           "ifft", "ifft_inplace", "irfft", "rfft", "rfft_into", "set_fft_backend", "workers_for"]

#: Real dtypes whose ``rfft`` every backend writes straight into a preallocated output
#: (:func:`rfft_into`); float32 needs scipy's pocketfft binding for that (without it the
#: SciPy backend copies a new spectrum in, and the engine lets :func:`rfft` allocate instead).
RFFT_INTO = (np.dtype(np.float64),) + ((np.dtype(np.float32),) if _PP is not None else ())


def _rows(a):
    """``a`` as C-contiguous 2-D rows (a view when ``a`` is C-contiguous)."""
    return np.ascontiguousarray(a.reshape(-1, a.shape[-1]))


def rfft_into(u, out, n_jobs):
    """Compute ``out[...] = rfft(u)`` along the last axis, written into ``out``.

    Parameters
    ----------
    u : ndarray, float32 or float64, shape (..., n)
        Real input, time last.
    out : ndarray, complex, shape (..., n // 2 + 1)
        C-contiguous output of the matching complex dtype.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).

    Returns
    -------
    ndarray, shape (..., n // 2 + 1)
        ``out``.

    Raises
    ------
    ValueError
        If ``out`` is not C-contiguous.
    """
    if not out.flags.c_contiguous:  # rows of a copy would be written, not out's
        raise ValueError("rfft_into needs a C-contiguous output array")
    if out.size:
        current().rfft(_rows(u), out.reshape(-1, out.shape[-1]), workers_for(u, n_jobs))
    return out


def rfft(u, n_jobs):
    """Compute ``rfft(u)`` along the last axis into a new array.

    Parameters
    ----------
    u : ndarray, float32 or float64, shape (..., n)
        Real input, time last.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).

    Returns
    -------
    ndarray, complex64 or complex128, shape (..., n // 2 + 1)
        The half spectra.
    """
    out = np.empty(u.shape[:-1] + (u.shape[-1] // 2 + 1,), np.result_type(u.dtype, np.complex64))
    return rfft_into(u, out, n_jobs)


def irfft(h, n, n_jobs):
    """Compute ``irfft(h, n)`` along the last axis into a new array; ``h`` may be overwritten.

    Parameters
    ----------
    h : ndarray, complex64 or complex128, shape (..., n // 2 + 1)
        Half spectra (Hermitian), time (frequency) last.
    n : int
        Length of the real output.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).

    Returns
    -------
    ndarray, float32 or float64, shape (..., n)
        The real signals.
    """
    out = np.empty(h.shape[:-1] + (n,), np.finfo(h.dtype).dtype)
    if out.size:
        current().irfft(_rows(h), out.reshape(-1, n), workers_for(h, n_jobs))
    return out


def ifft_inplace(y, n_jobs):
    """Compute ``y[...] = ifft(y)`` along the last axis, in place.

    Parameters
    ----------
    y : ndarray, complex64 or complex128, shape (..., n)
        C-contiguous spectra, time (frequency) last; overwritten by their inverse FFTs.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).

    Returns
    -------
    ndarray, shape (..., n)
        ``y``.

    Raises
    ------
    ValueError
        If ``y`` is not C-contiguous.
    """
    if not y.flags.c_contiguous:
        raise ValueError("ifft_inplace needs a C-contiguous array")
    if y.size:
        current().ifft(y.reshape(-1, y.shape[-1]), workers_for(y, n_jobs))
    return y


def _complex(x, overwrite_x):
    """``x`` itself if it can be transformed in place, else a C-contiguous complex copy."""
    dtype = np.result_type(x.dtype, np.complex64)
    if overwrite_x and x.dtype == dtype and x.flags.c_contiguous:
        return x
    return np.array(x, dtype=dtype, order="C")


def fft(x, n_jobs, overwrite_x=False):
    """Compute ``fft(x)`` along the last axis (as ``scipy.fft.fft``, through the backend).

    Parameters
    ----------
    x : ndarray, shape (..., n)
        Input, last axis transformed; real inputs give complex outputs of their precision.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).
    overwrite_x : bool, default False
        Transform ``x`` in place when it is C-contiguous and complex.

    Returns
    -------
    ndarray, complex64 or complex128, shape (..., n)
        The spectra (``x`` itself when transformed in place).
    """
    y = _complex(x, overwrite_x)
    if y.size:
        current().fft(y.reshape(-1, y.shape[-1]), workers_for(y, n_jobs))
    return y


def ifft(x, n_jobs, overwrite_x=False):
    """Compute ``ifft(x)`` along the last axis (as ``scipy.fft.ifft``, through the backend).

    Parameters
    ----------
    x : ndarray, shape (..., n)
        Spectra, last axis transformed.
    n_jobs : int >= 1
        Threads for large inputs (:func:`workers_for`).
    overwrite_x : bool, default False
        Transform ``x`` in place when it is C-contiguous and complex.

    Returns
    -------
    ndarray, complex64 or complex128, shape (..., n)
        The signals (``x`` itself when transformed in place).
    """
    y = _complex(x, overwrite_x)
    if y.size:
        current().ifft(y.reshape(-1, y.shape[-1]), workers_for(y, n_jobs))
    return y
