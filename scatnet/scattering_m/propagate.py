"""``sc_propagate``: run the path walk on signals, block by block (spec §3).

MATLAB: scattering.m ``lib/export/sc_propagate.m`` (non-chunked path).

The batch of signals (or of chunks of them) is cut into blocks that fit the memory budget;
:func:`scatnet._core.engine.run_block` scatters each block with work arrays reused across blocks and
calls (:mod:`scatnet._core.workspace`), and a sink (:mod:`scatnet._core.sinks`) copies its outputs into
the preallocated (and, for chunked signals, unchunked) output arrays.
"""
import numpy as np

from .._core import cache
from .._core.run import MEMORY_BUDGET, check_memory_budget, n_threads, run_blocks
from .._core.sinks import RowSink, Sink
from .._core.validation import check_fs, check_signal
from . import invariants
from .architecture import check_archs
from .chunking import ChunkPlan, chunk_rows
from .filterbank import clear_cache as _clear_banks
from .result import build_layers

__all__ = ["MEMORY_BUDGET", "get_walk", "sc_propagate"]

cache.register(_clear_banks)


def get_walk(archs):
    """Get the execution plan of an architecture (:meth:`Architecture.walk`, kept on it).

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.

    Returns
    -------
    scatnet._core.plan.Plan
        The execution plan, made on the first call.
    """
    return check_archs(archs, "get_walk").walk()


def sc_propagate(x, archs, *, return_U=False, return_Y=False, n_jobs=None,
                 memory_budget=None, fs=None):
    """Scattering transform of one or several signals.

    MATLAB: ``[S, U, Y] = sc_propagate(signal, archs)``.

    For each layer m: ``S_m = φ_m ⋆ U_m`` (low-pass, hop ``T/2·2**-S_log2_oversampling``) and
    ``U_{m+1} = |ψ_λ ⋆ U_m|`` over the enabled filters λ and parent paths of the path mask.
    Values follow the original's "× hop" amplitude convention (spec §3.3).

    Signals of any length: with ``is_chunked`` (the default of ``opts[0]['time']`` outside
    ``default_auditory``) the signal is cut into windowed chunks of ``size`` samples that
    overlap by ``2M`` and the outputs are unchunked (:mod:`scatnet.scattering_m.chunking`): each
    chunk keeps the frames of its central part ``[M, size − M)``, with the margin
    ``M = min(size/4, 4·max_m T_m)`` set by the largest ``T`` of all layers (``T`` when
    ``size = 4T``, as in the original). Without chunking, a signal shorter than ``size`` is
    padded as ``opts[0]['time']['padding']`` says (``'periodic'``, ``'symmetric'`` or
    ``'zero'``) and the outputs are cut back to ``round(L·n_frames/size)`` frames; a longer one
    is an error.

    Parameters
    ----------
    x : array_like, shape (N,) or (K, N)
        Real signal(s), time last, float64 (default) or float32 (faster, ~1e-6 relative).
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    return_U, return_Y : bool
        Also return the scalograms ``U`` (real) and the wavelet outputs ``Y`` (complex).
    n_jobs : int, optional
        Threads for FFTs (scipy ``workers``) and kernels (numba). Default (None or −1): all
        cores (``os.cpu_count()``); −2: all but one. Results do not depend on it.
    memory_budget : int > 0, optional
        A bound on the bytes of work arrays (spectra, Y, U of a block of signals or chunks).
        The batch is processed in blocks of as many signals as fit; when one signal does not
        fit, its last layer is made and blurred a piece of rows at a time (same results). A
        budget below the least the plan needs raises :class:`~scatnet.MemoryBudgetError`
        before any computation. Default: :data:`MEMORY_BUDGET` (128 MiB), or that least figure
        if it is more. The work arrays are reused by every block and, up to
        :data:`MEMORY_BUDGET` bytes, kept for the next call in the same thread
        (:func:`scatnet.clear_cache` frees them). Outputs (S, and U, Y when asked for) are
        allocated on top of the budget. See ``doc/performance.md``.
    fs : float > 0, optional
        Sample rate in Hz (a finite number > 0), used for the Hz columns of the paths tables.

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
        Checked before any computation: wrong rank or dtype, a ragged list, NaN/Inf, or a
        non-chunked signal longer than ``size``; ``archs`` not from :func:`scatnet.sc_setup`
        (e.g. the ``opts`` list: call ``sc_setup(opts)`` first); ``fs`` not a finite number
        > 0; ``n_jobs`` 0 or not an integer; ``memory_budget`` not an integer > 0.
    MemoryBudgetError
        Before any computation: ``memory_budget`` is below the least this plan needs.
    OptionError
        Before any computation, if a returned U or Y of a chunked signal has frames farther
        apart than the margin ``M`` (S is checked by :func:`scatnet.sc_setup`).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory
    >>> archs = sc_setup([default_auditory(4096, 8000, 4), {'time': {}}])
    >>> S = sc_propagate(np.random.default_rng(0).standard_normal(4096), archs)
    >>> S[1][0].data.shape   # S1: γ1 × frames
    (32, 32)
    """
    archs = check_archs(archs, "sc_propagate")
    fs = check_fs(fs, "sc_propagate")
    n_jobs = n_threads(n_jobs)
    check_memory_budget(memory_budget)  # checked now; None keeps the default rule
    inp = archs.plan.input
    xb, batch_shape = check_signal(x, None if inp.is_chunked else archs.size)
    L = xb.shape[1]
    chunks = ChunkPlan.for_options(archs.plan, L)
    real_dtype = xb.dtype
    complex_dtype = np.result_type(real_dtype, np.complex64)
    walk = archs.walk()
    K = xb.shape[0]
    n_rows = K * chunks.n_chunks
    unchunk = inp.is_unchunked or chunks.single
    want_U = return_U or invariants.needs_U(walk)  # summed/max-pooled S are made from U
    sink = (Sink(walk, K, chunks, real_dtype, complex_dtype, want_U, return_Y) if unchunk else
            RowSink(walk, n_rows, real_dtype, complex_dtype, want_U, return_Y))
    window = chunks.window()
    S_arrays, U_arrays, Y_arrays = run_blocks(
        walk, n_rows, lambda r0, r1: chunk_rows(xb, chunks, r0, r1, window), sink,
        real_dtype=real_dtype, complex_dtype=complex_dtype, want_U=want_U, want_Y=return_Y,
        n_jobs=n_jobs, memory_budget=memory_budget)
    # one blur output group per layer (none where S is made from U)
    S_arrays = [groups[0] if groups else None for groups in S_arrays]
    S_arrays = invariants.apply_invariants(walk, S_arrays, U_arrays)
    if not return_U:
        U_arrays = None
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


def fft_plan(archs):
    """List the FFTs one signal costs in :func:`sc_propagate`.

    Used by ``make bench`` to time the FFT bound of an architecture.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.

    Returns
    -------
    list of (str, int, int)
        ``(kind, count, length)``: ``kind`` is ``'rfft'`` (forward transforms of the real U of
        each layer), ``'irfft'`` (the inverse transforms that make S) or ``'ifft'`` (the complex
        inverse transforms that make Y); ``count`` transforms of ``length`` samples.
    """
    return check_archs(archs, "fft_plan").walk().fft_plan()
