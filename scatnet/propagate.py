"""``sc_propagate``: run the path walk on signals with batched FFTs and numba kernels (spec §3).

MATLAB: scattering.m ``lib/export/sc_propagate.m`` (non-chunked path).

Data flow per block of signals (all arrays ``(B, rows, time)``, time last):

1. ``rfft`` of every group of ``U_m`` (one batched call per length, ``workers`` threads);
2. the blur step writes the Hermitian half-spectra of ``S_m`` (one kernel call per source
   group) and one ``irfft`` gives ``S_m`` (real, as MATLAB's stored real part);
3. the scatter step writes the spectra of ``Y_{m+1}`` grouped by output length, one ``ifft``
   per length, and the nonlinearity kernel makes ``U_{m+1}``.
"""
import math
import os

import numba
import numpy as np
import scipy.fft

from . import joint, kernels
from .chunking import ChunkPlan
from .filterbank.storage import coefs_as
from ._validation import check_signal
from .result import build_layers
from .walk import plan_walk

#: Memory budget (bytes) of the work arrays of one block of signals. The batch is cut into
#: blocks of as many signals as fit; outputs are written into preallocated arrays. 192 MiB is
#: 3 signals of 65536 samples through ``default_auditory`` + second order in float64: larger
#: blocks were not faster (2 cores), smaller ones a few per cent slower.
MEMORY_BUDGET = 192 * 2 ** 20

_WALKS = {}


def get_walk(archs):
    """Cached :class:`scatnet.walk.Walk` of an architecture."""
    key = id(archs)
    hit = _WALKS.get(key)
    if hit is None or hit[0] is not archs:
        hit = (archs, plan_walk(archs))
        _WALKS[key] = hit
    return hit[1]


class _Workspace:
    """Work arrays of one :func:`sc_propagate` call, reused by every block of signals.

    Writing into fresh memory costs a page fault per 4 KiB page (the allocator maps and unmaps
    large arrays on every ``np.empty``): for case A of the benchmark that was ~75 000 faults and
    a quarter of the run time. Buffers are keyed by role and grown on demand; a smaller last
    block gets a view of the front of each buffer.
    """

    def __init__(self):
        self._buffers = {}

    def get(self, key, shape, dtype):
        n = math.prod(shape)
        buf = self._buffers.get(key)
        if buf is None or buf.size < n or buf.dtype != dtype:
            buf = np.empty(n, dtype=dtype)
            self._buffers[key] = buf
        return buf[:n].reshape(shape)

    def buffer(self, key, dtype):
        """A function ``n → flat array of n elements`` backed by the buffer ``key``."""
        return lambda n: self.get(key, (n,), dtype)


