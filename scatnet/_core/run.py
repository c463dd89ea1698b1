"""The block loop shared by every front end: rows in blocks that fit the memory budget.

A front end gives the execution plan, a function returning rows ``r0 … r1 − 1`` of its input
(signals, chunks of signals, padded signals) and a sink (:mod:`scatnet._core.sinks`); the loop
scatters each block with work arrays reused across blocks and calls (:mod:`scatnet._core.workspace`)
on ``n_jobs`` threads.
"""
import numbers
import os

import numba

from .._errors import InputError, InputTypeError
from .engine import run_block
from .memory import schedule
from .workspace import acquire, release

#: Memory budget (bytes) of the work arrays of one block of signals. The batch is cut into
#: blocks of as many signals as fit; outputs are written into preallocated arrays. 128 MiB is
#: 4 signals of 65536 samples through Kymatio's setting (J=10, Q=8) in float64, 8 in float32.
#: Each block costs ~5 ms of fixed overhead (kernel and FFT calls per group of paths): 192 MiB
#: is ~4 % faster, 96 MiB ~8 % slower (2 cores).
MEMORY_BUDGET = 128 * 2 ** 20


def n_threads(n_jobs):
    """Resolve the thread count for ``n_jobs`` (joblib's convention for negative values).

    Parameters
    ----------
    n_jobs : int or None
        Requested threads: a positive int; None or −1 for every core (``os.cpu_count()``);
        −2 for every core but one, and so on.

    Returns
    -------
    int
        The thread count, at least 1.

    Raises
    ------
    InputTypeError
        ``n_jobs`` is not an integer (e.g. ``2.5`` or ``'4'``).
    InputError
        ``n_jobs`` is 0.
    """
    cores = os.cpu_count() or 1
    if n_jobs is None:
        return cores
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral):
        raise InputTypeError(f"n_jobs={n_jobs!r} must be an integer: the number of threads, or "
                             "-1 (or None) for every core")
    if n_jobs == 0:
        raise InputError("n_jobs=0 runs nothing: pass a positive number of threads, or -1 (or "
                         "None) for every core")
    return int(n_jobs) if n_jobs > 0 else max(1, cores + 1 + int(n_jobs))


def check_memory_budget(memory_budget):
    """Resolve ``memory_budget``: None gives :data:`MEMORY_BUDGET`, else an integer > 0 bytes.

    Parameters
    ----------
    memory_budget : int or None
        Bytes of work arrays per block of signals; an integral float (``1e8``) is accepted.

    Returns
    -------
    int
        The budget in bytes.

    Raises
    ------
    InputTypeError
        ``memory_budget`` is not a number, or not a whole number of bytes.
    InputError
        ``memory_budget`` is 0 or negative.
    """
    if memory_budget is None:
        return MEMORY_BUDGET
    value = memory_budget
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputTypeError(f"memory_budget={memory_budget!r} must be a whole number of bytes "
                             f"(e.g. memory_budget={MEMORY_BUDGET >> 20} << 20 for "
                             f"{MEMORY_BUDGET >> 20} MiB), or None for the default")
    if value <= 0:
        raise InputError(f"memory_budget={memory_budget!r} must be > 0 bytes: it bounds the work "
                         "arrays of one block of signals (at least one signal is always "
                         f"processed); pass e.g. {MEMORY_BUDGET >> 20} << 20, or None for the "
                         f"default ({MEMORY_BUDGET >> 20} MiB)")
    return int(value)


#: ``OMP_WAIT_POLICY`` given to numba's OpenMP runtime when scatnet starts it and the user has
#: not chosen one. libgomp's threads otherwise spin for a while after each parallel kernel and
#: compete with the FFT threads that follow (up to a third of the run time on 2 cores).
OMP_WAIT_POLICY = "PASSIVE"


def _quiet_openmp():
    """Set ``OMP_WAIT_POLICY`` before numba loads its OpenMP runtime, unless the user set it.

    Called when scatnet's first parallel kernels are about to run (not at import): the runtime
    reads the variable once, when numba loads it at the first parallel call. If it is already
    loaded (another library started it), nothing changes. ``OMP_WAIT_POLICY=ACTIVE`` in the
    environment keeps spinning threads.
    """
    if "OMP_WAIT_POLICY" in os.environ:
        return
    try:
        from numba.np.ufunc import parallel
        started = bool(getattr(parallel, "_is_initialized", False))
    except ImportError:  # a numba without that module: leave the environment alone
        return
    if not started:
        os.environ["OMP_WAIT_POLICY"] = OMP_WAIT_POLICY


class threads:
    """Context manager setting numba's thread count (restored on exit).

    On first use it also sets ``OMP_WAIT_POLICY`` (:func:`_quiet_openmp`).

    Parameters
    ----------
    n_jobs : int
        Threads for numba's parallel kernels, clipped to ``1 … NUMBA_NUM_THREADS``.
    """

    def __init__(self, n_jobs):
        self.n = max(1, min(int(n_jobs), numba.config.NUMBA_NUM_THREADS))

    def __enter__(self):
        _quiet_openmp()
        self.previous = numba.get_num_threads()
        numba.set_num_threads(self.n)

    def __exit__(self, *exc):
        numba.set_num_threads(self.previous)


def run_blocks(plan, n_rows, rows, sink, *, real_dtype, complex_dtype, want_U, want_Y, n_jobs,
               memory_budget=None):
    """Scatter ``n_rows`` rows into ``sink``, in blocks that fit the memory budget.

    Parameters
    ----------
    plan : scatnet._core.plan.Plan
        The execution plan.
    n_rows : int
        Number of rows to scatter.
    rows : callable
        ``rows(r0, r1)`` returns rows ``r0 … r1 − 1`` of the input, an array
        ``(r1 − r0, plan.size)`` of ``real_dtype``.
    sink : object
        A sink of :mod:`scatnet._core.sinks`: ``sink.put(r0, r1, S, U, Y)`` takes the outputs
        of each block, ``sink.finish()`` returns the result.
    real_dtype : dtype-like, float32 or float64
        Precision of the rows.
    complex_dtype : dtype-like, complex64 or complex128
        The matching complex precision.
    want_U : bool
        Whether the sink receives the U arrays.
    want_Y : bool
        Whether the sink receives the Y arrays.
    n_jobs : int >= 1
        Threads for numba's kernels and the FFTs.
    memory_budget : int, optional
        Bound on the bytes of work arrays (:mod:`scatnet._core.memory`): a plan that cannot
        fit raises :class:`~scatnet._errors.MemoryBudgetError` before any block runs. Default
        (None): :data:`MEMORY_BUDGET`, or the least the plan needs if that is more.

    Returns
    -------
    object
        ``sink.finish()``.

    Raises
    ------
    MemoryBudgetError
        ``memory_budget`` is given and smaller than one signal's least work arrays.
    """
    plan_blocks = schedule(plan, n_rows, real_dtype, check_memory_budget(memory_budget),
                           lean=not (want_U or want_Y), strict=memory_budget is not None)
    B = plan_blocks.B
    work = acquire()
    try:
        with threads(n_jobs):
            for r0 in range(0, n_rows, B):
                r1 = min(n_rows, r0 + B)
                sink.put(r0, r1, *run_block(plan, rows(r0, r1), want_U, want_Y, complex_dtype,
                                            n_jobs, work, plan_blocks.piece_samples))
    finally:
        release(work, MEMORY_BUDGET)
    return sink.finish()
