"""``sc_propagate``: run the path walk on signals with batched FFTs and numba kernels (spec §3).

MATLAB: scattering.m ``lib/export/sc_propagate.m`` (non-chunked path).

Data flow per block of signals (all arrays ``(B, rows, time)``, time last):

1. ``rfft`` of every group of ``U_m`` (one batched call per length, ``workers`` threads);
2. the blur step writes the Hermitian half-spectra of ``S_m`` (one kernel call per source
   group) and one ``irfft`` gives ``S_m`` (real, as MATLAB's stored real part);
3. the scatter step writes the spectra of ``Y_{m+1}`` grouped by output length, one ``ifft``
   per length, and the nonlinearity kernel makes ``U_{m+1}``.
"""
import os

import numpy as np
import scipy.fft

from . import joint, kernels
from ._errors import OptionError
from ._validation import check_signal
from .result import build_layers
from .walk import plan_walk

#: Memory budget (bytes) of the intermediate arrays of one block of signals. The batch is cut
#: into blocks of as many signals as fit; outputs are written into preallocated arrays.
MEMORY_BUDGET = 512 * 2 ** 20

_WALKS = {}


def get_walk(archs):
    """Cached :class:`scatnet.walk.Walk` of an architecture."""
    key = id(archs)
    hit = _WALKS.get(key)
    if hit is None or hit[0] is not archs:
        hit = (archs, plan_walk(archs))
        _WALKS[key] = hit
    return hit[1]


def _coefs(filters, complex_dtype):
    if filters.coefs.dtype == complex_dtype:
        return filters.coefs
    cache = _coefs.__dict__.setdefault("cache", {})
    key = (id(filters), complex_dtype)
    hit = cache.get(key)
    if hit is None or hit[0] is not filters:
        c = filters.coefs.astype(complex_dtype)
        c.setflags(write=False)
        hit = cache[key] = (filters, c)
    return hit[1]


def _apply(step, spectra, lengths, hermitian, complex_dtype, B):
    """Run a step's kernel calls; returns the output spectra per output group."""
    f = step.filters
    coefs = _coefs(f, complex_dtype)
    outs = []
    for g in step.out_groups:
        width = g.length // 2 + 1 if hermitian else g.length
        outs.append(np.empty((B, len(g.rows), width), dtype=complex_dtype))
    for c in step.calls:
        kernels.multiply_resample(spectra[c.src_group], lengths[c.src_group], True,
                                  c.job_src, c.job_filter, c.job_out,
                                  coefs, f.pos_off, f.pos_first, f.pos_len,
                                  f.neg_off, f.neg_last, f.neg_len,
                                  outs[c.out_group], step.out_groups[c.out_group].length, hermitian)
    return outs


def _nonlinearity(spec, Y, real_dtype):
    U = np.empty(Y.shape, dtype=real_dtype)
    if spec is None or spec.name == "modulus":
        kernels.modulus(Y, U)
    elif spec.name == "uniform_log":
        kernels.uniform_log(Y, U, Y.shape[-1] / spec.denominator)
    else:
        U[...] = np.asarray(spec.handle(Y), dtype=real_dtype)
    return U


def _joint_block(block, Y, complex_dtype, n_jobs):
    """γ/j filtering of one γ2 tensor: complex rows ``(B, R_block, L2)`` in the block's row order."""
    results = joint.run_block(block, Y, complex_dtype, n_jobs)
    out = np.empty((Y.shape[0], block.n_rows, Y.shape[2]), dtype=complex_dtype)
    for t in block.tensors:
        array, names = results[t.key]
        out[:, t.block_rows] = joint.to_rows(array, names)
    return out


