"""The one place where numba compilation flags are set (STYLE G10).

nopython, ``cache=True``, ``parallel`` only where ``prange`` is used, and never fastmath:
``reassoc`` would reorder sums and break the 1e-10 parity, ``nnan`` would make NaN checks
unreliable.
"""
import numba

#: Flags shared by every kernel; tests assert that no kernel overrides them.
FLAGS = dict(nopython=True, cache=True, fastmath=False, nogil=True)


def kernel(*signatures, parallel=False):
    """Compile a scatnet kernel with the project-wide flags (eagerly if signatures are given)."""
    def wrap(fn):
        if signatures:
            return numba.jit(list(signatures), parallel=parallel, **FLAGS)(fn)
        return numba.jit(parallel=parallel, **FLAGS)(fn)
    return wrap


def helper(fn):
    """Compile an inlined scalar helper called from kernels."""
    flags = {k: v for k, v in FLAGS.items() if k != "nopython"}
    return numba.njit(inline="always", **flags)(fn)