def _apply(step, spectra, lengths, hermitian, complex_dtype, B, buffer):
    """Run a step's kernel calls; returns the output spectra per output group.

    The outputs are consecutive views of ``buffer(n_elements)``, a flat complex array.
    """
    f = step.filters
    coefs = coefs_as(f, complex_dtype)
    shapes = [(B, len(g.rows), g.length // 2 + 1 if hermitian else g.length)
              for g in step.out_groups]
    outs = _views(buffer(sum(math.prod(shape) for shape in shapes)), shapes)
    for c in step.calls:
        kernels.multiply_resample(spectra[c.src_group], lengths[c.src_group], True,
                                  c.job_src, c.job_filter, c.job_out,
                                  coefs, f.pos_off, f.pos_first, f.pos_len,
                                  f.neg_off, f.neg_last, f.neg_len,
                                  outs[c.out_group], step.out_groups[c.out_group].length, hermitian)
    return outs


def _nonlinearity(spec, Y, U):
    """``U = ρ(Y)`` (MATLAB ``opts{m}.nonlinearity``), written into ``U``."""
    if spec is None or spec.name == "modulus":
        kernels.modulus(Y, U)
    elif spec.name == "uniform_log":
        kernels.uniform_log(Y, U, Y.shape[-1] / spec.denominator)
    else:
        U[...] = np.asarray(spec.handle(Y), dtype=U.dtype)
    return U


def _views(flat, shapes):
    """Consecutive views of shapes ``shapes`` at the front of the 1-D array ``flat``."""
    out, start = [], 0
    for shape in shapes:
        out.append(flat[start:start + math.prod(shape)].reshape(shape))
        start += math.prod(shape)
    return out


def _joint_block(block, Y, complex_dtype, n_jobs):
    """γ/j filtering of one γ2 tensor: complex rows ``(B, R_block, L2)`` in the block's row order."""
    results = joint.run_block(block, Y, complex_dtype, n_jobs)
    out = np.empty((Y.shape[0], block.n_rows, Y.shape[2]), dtype=complex_dtype)
    for t in block.tensors:
        array, names = results[t.key]
        out[:, t.block_rows] = joint.to_rows(array, names)
    return out


def _block_size(walk, K, itemsize, budget, lean=True):
    """Signals per block such that the work arrays of a block fit in ``budget`` bytes.

    Per signal (``itemsize`` of the complex dtype): the input row, the half spectra of a
    layer's U (``rfft`` output), the full spectra of its Y (``ifft`` in place), the real U made
    from them and the blurred half spectra. With ``lean`` (neither U nor Y returned) one Y and
    one U buffer serve every layer (see :func:`_run_block`); otherwise each layer has its own.
    """
    def n(groups, half=False):
        return sum(len(g.rows) * (g.length // 2 + 1 if half else g.length) for g in groups)
    layers = walk.layers
    spectra = [n(lw.groups, half=True) for lw in layers]
    Y = [n(lw.scatter.out_groups) * (2 if lw.joint else 1) if lw.scatter else 0 for lw in layers]
    blur = max(n(lw.blur.out_groups, half=True) for lw in layers)
    peak = 1.5 * (max(Y) if lean else sum(Y)) + max(spectra)
    per_signal = (peak + blur) * itemsize + walk.size * itemsize // 2
    return int(max(1, min(K, budget // max(per_signal, 1))))


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
        :data:`MEMORY_BUDGET`, 192 MiB). The batch is processed in blocks of as many signals
        as fit (at least one); the work arrays are allocated once per call and reused by every
        block. Outputs (S, and U, Y when asked for) are preallocated on top of the budget.
        Larger blocks do not make the transform faster beyond a few signals per block.
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
    B = _block_size(walk, n_rows, np.dtype(complex_dtype).itemsize,
                    MEMORY_BUDGET if memory_budget is None else memory_budget,
                    lean=not (return_U or return_Y))
    unchunk = inp.is_unchunked or chunks.single
    sink = (_Sink(walk, K, chunks, real_dtype, complex_dtype, return_U, return_Y) if unchunk else
            _ChunkedSink(walk, n_rows, real_dtype, complex_dtype, return_U, return_Y))
    window = chunks.window()
    work = _Workspace()
    with _threads(n_jobs):
        for r0 in range(0, n_rows, B):
            r1 = min(n_rows, r0 + B)
            block = _chunk_rows(xb, chunks, r0, r1, window)
            sink.put(r0, r1, *_run_block(walk, archs, block, return_U, return_Y, complex_dtype,
                                         n_jobs, work))
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


class _ChunkedSink:
    """Keeps the per-chunk outputs as they are: arrays ``(K·n_chunks, rows, frames)``."""

    def __init__(self, walk, n_rows, real_dtype, complex_dtype, want_U, want_Y):
        def arrays(groups, dtype):
            return [np.empty((n_rows, len(g.rows), g.length), dtype=dtype) for g in groups]
        self.S = [arrays(lw.blur.out_groups, real_dtype)[0] for lw in walk.layers]
        self.U = [arrays(lw.groups, real_dtype) for lw in walk.layers] if want_U else None
        self.Y = [arrays(lw.groups, complex_dtype) for lw in walk.layers[1:]] if want_Y else None

    def put(self, r0, r1, S_blk, U_blk, Y_blk):
        for dst, src in zip(self.S, S_blk):
            dst[r0:r1] = src
        for dsts, srcs in zip(self.U or [], U_blk or []):
            for dst, src in zip(dsts, srcs):
                dst[r0:r1] = src
        for dsts, srcs in zip(self.Y or [], Y_blk or []):
            for dst, src in zip(dsts, srcs):
                dst[r0:r1] = src

    def finish(self):
        return self.S, self.U, self.Y


class _threads:
    """Context manager setting numba's thread count (restored on exit)."""

    def __init__(self, n_jobs):
        self.n = max(1, min(int(n_jobs), numba.config.NUMBA_NUM_THREADS))

    def __enter__(self):
        self.previous = numba.get_num_threads()
        numba.set_num_threads(self.n)

    def __exit__(self, *exc):
        numba.set_num_threads(self.previous)


def _chunk_rows(xb, chunks, r0, r1, window):
    """Rows ``r0 … r1−1`` of the (signal, chunk) grid as windowed chunks, shape (r1 − r0, size)."""
    n_c = chunks.n_chunks
    parts = []
    r = r0
    while r < r1:
        k, c0 = divmod(r, n_c)
        c1 = min(n_c, c0 + (r1 - r))
        parts.append(chunks.chunks(xb[k:k + 1], c0, c1, window)[0])
        r += c1 - c0
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)


class _Sink:
    """Places the outputs of blocks of (signal, chunk) rows into the unchunked output arrays.

    Tukey/none windowing keeps the central frames of every chunk (they tile the signal); Hann
    windowing overlap-adds whole chunks and divides by the summed windows at the end.
    """

    def __init__(self, walk, K, chunks, real_dtype, complex_dtype, want_U, want_Y):
        self.chunks = chunks
        self.hann = chunks.windowing == "hann" and not chunks.single
        alloc = np.zeros if self.hann else np.empty
        self.n_in = {}

        def arrays(groups, dtype):
            out = []
            for g in groups:
                arr = alloc((K, len(g.rows), chunks.n_frames_out(g.length)), dtype=dtype)
                self.n_in[id(arr)] = g.length
                out.append(arr)
            return out
        self.S = [arrays(lw.blur.out_groups, real_dtype)[0] for lw in walk.layers]
        self.U = [arrays(lw.groups, real_dtype) for lw in walk.layers] if want_U else None
        self.Y = [arrays(lw.groups, complex_dtype) for lw in walk.layers[1:]] if want_Y else None

    def _place(self, dst, src, r0, r1):
        cp = self.chunks
        n_c, n_in, n_out = cp.n_chunks, src.shape[-1], dst.shape[-1]
        a, b = (0, n_in) if self.hann else cp.kept(n_in)
        r = r0
        while r < r1:
            k, c0 = divmod(r, n_c)
            c1 = min(n_c, c0 + (r1 - r))
            seg = src[r - r0:r - r0 + (c1 - c0), :, a:b]  # (chunks, R, kept)
            if self.hann:
                for i in range(seg.shape[0]):
                    start = cp.chunk_start(c0 + i) * n_in // cp.size
                    lo, hi = max(start, 0), min(start + n_in, n_out)
                    if hi > lo:
                        dst[k, :, lo:hi] += seg[i][:, lo - start:hi - start]
            else:
                h = b - a
                lo, hi = c0 * h, min(c1 * h, n_out)
                if hi > lo:
                    flat = np.moveaxis(seg, 0, 1).reshape(seg.shape[1], -1)
                    dst[k, :, lo:hi] = flat[:, :hi - lo]
            r += c1 - c0

    def _arrays(self):
        yield from self.S
        for groups in (self.U or []) + (self.Y or []):
            yield from groups

    def put(self, r0, r1, S_blk, U_blk, Y_blk):
        for dst, src in zip(self.S, S_blk):
            self._place(dst, src, r0, r1)
        for dsts, srcs in zip(self.U or [], U_blk or []):
            for dst, src in zip(dsts, srcs):
                self._place(dst, src, r0, r1)
        for dsts, srcs in zip(self.Y or [], Y_blk or []):
            for dst, src in zip(dsts, srcs):
                self._place(dst, src, r0, r1)

    def finish(self):
        if self.hann:
            for arr in self._arrays():
                arr /= self.chunks.hann_weights(self.n_in[id(arr)], arr.shape[-1])
        return self.S, self.U, self.Y


def _run_block(walk, archs, xb, want_U, want_Y, complex_dtype, n_jobs, work=None):
    """Scatter one block of rows ``xb`` (B, size); returns the S, U and Y arrays of the block.

    The U and Y arrays returned live in ``work`` (a :class:`_Workspace`): the next block
    overwrites them, so the caller copies them out first. When neither U nor Y is returned,
    the layers share one Y buffer and one U buffer (the spectra of ``U_m`` are taken before
    layer m writes its Y and ``U_{m+1}``), so a block needs about
    ``max_m (|Y_m| + |U_{m+1}| + |spectra_m|)`` bytes instead of the sum over layers.
    """
    work = work or _Workspace()
    lean = not (want_U or want_Y)
    B = xb.shape[0]
    real_dtype = xb.dtype
    S_out, U_out, Y_out = [], [], []
    U_groups = [xb[:, None, :]]
    for m, lw in enumerate(walk.layers):
        if want_U:
            U_out.append(U_groups)
        spectra = [scipy.fft.rfft(u, axis=-1, workers=n_jobs) for u in U_groups]
        del U_groups
        lengths = [g.length for g in lw.groups]
        H = _apply(lw.blur, spectra, lengths, True, complex_dtype, B,
                   work.buffer("H", complex_dtype))[0]
        S_out.append(scipy.fft.irfft(H, n=lw.blur.out_groups[0].length, axis=-1,
                                     workers=n_jobs, overwrite_x=True))
        if lw.scatter is None:
            break
        Ys = _apply(lw.scatter, spectra, lengths, False, complex_dtype, B,
                    work.buffer("Y" if lean else ("Y", m), complex_dtype))
        del spectra
        nonlin = archs[m].nonlinearity
        Ys = [scipy.fft.ifft(Y, axis=-1, workers=n_jobs, overwrite_x=True) for Y in Ys]
        if lw.joint is not None:
            Ys = [_joint_block(block, Ys[block.out_group][:, block.local_rows], complex_dtype, n_jobs)
                  for block in lw.joint]
        if want_Y:
            Y_out.append(Ys)
        shapes = [Y.shape for Y in Ys]
        U_flat = work.get("U" if lean else ("U", m), (sum(map(math.prod, shapes)),), real_dtype)
        U_groups = [_nonlinearity(nonlin, Y, U) for Y, U in zip(Ys, _views(U_flat, shapes))]
        del Ys
    return S_out, (U_out if want_U else None), (Y_out if want_Y else None)


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
