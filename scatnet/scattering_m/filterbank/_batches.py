"""Row batches of a filter set, processed on all cores.

The bank design works on rows of ``size`` samples (one filter per row) a few rows at a time:
a batch stays in cache between its steps, and batches run in parallel threads (NumPy ufuncs and
``scipy.fft`` release the GIL). Each batch writes only its own rows, and results are combined in
batch order, so the output does not depend on the number of threads.
"""
import os
from concurrent.futures import ThreadPoolExecutor

#: Rows per batch.
BATCH = 8


def batches(n, batch=BATCH):
    """Split ``n`` rows into the ranges ``[0, batch), [batch, 2·batch), …``.

    Parameters
    ----------
    n : int
        Number of rows.
    batch : int, default BATCH
        Rows per range.

    Returns
    -------
    list of range
        The ranges, in order; the last one may be shorter.
    """
    return [range(start, min(n, start + batch)) for start in range(0, n, batch)]


def in_parallel(fn, items, parallel=True):
    """Compute ``[fn(item) for item in items]``, spread over all cores (threads) if ``parallel``.

    Parameters
    ----------
    fn : callable
        Function of one item; it should release the GIL to gain from the threads.
    items : sequence
        The items.
    parallel : bool, default True
        Use up to ``os.cpu_count()`` threads.

    Returns
    -------
    list
        The results, in the order of ``items``.
    """
    n_threads = min(len(items), os.cpu_count() or 1) if parallel else 1
    if n_threads <= 1:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(n_threads) as pool:
        return list(pool.map(fn, items))
