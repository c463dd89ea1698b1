"""One block of signals through the path walk: FFTs, kernels, nonlinearity (spec §3).

Data flow per block of signals (all arrays ``(B, rows, time)``, time last):

1. ``rfft`` of every group of ``U_m`` (one call per length; :mod:`scatnet._core.fft`);
2. the blur step writes the Hermitian half-spectra of ``S_m`` (one kernel call per source
   group) and one ``irfft`` gives ``S_m`` (real, as MATLAB's stored real part);
3. the scatter step writes the spectra of ``Y_{m+1}`` grouped by output length, one ``ifft``
   per length (in place), and the nonlinearity kernel makes ``U_{m+1}``.

Work arrays come from a :class:`scatnet._core.workspace.Workspace`, reused by every block.
"""
import math

import numpy as np

from . import last_layer, memory
from .fft import RFFT_INTO, ifft_inplace, irfft, rfft, rfft_into
from .filtering import apply_step, views
from .memory import streamed
from .pointwise import nonlinearity, pad_groups
from .workspace import Workspace


def run_block(walk, xb, want_U, want_Y, complex_dtype, n_jobs, work=None, piece_samples=None):
    """Scatter one block of rows ``xb`` (B, size); returns the S, U and Y arrays of the block.

    The U and Y arrays returned live in ``work`` (a :class:`~scatnet._core.workspace.Workspace`):
    the next block overwrites them, so the caller copies them out first. When neither U nor Y
    is returned, every layer puts the spectra of ``U_m`` at the back (when the real FFT can
    write there, see :data:`~scatnet._core.fft.RFFT_INTO`) and ``Y_m`` at the front of one
    buffer, and ``U_{m+1}`` in another: a block needs about
    ``max_m (|spectra_m| + |Y_m|) + max_m |U_m|`` instead of the sum over layers; and the last
    layer is never held whole (:mod:`scatnet._core.last_layer`). Joint and spiral layers
    multiply the time-scatter outputs of each γ2 block by the block's matrix (``block.matrix``).

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    xb : ndarray, float32 or float64, shape (B, size)
        The block of input rows, time last; its dtype is the real precision of the run.
    want_U : bool
        Whether to return the U arrays.
    want_Y : bool
        Whether to return the Y arrays.
    complex_dtype : dtype-like, complex64 or complex128
        Precision of the spectra and of Y (matching ``xb.dtype``).
    n_jobs : int >= 1
        Threads for the FFTs.
    work : scatnet._core.workspace.Workspace, optional
        Work arrays reused across blocks; a new workspace when None.
    piece_samples : int, optional
        When neither U nor Y is returned, the last layer is made and blurred a piece of at
        most this many samples at a time (:mod:`scatnet._core.last_layer`); None: a group or
        joint block at a time. :func:`scatnet._core.memory.schedule` chooses it.

    Returns
    -------
    S : list of list of ndarray, shape (B, R, length)
        Per layer, one real array per blur output group.
    U : list of list of ndarray, shape (B, R, length), or None
        Per layer, one real array per group (the layer's input; layer 0 is ``xb`` as
        ``(B, 1, size)``); None unless ``want_U``.
    Y : list of list of ndarray, shape (B, R, length), or None
        Per scatter (or joint) step, one complex array per output group; None unless
        ``want_Y``.
    """
    work = work or Workspace()
    lean = not (want_U or want_Y)
    stream = streamed(walk, lean)
    B = xb.shape[0]
    real_dtype = xb.dtype
    into = real_dtype in RFFT_INTO
    if lean:  # Y at the front of one buffer (and the spectra at its back, if `into`)
        arena = work.get("Y", (B * max(1, memory.arena(walk, into)),), complex_dtype)
    S_out, U_out, Y_out = [], [], []
    U_groups = [xb[:, None, :]]
    for m, lw in enumerate(walk.layers):
        if want_U:
            U_out.append(U_groups)
        if lw.scatter is None and not lw.blur.out_groups:  # a last layer kept as U only
            S_out.append([])
            break
        if into:
            shapes = [(B, len(g.rows), g.length // 2 + 1) for g in lw.groups]
            n_spectra = sum(map(math.prod, shapes))
            spectra = [rfft_into(u, out, n_jobs) for u, out in zip(U_groups, views(
                arena[arena.size - n_spectra:] if lean else
                work.get("spectra", (n_spectra,), complex_dtype), shapes))]
        else:
            spectra = [rfft(u, n_jobs) for u in U_groups]
        lengths = [g.length for g in lw.groups]
        Hs = apply_step(lw.blur, spectra, lengths, True, complex_dtype, B,
                        work.buffer("H", complex_dtype))[0]
        S_out.append([irfft(H, g.length, n_jobs) for H, g in zip(Hs, lw.blur.out_groups)])
        if lw.scatter is None:
            break
        if stream and m == len(walk.layers) - 2:  # the last layer, a piece at a time
            del Hs  # its buffer may be reallocated larger for the last blur
            last = walk.layers[-1]
            S_out.append([] if not last.blur.out_groups else last_layer.run(
                walk, spectra, B, piece_samples, work, complex_dtype, real_dtype, n_jobs))
            break
        spec_Y, Y_flat = apply_step(lw.scatter, spectra, lengths, False, complex_dtype, B,
                                    (lambda n: arena[:n]) if lean else
                                    work.buffer(("Y", m), complex_dtype))
        del spectra
        Ys = [ifft_inplace(Y, n_jobs) for Y in spec_Y]
        if lw.joint is not None:  # Z = M_block @ Y for every γ2 block
            Ys = [last_layer.joint_product(
                block.matrix(complex_dtype), Ys[block.out_group][:, block.local_rows], 0,
                block.n_rows, np.empty((B, block.n_rows, block.length), complex_dtype))
                for block in lw.joint]
            Y_flat = None
        if want_Y:
            Y_out.append(Ys)
        U_flat = work.get("U" if lean else ("U", m), (sum(Y.size for Y in Ys),), real_dtype)
        U_groups = nonlinearity(lw.nonlinearity, Ys, U_flat, Y_flat)
        pad_groups(U_groups, walk.layers[m + 1].groups)
        del Ys
    return S_out, (U_out if want_U else None), (Y_out if want_Y else None)
