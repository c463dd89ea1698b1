"""FFTs along the last axis of row stacks, on a thread pool kept for the process.

scipy.fft's ``workers=`` starts its threads on every call (~0.1 ms), which transforms of a few
rows do not repay, and ``scipy.fft.rfft`` allocates its output (page faults on every block).
The real transforms therefore write into preallocated spectra, through the ``out`` argument of
scipy's pocketfft binding (``scipy.fft._pocketfft.pypocketfft.r2c``, the function
``scipy.fft.rfft`` itself calls; same results) or, if that private binding is missing or
changed, of NumPy's FFT (as fast in float64, 2–3× slower in float32). All release the GIL, so
a kept pool of ``n_jobs`` threads transforms large stacks split by rows. The transform of each
row does not depend on how the rows are split: results are the same for any thread count.
"""
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.fft

#: Smallest FFT input (elements) given ``n_jobs`` threads; scipy.fft starts its worker threads
#: on every call (~0.1 ms), which smaller transforms do not repay (measured on 2 cores). The
#: transform of each row does not depend on the thread count.
PARALLEL_FFT_MIN = 2 ** 18


def workers_for(a, n_jobs):
    """Choose scipy.fft's ``workers`` for input ``a``: ``n_jobs`` if it is large enough, else 1.

    Parameters
    ----------
    a : ndarray
        The FFT input.
    n_jobs : int >= 1
        Threads available.

    Returns
    -------
    int
        ``n_jobs`` if ``a`` has at least :data:`PARALLEL_FFT_MIN` elements, else 1.
    """
    return n_jobs if a.size >= PARALLEL_FFT_MIN else 1


_POOL_LOCK = threading.Lock()
_POOL = [None]


def _pocketfft_r2c():
    """scipy's ``r2c(a, axes, forward, inorm, out, nthreads)`` if it writes into ``out``."""
    try:
        from scipy.fft._pocketfft import pypocketfft
        x = np.arange(4.0)[None]
        out = np.empty((1, 3), dtype=complex)
        if pypocketfft.r2c(x, (1,), True, 0, out, 1) is out and np.allclose(out, np.fft.rfft(x)):
            return pypocketfft.r2c
    except (ImportError, AttributeError, TypeError, ValueError):  # a private binding changed
        pass
    return None


_R2C = _pocketfft_r2c()

#: Real dtypes whose ``rfft`` is written into a preallocated output (:func:`rfft_into`);
#: others (float32 without scipy's binding) get spectra allocated by ``scipy.fft.rfft``.
RFFT_INTO = (np.dtype(np.float64),) + ((np.dtype(np.float32),) if _R2C is not None else ())


def in_rows(fn, n_jobs, *arrays):
    """Call ``fn(*rows)`` on the rows of ``arrays``, split over the threads of a kept pool.

    The rows (all axes but the last) are split over ``n_jobs`` threads of a pool kept for the
    process if the first array has at least :data:`PARALLEL_FFT_MIN` elements; otherwise
    ``fn`` gets all of them in the calling thread. The FFT libraries release the GIL; a kept
    pool spares the thread start of ``workers=`` on every call.

    Parameters
    ----------
    fn : callable
        ``fn(*rows)``, called with one 2-D slice of rows per array (same rows in each); it
        writes its results in place.
    n_jobs : int >= 1
        Threads to use at most.
    *arrays : ndarray
        Arrays with the same number of rows, time last; each is viewed as 2-D (rows, time),
        so ``fn`` writes into them only if that reshape is a view (C-contiguous arrays).
    """
    rows = [a.reshape(-1, a.shape[-1]) for a in arrays]
    n_threads = min(n_jobs, rows[0].shape[0]) if arrays[0].size >= PARALLEL_FFT_MIN else 1
    if n_threads <= 1:
        fn(*rows)
        return
    with _POOL_LOCK:
        if _POOL[0] is None or _POOL[0]._max_workers < n_threads:
            if _POOL[0] is not None:
                _POOL[0].shutdown(wait=False)  # its running tasks finish; its threads then exit
            _POOL[0] = ThreadPoolExecutor(n_threads, thread_name_prefix="scatnet-fft")
        pool = _POOL[0]
    cuts = np.linspace(0, rows[0].shape[0], n_threads + 1).astype(int)
    done = [pool.submit(fn, *(r[a:b] for r in rows)) for a, b in itertools.pairwise(cuts)]
    for f in done:
        f.result()


def _rfft_rows(u, out):
    if _R2C is not None:
        _R2C(u, (1,), True, 0, out, 1)
    else:
        np.fft.rfft(u, axis=-1, out=out)


def _ifft_rows(y):
    res = scipy.fft.ifft(y, axis=-1, overwrite_x=True)
    if not np.shares_memory(res, y):  # scipy transforms contiguous rows in place
        y[...] = res


def rfft_into(u, out, n_jobs):
    """Compute ``out[...] = rfft(u)`` along the last axis, written into ``out``.

    Parameters
    ----------
    u : ndarray, float32 or float64, shape (..., n)
        Real input, time last.
    out : ndarray, complex, shape (..., n // 2 + 1)
        C-contiguous output of the matching complex dtype.
    n_jobs : int >= 1
        Threads for large inputs (:func:`in_rows`).

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
    in_rows(_rfft_rows, n_jobs, u, out)
    return out


def ifft_inplace(y, n_jobs):
    """Compute ``y[...] = ifft(y)`` along the last axis, in place.

    Parameters
    ----------
    y : ndarray, complex64 or complex128, shape (..., n)
        C-contiguous spectra, time (frequency) last; overwritten by their inverse FFTs.
    n_jobs : int >= 1
        Threads for large inputs (:func:`in_rows`).

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
    in_rows(_ifft_rows, n_jobs, y)
    return y
