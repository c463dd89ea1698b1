"""Streaming scattering of long signals: blocks in, S frames out, bounded memory (spec §3.9).

The signal arrives as an iterable of sample blocks (or a sound file read block by block); the
chunks of a chunked architecture are scattered in batches as soon as their samples are
available, and the frames of their kept parts are yielded in ``sc_format`` order. Only the
samples of the next batch of chunks are held in memory. The output equals
``sc_format(sc_propagate(x, archs))`` of the whole signal (to rounding).
"""
from dataclasses import replace

import numpy as np

from .._core.engine import run_block
from .._core.memory import schedule
from .._core.run import check_memory_budget, n_threads, threads
from .._core.validation import check_fs, check_signal
from .._core.workspace import Workspace
from .._errors import InputError, OptionError
from .architecture import check_archs
from .chunking import ChunkPlan
from .format import _orders, sc_format
from .propagate import sc_propagate
from .result import build_layers

__all__ = ["sc_paths", "sc_stream"]


def _dry_layers(archs, fs=None):
    """A zero-signal :class:`Scattering` of ``archs`` (for metadata: the Kymatio-style dry run)."""
    walk = archs.walk()
    S_arrays = [np.zeros((0, len(lw.blur.out_groups[0].rows), lw.blur.out_groups[0].length))
                for lw in walk.layers]
    return build_layers("S", walk, archs, S_arrays, (0,), fs)


def sc_paths(archs, *, layers=None, fs=None):
    """Make the paths table of ``sc_format`` for an architecture, without scattering anything.

    Parameters
    ----------
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    layers : sequence of int, optional
        Orders, as for :func:`scatnet.sc_format` (default every order ≥ 1).
    fs : float > 0, optional
        Sample rate for the Hz columns.

    Returns
    -------
    PathTable
        One row per feature of ``sc_format``'s output, in its order.

    Raises
    ------
    InputTypeError
        ``archs`` is not an Architecture (the ``opts`` list: call ``sc_setup(opts)`` first),
        or ``fs`` is not a number.
    InputError
        ``fs`` is not > 0 and finite, or ``layers`` names an order ``archs`` does not have.

    Examples
    --------
    >>> from scatnet import sc_setup, default_auditory
    >>> len(sc_paths(sc_setup([default_auditory(8192, 8192, 8), {'time': {}}])))
    144
    """
    archs = check_archs(archs, "sc_paths")
    fs = check_fs(fs, "sc_paths")
    return sc_format(_dry_layers(archs, fs), layers=layers)[1]


def _feature_rows(archs, layers):
    """Per requested order m: the S rows in ``sc_format`` order (padding rows left out)."""
    S = _dry_layers(archs)
    orders = _orders(layers, len(S))
    out = []
    walk = archs.walk()
    for m in orders:
        lw = walk.layers[m]
        if lw.tensors is None:
            out.append((m, np.arange(len(lw.paths))))
            continue
        rows = []
        for d in lw.tensors:
            grid = np.arange(d.rows.start, d.rows.stop).reshape(d.shape)
            rows.append(grid[tuple(slice(0, v) for v in d.valid)].ravel())
        out.append((m, np.concatenate(rows)))
    return out