def _block_size(walk, K, itemsize, budget):
    per_signal = 0
    for lw in walk.layers:
        per_signal += sum(len(g.rows) * g.length for g in lw.groups) * itemsize * 3
        per_signal += sum(len(g.rows) * g.length for g in lw.blur.out_groups) * itemsize * 2
    return int(max(1, min(K, budget // max(per_signal, 1))))


def sc_propagate(x, archs, *, return_U=False, return_Y=False, n_jobs=None,
                 memory_budget=None, fs=None):
    """Scattering transform of one or several signals.

    MATLAB: ``[S, U, Y] = sc_propagate(signal, archs)`` (non-chunked signals of exactly
    ``size`` samples).

    For each layer m: ``S_m = φ_m ⋆ U_m`` (low-pass, hop ``T/2·2**-S_log2_oversampling``) and
    ``U_{m+1} = |ψ_λ ⋆ U_m|`` over the enabled filters λ and parent paths of the path mask.
    Values follow the original's "× hop" amplitude convention (spec §3.3).

    Parameters
    ----------
    x : array_like, shape (N,) or (K, N)
        Real signal(s), time last, float64 (default) or float32 (faster, ~1e-6 relative).
        ``N`` must equal ``archs.size``.
    archs : Architecture
        From :func:`scatnet.sc_setup`.
    return_U, return_Y : bool
        Also return the scalograms ``U`` (real) and the wavelet outputs ``Y`` (complex).
    n_jobs : int, optional
        Threads for FFTs (scipy ``workers``) and kernels (numba). Default: all cores
        (``os.cpu_count()``). Results do not depend on it.
    memory_budget : int, optional
        Bytes of intermediate arrays per block of signals (default :data:`MEMORY_BUDGET`).
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
        Wrong rank, length, dtype, or NaN/Inf in the signal.

    Examples
    --------
    >>> import numpy as np
    >>> from scatnet import sc_setup, sc_propagate, default_auditory
    >>> archs = sc_setup([default_auditory(4096, 8000, 4), {'time': {}}])
    >>> S = sc_propagate(np.random.default_rng(0).standard_normal(4096), archs)
    >>> S[1][0].data.shape   # S1: γ1 × frames
    (32, 32)
    """
    if archs.plan.input.is_chunked:
        raise OptionError(
            "this architecture has is_chunked=True (the default of opts[0]['time'] outside "
            "default_auditory), and chunked propagation is not available in this version: set "
            "opts[0]['time']['is_chunked'] = False and pass signals of exactly size="
            f"{archs.size} samples")
    xb, batch_shape = check_signal(x, archs.size)
    real_dtype = xb.dtype
    complex_dtype = np.result_type(real_dtype, np.complex64)
    n_jobs = int(n_jobs or os.cpu_count() or 1)
    walk = get_walk(archs)
    K = xb.shape[0]
    itemsize = np.dtype(complex_dtype).itemsize
    B = _block_size(walk, K, itemsize, memory_budget or MEMORY_BUDGET)
    import numba
    previous_threads = numba.get_num_threads()
    numba.set_num_threads(max(1, min(n_jobs, numba.config.NUMBA_NUM_THREADS)))
    try:
        S_arrays = [np.empty((K, lw.blur.out_groups[0].rows.size, lw.blur.out_groups[0].length),
                             dtype=real_dtype) for lw in walk.layers]
        U_arrays = [[np.empty((K, len(g.rows), g.length), dtype=real_dtype) for g in lw.groups]
                    for lw in walk.layers] if return_U else None
        Y_arrays = [[np.empty((K, len(g.rows), g.length), dtype=complex_dtype) for g in lw.groups]
                    for lw in walk.layers[1:]] if return_Y else None
        for k0 in range(0, K, B):
            k1 = min(K, k0 + B)
            _run_block(walk, archs, xb[k0:k1], k0, k1, S_arrays, U_arrays, Y_arrays,
                       complex_dtype, n_jobs)
    finally:
        numba.set_num_threads(previous_threads)
    out = [build_layers("S", walk, archs, S_arrays, batch_shape, fs)]
    if return_U:
        out.append(build_layers("U", walk, archs, U_arrays, batch_shape, fs))
    if return_Y:
        out.append(build_layers("Y", walk, archs, Y_arrays, batch_shape, fs))
    return out[0] if len(out) == 1 else tuple(out)


def _run_block(walk, archs, xb, k0, k1, S_arrays, U_arrays, Y_arrays, complex_dtype, n_jobs):
    B = xb.shape[0]
    real_dtype = xb.dtype
    U_groups = [xb[:, None, :]]
    for m, lw in enumerate(walk.layers):
        if U_arrays is not None:
            for dst, src in zip(U_arrays[m], U_groups):
                dst[k0:k1] = src
        spectra = [scipy.fft.rfft(u, axis=-1, workers=n_jobs) for u in U_groups]
        lengths = [g.length for g in lw.groups]
        H = _apply(lw.blur, spectra, lengths, True, complex_dtype, B)[0]
        S_arrays[m][k0:k1] = scipy.fft.irfft(H, n=lw.blur.out_groups[0].length, axis=-1,
                                             workers=n_jobs, overwrite_x=True)
        if lw.scatter is None:
            break
        Ys = _apply(lw.scatter, spectra, lengths, False, complex_dtype, B)
        del spectra
        nonlin = archs[m].nonlinearity
        U_groups = []
        if lw.joint is not None:
            Ys = [scipy.fft.ifft(Y, axis=-1, workers=n_jobs, overwrite_x=True) for Y in Ys]
            for bi, block in enumerate(lw.joint):
                Y = _joint_block(block, Ys[block.out_group][:, block.local_rows], complex_dtype,
                                 n_jobs)
                if Y_arrays is not None:
                    Y_arrays[m][bi][k0:k1] = Y
                U_groups.append(_nonlinearity(nonlin, Y, real_dtype))
            continue
        for gi, Y in enumerate(Ys):
            Y = scipy.fft.ifft(Y, axis=-1, workers=n_jobs, overwrite_x=True)
            if Y_arrays is not None:
                Y_arrays[m][gi][k0:k1] = Y
            U_groups.append(_nonlinearity(nonlin, Y, real_dtype))
            del Y


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
