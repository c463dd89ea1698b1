"""The one place where numba compilation flags are set (STYLE G10).

nopython, ``cache=True``, ``parallel`` only where ``prange`` is used, and never fastmath:
``reassoc`` would reorder sums and break the 1e-10 parity, ``nnan`` would make NaN checks
unreliable.

Idle OpenMP threads: numba's ``omp`` threading layer (GNU libgomp) keeps its threads spinning
for a while after each parallel kernel; in :func:`scatnet.sc_propagate` a kernel is followed by
a multi-threaded ``scipy.fft`` call whose threads then share the cores with spinning ones (up to
a third of the run time on 2 cores, more on a busy machine). Unless the environment already
says otherwise, ``OMP_WAIT_POLICY`` is set to ``PASSIVE`` before numba loads its OpenMP runtime
(threads sleep at once). This only takes effect if no OpenMP runtime was loaded before scatnet
was imported; set ``OMP_WAIT_POLICY=ACTIVE`` to keep spinning threads.
"""
import os
import types

import numba

#: Read by the OpenMP runtime when it loads (numba loads it at the first parallel kernel call).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

#: Flags shared by every kernel; tests assert that no kernel overrides them.
FLAGS = dict(nopython=True, cache=True, fastmath=False, nogil=True)


def kernel(*signatures, parallel=False):
    """Compile a scatnet kernel with the project-wide flags (eagerly if signatures are given).

    A parallel kernel gets a ``.serial`` twin, the same code compiled without ``parallel``
    (``prange`` runs as ``range``): starting the thread team costs ~0.07 ms, more than small
    calls take. Both compute every element the same way, so results do not depend on which
    one runs.
    """
    def compile_(fn, par):
        if signatures:
            return numba.jit(list(signatures), parallel=par, **FLAGS)(fn)
        return numba.jit(parallel=par, **FLAGS)(fn)

    def wrap(fn):
        compiled = compile_(fn, parallel)
        if parallel:
            compiled.serial = compile_(_twin(fn, "_serial"), False)
        return compiled
    return wrap


def _twin(fn, suffix):
    """A copy of function ``fn`` under another name (numba's cache files are named after it)."""
    twin = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__ + suffix,
                              fn.__defaults__, fn.__closure__)
    twin.__qualname__ = fn.__qualname__ + suffix
    twin.__module__, twin.__doc__ = fn.__module__, fn.__doc__
    return twin


def helper(fn):
    """Compile an inlined scalar helper called from kernels."""
    flags = {k: v for k, v in FLAGS.items() if k != "nopython"}
    return numba.njit(inline="always", **flags)(fn)