def sc_stream(blocks, archs, *, layers=None, n_jobs=None, chunks_per_batch=None,
              memory_budget=None):
    """Scatter a long signal given block by block; yield the formatted S frames as they are ready.

    MATLAB: the chunked, mini-batched ``sc_propagate`` (``max_minibatch_size`` chunks at a time)
    followed by ``sc_unchunk`` and ``sc_format``, without holding the signal in memory.

    Parameters
    ----------
    blocks : iterable of array_like
        Consecutive pieces of the signal, each ``(n,)`` or ``(K, n)`` (time last, any ``n``,
        the same K and dtype throughout).
    archs : Architecture
        A chunked architecture (``opts[0]['time']['is_chunked']`` true, the default).
    layers : sequence of int, optional
        Orders to output (default every order ≥ 1, as ``sc_format``).
    n_jobs : int, optional
        Threads (default all cores).
    chunks_per_batch : int, optional
        Chunks scattered together (default ``max_minibatch_size``, capped by the memory budget).
    memory_budget : int, optional
        As for :func:`scatnet.sc_propagate`.

    Yields
    ------
    F : ndarray, shape ``(n_features, n_frames)`` or ``(K, n_features, n_frames)``
        The next frames of ``sc_format(S)``; concatenated along the last axis they equal the
        one-shot result. :func:`sc_paths` describes the features.

    Raises
    ------
    OptionError
        If the architecture is not chunked.
    InputError
        If the blocks change their number of signals or are not valid signals (a ragged list,
        NaN, …), or ``n_jobs``/``memory_budget`` are not positive.
    InputTypeError
        ``archs`` is not an Architecture (the ``opts`` list: call ``sc_setup(opts)`` first).

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup
    >>> archs = sc_setup([{'time': {'size': 1024, 'T': 128, 'max_Q': 2}}, {'time': {}}])
    >>> x = np.random.default_rng(0).standard_normal(5000)
    >>> F = np.concatenate(list(sc_stream(np.array_split(x, 7), archs)), axis=-1)
    >>> F.shape[-1]   # as sc_format(sc_propagate(x, archs)): 5000 samples at hop T/2 = 64
    78
    """
    archs = check_archs(archs, "sc_stream")
    strict = memory_budget is not None  # a budget given is a bound (MemoryBudgetError)
    n_jobs, memory_budget = n_threads(n_jobs), check_memory_budget(memory_budget)
    inp = archs.plan.input
    if not inp.is_chunked:
        raise OptionError("sc_stream needs a chunked architecture: set opts[0]['time']['is_chunked'] "
                          "= True (default_auditory sets it to False)")
    walk = archs.walk()
    rows = _feature_rows(archs, layers)
    probe = ChunkPlan.for_options(archs.plan, 10 ** 18)
    if probe.windowing == "hann":
        raise OptionError("sc_stream supports 'tukey' and 'none' windowing (Hann unchunking "
                          "overlap-adds whole chunks); use sc_propagate for windowing='hann'")
    for m, _ in rows:  # the kept parts fall on whole frames (raises before any sample is read)
        _kept_frames(walk, probe, m)
    hop, margin, size = probe.hop, probe.margin, probe.size
    window = probe.window()
    batch = int(chunks_per_batch or inp.max_minibatch_size)
    buffer, offset = None, 0  # buffer holds samples offset … offset + buffer.shape[1] − 1
    next_chunk, emitted, total = 0, 0, 0
    squeeze = None
    work = Workspace()  # reused by every batch of chunks of the stream
    with threads(n_jobs):
        for piece in blocks:
            xb, batch_shape = check_signal(piece)
            if squeeze is None:
                squeeze = len(batch_shape) == 0
                buffer = np.zeros((xb.shape[0], 0), dtype=xb.dtype)
                complex_dtype = np.result_type(xb.dtype, np.complex64)
                plan_blocks = schedule(walk, 10 ** 9, xb.dtype, memory_budget, strict=strict)
                cap = plan_blocks.B // xb.shape[0]
                if cap < 1:  # the K signals of a batch of one chunk, cut in pieces
                    plan_blocks = schedule(walk, xb.shape[0], xb.dtype, memory_budget,
                                           strict=strict, B=xb.shape[0])
                batch = max(1, min(batch, cap))
            if xb.shape[0] != buffer.shape[0]:
                raise InputError(f"a block has {xb.shape[0]} signals but the stream started with "
                                 f"{buffer.shape[0]}: every block must have the same K")
            buffer = np.concatenate([buffer, xb.astype(buffer.dtype, copy=False)], axis=1)
            total += xb.shape[1]
            while True:  # chunks whose samples are all available
                last = next_chunk + batch
                if (last - 1) * hop - margin + size > total:
                    break
                yield from _emit(walk, archs, rows, buffer, offset, next_chunk, last, probe, window,
                                 complex_dtype, n_jobs, squeeze, None, work, plan_blocks.piece_samples)
                emitted += _kept_frames(walk, probe, rows[0][0]) * batch
                next_chunk = last
                keep_from = next_chunk * hop - margin
                buffer, offset = buffer[:, keep_from - offset:], keep_from
    if squeeze is None:
        raise InputError("the stream was empty: pass at least one block of samples")
    final = replace(probe, length=total)
    if final.single:  # the whole signal fits one chunk: the one-shot result, zero-padded
        x = buffer[:, :total]
        F, _ = sc_format(sc_propagate(x[0] if squeeze else x, archs, n_jobs=n_jobs), layers=layers)
        yield F
        return
    n_out = final.n_frames_out(walk.layers[rows[0][0]].blur.out_groups[0].length)
    while emitted < n_out:
        last = min(final.n_chunks, next_chunk + batch)
        if last <= next_chunk:
            break
        for F in _emit(walk, archs, rows, buffer, offset, next_chunk, last, probe, window,
                       complex_dtype, n_jobs, squeeze, total, work,
                       plan_blocks.piece_samples):
            yield F[..., :max(0, n_out - emitted)]
            emitted += F.shape[-1]
        next_chunk = last


def _kept_frames(walk, plan, m):
    n = walk.layers[m].blur.out_groups[0].length
    a, b = plan.kept(n)
    return b - a


def _emit(walk, archs, rows, buffer, offset, c0, c1, plan, window, complex_dtype, n_jobs,
          squeeze, total, work, piece_samples):
    """Scatter chunks c0 … c1−1 (signal samples from ``buffer``) and yield their kept frames."""
    K = buffer.shape[0]
    size = plan.size
    n_c = c1 - c0
    if total is not None:  # the stream has ended: nothing beyond ``total``
        plan = replace(plan, length=total)
    chunks = plan.chunks(buffer, c0, c1, window, offset=offset)
    S_blk, _, _ = run_block(walk, chunks.reshape(K * n_c, size), False, False,
                            complex_dtype, n_jobs, work, piece_samples)
    parts = []
    for m, idx in rows:
        S = S_blk[m][0][:, idx, :]  # (K·n_c, F_m, Lc)
        lo, hi = plan.kept(S.shape[-1])
        S = S[..., lo:hi].reshape(K, n_c, len(idx), hi - lo)
        parts.append(np.moveaxis(S, 1, 2).reshape(K, len(idx), n_c * (hi - lo)))
    F = np.concatenate(parts, axis=1)
    yield F[0] if squeeze else F
