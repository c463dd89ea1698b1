"""Padding of rows in place (ScatNet's ``pad_signal``, spec scatnet §1.7)."""
import numba

from ._jit import kernel


@kernel(parallel=True)
def pad_rows(a, valid, index):
    """``a[r, valid + i] = a[r, index[i]]`` (0 where ``index[i] < 0``) for every row r of ``a``.

    ``a`` is (R, length) with ``length = valid + len(index)``; ``index`` points into the first
    ``valid`` samples (symmetric or periodic extension), or is −1 (zero padding).
    """
    n = index.shape[0]
    for r in numba.prange(a.shape[0]):
        row = a[r]
        for i in range(n):
            s = index[i]
            row[valid + i] = row[s] if s >= 0 else 0.0
