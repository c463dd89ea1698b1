"""``sc_propagate``: run the path walk on signals, block by block (spec §3).

MATLAB: scattering.m ``lib/export/sc_propagate.m`` (non-chunked path).

The batch of signals (or of chunks of them) is cut into blocks that fit the memory budget;
:func:`scatnet.engine.run_block` scatters each block with work arrays reused across blocks and
calls (:mod:`scatnet.workspace`), and a sink (:mod:`scatnet.sinks`) copies its outputs into
the preallocated (and, for chunked signals, unchunked) output arrays.
"""
import os

import numba
import numpy as np

from . import workspace
from ._validation import check_signal
from .chunking import ChunkPlan
from .engine import block_size, run_block
from .filterbank import clear_cache as _clear_banks
from .result import build_layers
from .sinks import ChunkedSink, Sink, chunk_rows
from .walk import plan_walk
from .workspace import acquire, release

#: Memory budget (bytes) of the work arrays of one block of signals. The batch is cut into
#: blocks of as many signals as fit; outputs are written into preallocated arrays. 128 MiB is
#: 4 signals of 65536 samples through Kymatio's setting (J=10, Q=8) in float64, 8 in float32.
#: Each block costs ~5 ms of fixed overhead (kernel and FFT calls per group of paths): 192 MiB
#: is ~4 % faster, 96 MiB ~8 % slower (2 cores).
MEMORY_BUDGET = 128 * 2 ** 20

_WALKS = {}


def get_walk(archs):
    """Cached :class:`scatnet.walk.Walk` of an architecture."""
    key = id(archs)
    hit = _WALKS.get(key)
    if hit is None or hit[0] is not archs:
        hit = (archs, plan_walk(archs))
        _WALKS[key] = hit
    return hit[1]


