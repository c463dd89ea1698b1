"""The FFTW backend (``'fftw'``, ``pip install 'scatnet[fftw]'``): pyFFTW plans kept per shape.

A plan is built the first time a thread meets a new ``(kind, shape, dtype, alignment)``, and
kept. FFTW's measuring planner (:data:`PLANNER_EFFORT`) times candidate algorithms on scratch
arrays of that shape and address alignment (it overwrites them; FFTW's SIMD code needs 16-byte
aligned arrays, which float64 work arrays always are), freed once the plan is made. A call
points the plan at the caller's arrays (``update_arrays``), runs it, and points it back at
*idle* arrays: views of a few bytes with the right shape and strides that FFTW never reads,
so that a kept plan holds no reference to the caller's memory. FFTW does not normalise:
inverse transforms run by chunks of rows (:data:`SCALE_CHUNK`), each scaled by 1/n while it is
still in cache. FFTW's wisdom, kept for the process, makes plans for a length already seen
cheap. Plans run on one FFTW thread; the kept pool splits the rows (FFTW's OpenMP threads never
start beside numba's). A plan serves one thread: each thread keeps its own (at most
:data:`MAX_PLANS`); :func:`scatnet.clear_cache` drops them all.
"""
import threading
from collections import OrderedDict

import numpy as np

from .. import cache
from .backends import Backend

#: FFTW's planner effort: ``'FFTW_MEASURE'`` times candidate algorithms on scratch arrays
#: (~1 s the first time a length of 2^16 is seen, on 2 cores; milliseconds for a new number of
#: rows of a length already planned). ``'FFTW_ESTIMATE'`` plans at once, from heuristics.
PLANNER_EFFORT = "FFTW_MEASURE"

#: Largest scratch (bytes) given to the measuring planner: a larger transform is measured on
#: as many of its rows as fit (FFTW keeps the wisdom of its length) and planned from that.
PLAN_SCRATCH_BYTES = 64 * 2 ** 20

#: Inverse transforms are run and scaled by 1/n by chunks of rows of about this many bytes
#: (one row if larger), each scaled while still in the core's cache.
SCALE_CHUNK = 256 * 2 ** 10

#: Plans kept per thread (the least recently used is dropped first).
MAX_PLANS = 256

_PLAN_LOCK = threading.Lock()  # FFTW's planner is not thread-safe
_LOCAL = threading.local()
_GENERATION = [0]


@cache.register
def clear_plans():
    """Drop the FFTW plans of every thread (they are rebuilt, from FFTW's wisdom, on next use)."""
    _GENERATION[0] += 1


def _plans():
    if getattr(_LOCAL, "generation", None) != _GENERATION[0]:
        _LOCAL.plans, _LOCAL.generation = OrderedDict(), _GENERATION[0]
    return _LOCAL.plans


class FftwBackend(Backend):
    """FFTW through pyFFTW (``'fftw'``), with plans built once per shape and kept.

    Raises
    ------
    ImportError
        If ``pyfftw`` cannot be imported, or its calls reach another library's FFTW interface
        (MKL's, when mkl-service made it global before pyFFTW was loaded).
    """

    name = "fftw"

    def __init__(self):
        import pyfftw
        self._lib = pyfftw
        probe = pyfftw.empty_aligned(8, "complex128")
        with _PLAN_LOCK:
            pyfftw.FFTW(probe, probe, flags=("FFTW_ESTIMATE",))
            wisdom = pyfftw.export_wisdom()[0]
        if not wisdom:  # MKL's FFTW-compatible functions keep no wisdom
            raise ImportError("pyFFTW's calls reach another library's FFTW interface, not FFTW "
                              "(MKL, made global by mkl-service before pyFFTW was imported); "
                              "import pyfftw before mkl / mkl_fft, or uninstall mkl-service")

    def _offset(self, a):
        return a.ctypes.data % self._lib.simd_alignment

    def _like(self, a, idle=False):
        """An array with ``a``'s shape, strides and alignment offset: scratch memory, or (idle)
        a view of one element with those strides, which is never read or written."""
        alignment, offset = self._lib.simd_alignment, self._offset(a)
        size = a.itemsize if idle else a.nbytes
        buffer = self._lib.empty_aligned(size + alignment, "uint8", n=alignment)
        base = buffer[offset:offset + size].view(a.dtype)
        if idle:
            return np.lib.stride_tricks.as_strided(base, shape=a.shape, strides=a.strides)
        return base.reshape(a.shape)

    def _plan(self, kind, a, b):
        """The kept plan for ``a`` → ``b`` (built if new) and its idle arrays."""
        key = (kind, a.shape, a.dtype.str, b.shape, b.dtype.str, self._offset(a), self._offset(b),
               a is b)
        plans = _plans()
        found = plans.get(key)
        if found is None:
            found = plans[key] = self._build(kind, a, b)
            while len(plans) > MAX_PLANS:
                plans.popitem(last=False)
        else:
            plans.move_to_end(key)
        return found

    def _build(self, kind, a, b):
        fftw = self._lib.FFTW
        extra = ("FFTW_DESTROY_INPUT",) if kind == "irfft" else ()
        options = {"axes": (-1,), "threads": 1,
                   "direction": "FFTW_FORWARD" if kind in ("rfft", "fft") else "FFTW_BACKWARD"}
        idle_a = self._like(a, idle=True)
        idle_b = idle_a if a is b else self._like(b, idle=True)
        nbytes = a.nbytes + (0 if a is b else b.nbytes)
        rows = a.shape[0] if nbytes <= PLAN_SCRATCH_BYTES else max(
            1, a.shape[0] * PLAN_SCRATCH_BYTES // nbytes)
        with _PLAN_LOCK:
            plan = None
            if PLANNER_EFFORT != "FFTW_ESTIMATE":
                sa = self._like(a[:rows])
                sb = sa if a is b else self._like(b[:rows])
                plan = fftw(sa, sb, flags=(PLANNER_EFFORT,) + extra, **options)
            if rows < a.shape[0] or plan is None:  # from the wisdom measured above, if any
                plan = fftw(idle_a, idle_b, flags=("FFTW_ESTIMATE",) + extra, **options)
            plan.update_arrays(idle_a, idle_b)
        return plan, idle_a, idle_b

    def _run(self, kind, a, b):
        plan, idle_a, idle_b = self._plan(kind, a, b)
        plan.update_arrays(a, b)
        try:
            plan.execute()
        finally:
            plan.update_arrays(idle_a, idle_b)

    def _run_scaled(self, kind, a, b):
        """Run an inverse transform, then ``b /= n``, by chunks of about :data:`SCALE_CHUNK`."""
        n = b.shape[-1]
        factor = b.real.dtype.type(1 / n)
        step = max(1, SCALE_CHUNK // (n * b.itemsize))
        for r in range(0, a.shape[0], step):
            sa, sb = a[r:r + step], b[r:r + step]
            self._run(kind, sa, sa if a is b else sb)
            np.multiply(sb, factor, out=sb)

    def _rfft(self, u, out):
        self._run("rfft", u, out)

    def _irfft(self, h, out):
        self._run_scaled("irfft", h, out)

    def _ifft(self, y):
        self._run_scaled("ifft", y, y)

    def _fft(self, y):
        self._run("fft", y, y)
