"""Padding of rows in place (ScatNet's ``pad_signal``, spec scatnet §1.7)."""
import numba

from ._jit import kernel


@kernel(parallel=True)
def pad_rows(a, valid, index):
    """Set ``a[r, valid + i] = a[r, index[i]]`` (0 where ``index[i] < 0``) for every row r of ``a``.

    Parameters
    ----------
    a : float32 or float64 (R, length)
        Rows whose first ``valid`` samples are signal, with ``length = valid + len(index)``;
        the padding ``valid … length − 1`` is written in place.
    valid : int
        Number of signal samples at the front of each row.
    index : int64 (P,)
        Source sample of each padded sample: an index into the first ``valid`` samples
        (symmetric or periodic extension), or −1 (zero padding).
    """
    n = index.shape[0]
    for r in numba.prange(a.shape[0]):
        row = a[r]
        for i in range(n):
            s = index[i]
            row[valid + i] = row[s] if s >= 0 else 0.0
