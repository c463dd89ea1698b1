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

from .. import kernels
from .fft import RFFT_INTO, ifft_inplace, irfft, rfft, rfft_into
from .filtering import apply_step, pick, views
from .workspace import Workspace


def _nonlinearity(spec, Ys, U_flat, Y_flat=None):
    """``U = ρ(Y)`` (MATLAB ``opts{m}.nonlinearity``; ScatNet's ``modulus_layer``) for every
    group of a layer.

    The U groups are consecutive views of ``U_flat``. ``Y_flat``, if given, is the 1-D array of
    every Y group in order: the modulus then runs as one kernel call over all of them.
    """
    Us = views(U_flat, [Y.shape for Y in Ys])
    if (spec is None or spec.name == "modulus") and Y_flat is not None:
        pick(kernels.modulus, Y_flat.size)(Y_flat, U_flat[:Y_flat.size])
        return Us
    for Y, U in zip(Ys, Us):
        if spec is None or spec.name == "modulus":
            pick(kernels.modulus, Y.size)(Y.reshape(-1), U.reshape(-1))
        elif spec.name == "uniform_log":
            pick(kernels.uniform_log, Y.size)(Y.reshape(-1), U.reshape(-1),
                                              Y.shape[-1] / spec.denominator)
        else:
            U[...] = np.asarray(spec.handle(Y), dtype=U.dtype)
    return Us


def pad_groups(arrays, groups):
    """Write the padding of every group that has one (:attr:`Group.pad`) into its rows.

    Parameters
    ----------
    arrays : list of ndarray, shape (B, R, length)
        The U arrays of one layer, one per group, modified in place.
    groups : list of scatnet._core.plan.Group
        The groups of that layer, in the order of ``arrays``; a group whose ``pad`` is None or
        empty is left as it is.
    """
    for a, g in zip(arrays, groups):
        if g.pad is not None and len(g.pad):
            rows = a.reshape(-1, a.shape[-1])
            pick(kernels.pad_rows, rows.size)(rows, g.valid, g.pad)


def _layer_sizes(walk):
    """Per signal and layer: elements of the half spectra of ``U_m`` and of the spectra of ``Y_m``
    (twice that for a layer followed by joint banks, whose outputs are new arrays)."""
    def n(groups, half=False):
        return sum(len(g.rows) * (g.length // 2 + 1 if half else g.length) for g in groups)
    spectra = [n(lw.groups, half=True) for lw in walk.layers]
    Y = [n(lw.scatter.out_groups) * (2 if lw.joint else 1) if lw.scatter else 0
         for lw in walk.layers]
    blur = max(n(lw.blur.out_groups, half=True) for lw in walk.layers)
    return spectra, Y, blur


def signal_bytes(walk, real_dtype, lean=True):
    """Count the bytes of work arrays one signal of ``real_dtype`` needs in a block.

    The input row, the half spectra of a layer's U (``rfft`` output), the spectra of its Y
    (``ifft`` in place), the real U made from them and the blurred half spectra. With ``lean``
    (neither U nor Y returned) the Y of every layer share one buffer, with the spectra at its
    back when the real FFT can write there (:data:`~scatnet._core.fft.RFFT_INTO`, see
    :func:`run_block`), and U another; otherwise each layer has its own Y and U.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals; the complex work arrays have the matching complex dtype.
    lean : bool, default True
        Whether neither U nor Y is returned (the layers then share their work buffers).

    Returns
    -------
    int
        Bytes of work arrays per signal of a block.
    """
    real_dtype = np.dtype(real_dtype)
    itemsize = np.dtype(np.result_type(real_dtype, np.complex64)).itemsize
    spectra, Y, blur = _layer_sizes(walk)
    if lean and real_dtype in RFFT_INTO:
        peak = max(s + y for s, y in zip(spectra, Y)) + 0.5 * max(Y)
    elif lean:
        peak = 1.5 * max(Y) + max(spectra)
    else:
        peak = 1.5 * sum(Y) + max(spectra)
    return int((peak + blur) * itemsize + walk.size * itemsize // 2)


def block_size(walk, K, real_dtype, budget, lean=True):
    """Choose the number of signals per block whose work arrays fit in ``budget`` bytes.

    Parameters
    ----------
    walk : scatnet._core.plan.Plan
        The execution plan.
    K : int >= 1
        Number of rows (signals) to scatter.
    real_dtype : dtype-like, float32 or float64
        Precision of the signals.
    budget : int
        Memory budget of the work arrays of one block, in bytes.
    lean : bool, default True
        Whether neither U nor Y is returned (see :func:`signal_bytes`).

    Returns
    -------
    int
        Signals per block, at least 1 (even if one signal exceeds ``budget``) and at most ``K``.
    """
    return int(max(1, min(K, budget // max(signal_bytes(walk, real_dtype, lean), 1))))


def run_block(walk, xb, want_U, want_Y, complex_dtype, n_jobs, work=None):
    """Scatter one block of rows ``xb`` (B, size); returns the S, U and Y arrays of the block.

    The U and Y arrays returned live in ``work`` (a :class:`~scatnet._core.workspace.Workspace`):
    the next block overwrites them, so the caller copies them out first. When neither U nor Y
    is returned, every layer puts the spectra of ``U_m`` at the back (when the real FFT can
    write there, see :data:`~scatnet._core.fft.RFFT_INTO`) and ``Y_m`` at the front of one
    buffer, and ``U_{m+1}`` in another: a block needs about
    ``max_m (|spectra_m| + |Y_m|) + max_m |U_m|`` instead of the sum over layers.

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
    B = xb.shape[0]
    real_dtype = xb.dtype
    into = real_dtype in RFFT_INTO
    if lean:  # Y at the front of one buffer (and the spectra at its back, if `into`)
        spectra_n, Y_n, _ = _layer_sizes(walk)
        n = max(a + b for a, b in zip(spectra_n, Y_n)) if into else max(Y_n)
        arena = work.get("Y", (B * n,), complex_dtype)
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
        spec_Y, Y_flat = apply_step(lw.scatter, spectra, lengths, False, complex_dtype, B,
                                    (lambda n: arena[:n]) if lean else
                                    work.buffer(("Y", m), complex_dtype))
        del spectra
        Ys = [ifft_inplace(Y, n_jobs) for Y in spec_Y]
        if lw.joint is not None:
            Ys = [_joint_block(walk.joint_runner, block, Ys[block.out_group][:, block.local_rows],
                               complex_dtype, n_jobs) for block in lw.joint]
            Y_flat = None
        if want_Y:
            Y_out.append(Ys)
        U_flat = work.get("U" if lean else ("U", m), (sum(Y.size for Y in Ys),), real_dtype)
        U_groups = _nonlinearity(lw.nonlinearity, Ys, U_flat, Y_flat)
        pad_groups(U_groups, walk.layers[m + 1].groups)
        del Ys
    return S_out, (U_out if want_U else None), (Y_out if want_Y else None)


def _joint_block(runner, block, Y, complex_dtype, n_jobs):
    """Post-scatter filtering of one block (scattering.m's γ/j banks): ``(B, R_block, L2)``."""
    out = np.empty((Y.shape[0], block.n_rows, Y.shape[2]), dtype=complex_dtype)
    runner(block, Y, complex_dtype, n_jobs, out)
    return out
