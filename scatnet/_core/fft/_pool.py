"""Rows of a stack split over a thread pool kept for the process.

Every backend transforms rows with one library thread per call; parallelism comes from this
pool of at most ``n_jobs`` threads, which runs only between numba's kernels (never beside them).
No FFT library therefore starts threads of its own (MKL's and FFTW's OpenMP runtimes stay
idle), and the threads in use never exceed ``n_jobs``. Starting threads costs ~0.1 ms
(scipy.fft's ``workers=`` does it on every call); a kept pool pays it once.
"""
import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

#: Smallest FFT input (elements) split over ``n_jobs`` threads; handing rows to the pool costs
#: ~0.1 ms, which smaller transforms do not repay (measured on 2 cores).
PARALLEL_FFT_MIN = 2 ** 18

_POOL_LOCK = threading.Lock()
_POOL = [None]


def workers_for(a, n_jobs):
    """Choose the threads for transforming ``a``: ``n_jobs`` if it is large enough, else 1.

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


def _pool(n_threads):
    with _POOL_LOCK:
        if _POOL[0] is None or _POOL[0]._max_workers < n_threads:
            if _POOL[0] is not None:
                _POOL[0].shutdown(wait=False)  # its running tasks finish; its threads then exit
            _POOL[0] = ThreadPoolExecutor(n_threads, thread_name_prefix="scatnet-fft")
        return _POOL[0]


def in_rows(fn, threads, *arrays):
    """Call ``fn(*rows)`` on the rows of 2-D ``arrays``, split over ``threads`` pool threads.

    With ``threads`` = 1 (or a single row) ``fn`` gets all rows in the calling thread.
    Each row's transform does not depend on how the rows are split.

    Parameters
    ----------
    fn : callable
        ``fn(*rows)``, called with one slice of rows per array (same rows in each); it writes
        its results in place.
    threads : int >= 1
        Threads to use at most (:func:`workers_for` chooses it).
    *arrays : ndarray, shape (rows, n)
        C-contiguous 2-D arrays with the same number of rows.
    """
    n_threads = min(threads, arrays[0].shape[0])
    if n_threads <= 1:
        fn(*arrays)
        return
    pool = _pool(n_threads)
    cuts = np.linspace(0, arrays[0].shape[0], n_threads + 1).astype(int)
    done = [pool.submit(fn, *(a[i:j] for a in arrays)) for i, j in itertools.pairwise(cuts)]
    for f in done:
        f.result()
