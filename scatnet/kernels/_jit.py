"""The one place where numba compilation flags are set (STYLE G10).

nopython, ``cache=True``, ``parallel`` only where ``prange`` is used, and never fastmath:
``reassoc`` would reorder sums and break the 1e-10 parity, ``nnan`` would make NaN checks
unreliable.

The OpenMP wait policy is not set here (importing scatnet changes nothing in the host's
environment): see :func:`scatnet._core.run.threads`.
"""
import types

import numba

#: Flags shared by every kernel; tests assert that no kernel overrides them.
FLAGS = {"nopython": True, "cache": True, "fastmath": False, "nogil": True}


def kernel(*signatures, parallel=False):
    """Compile a scatnet kernel with the project-wide flags (eagerly if signatures are given).

    A parallel kernel gets a ``.serial`` twin, the same code compiled without ``parallel``
    (``prange`` runs as ``range``): starting the thread team costs ~0.07 ms, more than small
    calls take. Both compute every element the same way, so results do not depend on which
    one runs.

    Parameters
    ----------
    *signatures : str or numba signature
        Signatures to compile eagerly (e.g. the float64/complex128 and float32/complex64
        variants); none: compiled lazily at the first call, per argument types.
    parallel : bool, default False
        Compile with ``parallel=True`` (the kernel uses ``prange``) and attach ``.serial``.

    Returns
    -------
    callable
        A decorator that compiles a Python function into the numba dispatcher of the kernel.
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
    """Compile an inlined scalar helper called from kernels.

    Parameters
    ----------
    fn : callable
        Python function of scalars and arrays, written in numba's nopython subset.

    Returns
    -------
    numba dispatcher
        ``fn`` compiled with :data:`FLAGS` (less ``nopython``, implied by ``njit``) and
        ``inline="always"``.
    """
    flags = {k: v for k, v in FLAGS.items() if k != "nopython"}
    return numba.njit(inline="always", **flags)(fn)