def sc_propagate(x, archs, *, return_U=False, return_Y=False, n_jobs=None,
                 memory_budget=None, fs=None):
    """Scattering transform of one or several signals.

    MATLAB: ``[S, U, Y] = sc_propagate(signal, archs)``.

    For each layer m: ``S_m = φ_m ⋆ U_m`` (low-pass, hop ``T/2·2**-S_log2_oversampling``) and
    ``U_{m+1} = |ψ_λ ⋆ U_m|`` over the enabled filters λ and parent paths of the path mask.
    Values follow the original's "× hop" amplitude convention (spec §3.3).

    Signals of any length: with ``is_chunked`` (the default of ``opts[0]['time']`` outside
    ``default_auditory``) the signal is cut into windowed chunks of ``size`` samples that
    overlap by ``2T`` and the outputs are unchunked (:mod:`scatnet.chunking`). Without
    chunking, a signal shorter than ``size`` is padded as ``opts[0]['time']['padding']`` says
    (``'periodic'``, ``'symmetric'`` or ``'zero'``) and the outputs are cut back to
    ``round(L·n_frames/size)`` frames; a longer one is an error.

    Parameters
    ----------
    x : array_like, shape (N,) or (K, N)
        Real signal(s), time last, float64 (default) or float32 (faster, ~1e-6 relative).
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    return_U, return_Y : bool
        Also return the scalograms ``U`` (real) and the wavelet outputs ``Y`` (complex).
    n_jobs : int, optional
        Threads for FFTs (scipy ``workers``) and kernels (numba). Default: all cores
        (``os.cpu_count()``). Results do not depend on it.
    memory_budget : int, optional
        Bytes of work arrays (spectra, Y, U of one block of signals or chunks; default
        :data:`MEMORY_BUDGET`, 128 MiB). The batch is processed in blocks of as many signals
        as fit (at least one). The work arrays are reused by every block and, up to
        :data:`MEMORY_BUDGET` bytes, kept for the next call in the same thread
        (:mod:`scatnet.workspace`; :func:`scatnet.clear_cache` frees them). Outputs (S, and U,
        Y when asked for) are allocated on top of the budget.
    fs : float, optional
        Sample rate in Hz, used for the Hz columns of the paths tables.

    Returns
    -------
    S : Scattering
        ``S[m]`` is the order-m layer (MATLAB ``S{m+1}``), a sequence of tensors with a
        ``paths`` table. Tensors have shape ``(*batch, *axes, time)``.
    U, Y : Scattering
        Only if requested; returned as ``(S, U)`` or ``(S, U, Y)``.

    Raises
    ------
    InputError, InputTypeError
        Wrong rank or dtype, NaN/Inf, or a non-chunked signal longer than ``size``.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory
    >>> archs = sc_setup([default_auditory(4096, 8000, 4), {'time': {}}])
    >>> S = sc_propagate(np.random.default_rng(0).standard_normal(4096), archs)
    >>> S[1][0].data.shape   # S1: γ1 × frames
    (32, 32)
    """
    inp = archs.plan.input
    xb, batch_shape = check_signal(x, None if inp.is_chunked else archs.size)
    L = xb.shape[1]
    chunks = ChunkPlan(size=archs.size, T=inp.T, length=L,
                       windowing=inp.windowing if inp.is_chunked else "none",
                       padding=None if inp.is_chunked else archs[0].bank_plans[0].behavior.padding)
    real_dtype = xb.dtype
    complex_dtype = np.result_type(real_dtype, np.complex64)
    n_jobs = int(n_jobs or os.cpu_count() or 1)
    walk = get_walk(archs)
    K = xb.shape[0]
    n_rows = K * chunks.n_chunks
    B = block_size(walk, n_rows, real_dtype,
                   MEMORY_BUDGET if memory_budget is None else memory_budget,
                   lean=not (return_U or return_Y))
    unchunk = inp.is_unchunked or chunks.single
    sink = (Sink(walk, K, chunks, real_dtype, complex_dtype, return_U, return_Y) if unchunk else
            ChunkedSink(walk, n_rows, real_dtype, complex_dtype, return_U, return_Y))
    window = chunks.window()
    work = acquire()
    try:
        with _threads(n_jobs):
            for r0 in range(0, n_rows, B):
                r1 = min(n_rows, r0 + B)
                block = chunk_rows(xb, chunks, r0, r1, window)
                sink.put(r0, r1, *run_block(walk, archs, block, return_U, return_Y,
                                             complex_dtype, n_jobs, work))
    finally:
        release(work, MEMORY_BUDGET)
    S_arrays, U_arrays, Y_arrays = sink.finish()
    if not unchunk:  # keep a chunk axis after the batch axis (MATLAB is_unchunked = false)
        batch_shape = tuple(batch_shape) + (chunks.n_chunks,)
    out = []
    for kind, arrays in (("S", S_arrays), ("U", U_arrays), ("Y", Y_arrays)):
        if arrays is not None:
            result = build_layers(kind, walk, archs, arrays, batch_shape, fs,
                                  length=L if unchunk else archs.size)
            result.chunks = None if unchunk else chunks
            out.append(result)
    return out[0] if len(out) == 1 else tuple(out)


def clear_cache():
    """Forget the cached filter banks and invariants, path walks and kept work arrays.

    Frees the memory they hold; :func:`scatnet.sc_setup` and :func:`sc_propagate` rebuild
    what they need (the next setup is then a cold one).
    """
    _clear_banks()
    _WALKS.clear()
    workspace.clear()


class _threads:
    """Context manager setting numba's thread count (restored on exit)."""

    def __init__(self, n_jobs):
        self.n = max(1, min(int(n_jobs), numba.config.NUMBA_NUM_THREADS))

    def __enter__(self):
        self.previous = numba.get_num_threads()
        numba.set_num_threads(self.n)

    def __exit__(self, *exc):
        numba.set_num_threads(self.previous)


def fft_plan(archs):
    """The FFTs one signal costs in :func:`sc_propagate`: a list of ``(kind, count, length)``.

    ``kind`` is ``'rfft'`` (forward transforms of the real U of each layer), ``'irfft'`` (the
    inverse transforms that make S) or ``'ifft'`` (the complex inverse transforms that make Y).
    Used by ``make bench`` to time the FFT bound of an architecture.
    """
    plan = []
    for lw in get_walk(archs).layers:
        for g in lw.groups:
            plan.append(("rfft", len(g.rows), g.length))
        blur = lw.blur.out_groups[0]
        plan.append(("irfft", len(blur.rows), blur.length))
        if lw.scatter is not None:
            for g in lw.scatter.out_groups:
                plan.append(("ifft", len(g.rows), g.length))
    return plan
